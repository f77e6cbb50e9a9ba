package dev.enclave.testbed;

import dev.enclave.api.v1alpha1.DataStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real servers for the DataStores already applied to a host, as a platform team runs them: a
 * {@link PostgresServer} for each {@code postgresql} store and a {@link SecureEtcd} for each
 * {@code etcd} store, each DataStore's {@code spec.endpoints} pointed at its server on 127.0.0.1 and
 * its admin Secret ({@code spec.credentialsSecretRef}) written, so an operator provisions its
 * tenants there. For tests that apply the example platform to a testbed host.
 */
public final class SharedStoresOnLoopback implements AutoCloseable {
  private final List<AutoCloseable> servers = new ArrayList<>();

  private SharedStoresOnLoopback() {}

  /** Starts a server per DataStore on the host, under {@code dir}. */
  public static SharedStoresOnLoopback start(KubernetesClient admin, Components components, Path dir) {
    SharedStoresOnLoopback stores = new SharedStoresOnLoopback();
    try {
      for (DataStore store : admin.resources(DataStore.class).list().getItems()) {
        String name = store.getMetadata().getName();
        if ("postgresql".equals(store.getSpec().getDriver())) {
          PostgresServer server = PostgresServer.start(dir.resolve(name));
          stores.servers.add(server);
          pointAt(admin, store, server.hostPort(), server.adminSecretData());
        } else if ("etcd".equals(store.getSpec().getDriver())) {
          SecureEtcd server = SecureEtcd.start(components, dir.resolve(name));
          stores.servers.add(server);
          pointAt(admin, store, server.hostPort(), server.adminSecretData());
        }
      }
      return stores;
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  private static void pointAt(KubernetesClient admin, DataStore store, String endpoint, Map<String, String> secret) {
    var ref = store.getSpec().getCredentialsSecretRef();
    String namespace = ref.getNamespace() == null ? "enclave-system" : ref.getNamespace();
    admin.namespaces().resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
    admin.secrets().inNamespace(namespace).resource(
            new SecretBuilder().withNewMetadata().withName(ref.getName()).withNamespace(namespace).endMetadata()
                .withStringData(secret).build())
        .serverSideApply();
    store.getSpec().setEndpoints(List.of(endpoint));
    store.getMetadata().setManagedFields(null);
    admin.resources(DataStore.class).resource(store).update();
  }

  @Override
  public void close() {
    for (int i = servers.size() - 1; i >= 0; i--) {
      try {
        servers.get(i).close();
      } catch (Exception e) {
        // stopping anyway; each server stops its process by pid
      }
    }
  }
}
