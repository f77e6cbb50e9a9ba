package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.cli.playground.kubelet.LoopbackAddresses;
import dev.enclave.cli.playground.kubelet.NameTable;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.PostgresServer;
import dev.enclave.testbed.SecureEtcd;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A jurisdiction's shared DataStores, run on the machine as its platform team runs them outside the
 * host cluster: Debian's PostgreSQL for a {@code postgresql} store, an etcd with TLS, client
 * certificates and authentication for an {@code etcd} store. Each listens on a loopback address of
 * its own at the declared port, and the declared host names resolve to it (the playground's DNS).
 * The admin Secret the DataStore names is created on the host, as the platform team would, so the
 * operator provisions each tenant in its store. One process serves all of a store's endpoints.
 */
final class SharedStores implements AutoCloseable {
  /** One store that runs: what it is, where, and under which names. */
  record Running(String name, String driver, String address, int port, List<String> names) {
    String describe() {
      return "DataStore " + name + " (" + driver + ") at " + address + ":" + port + " as " + String.join(", ", names);
    }
  }

  private final List<AutoCloseable> servers = new ArrayList<>();
  private final List<Running> running = new ArrayList<>();
  /** Each running store and the admin Secret data the platform team gave its hosts. */
  private final Map<DataStore, Map<String, String>> adminSecrets = new LinkedHashMap<>();

  private SharedStores() {}

  static SharedStores start(
      Platform platform, String jurisdiction, Components components, LoopbackAddresses addresses,
      NameTable names, KubernetesClient admin, Path dir, PrintWriter progress) {
    SharedStores stores = new SharedStores();
    try {
      for (Declared<DataStore> declared : platform.dataStores()) {
        DataStore store = declared.object();
        if (store.getSpec() == null || !jurisdiction.equals(store.getSpec().getJurisdiction())) {
          continue;
        }
        stores.startOne(store, components, addresses, names, admin, dir.resolve(store.getMetadata().getName()));
        progress.println("  " + stores.running.get(stores.running.size() - 1).describe());
        progress.flush();
      }
      return stores;
    } catch (RuntimeException e) {
      stores.close();
      throw e;
    }
  }

  List<Running> running() {
    return List.copyOf(running);
  }

  private void startOne(
      DataStore store, Components components, LoopbackAddresses addresses, NameTable names,
      KubernetesClient admin, Path dir) {
    String name = store.getMetadata().getName();
    Set<String> hosts = new LinkedHashSet<>();
    Set<Integer> ports = new LinkedHashSet<>();
    for (String endpoint : store.getSpec().getEndpoints()) {
      int colon = endpoint.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "DataStore " + name + ": spec.endpoints: '" + endpoint + "' is not host:port");
      }
      hosts.add(endpoint.substring(0, colon));
      ports.add(Integer.parseInt(endpoint.substring(colon + 1)));
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("DataStore " + name + ": spec.endpoints is empty");
    }
    if (ports.size() != 1) {
      throw new IllegalArgumentException(
          "DataStore " + name + ": spec.endpoints: ports " + ports + " differ; the playground runs"
              + " one local member per store, on one port");
    }
    int port = ports.iterator().next();
    String address = addresses.next(LoopbackAddresses.Range.EXTERNAL);
    List<String> hostNames = List.copyOf(hosts);
    Map<String, String> secret = new LinkedHashMap<>();
    String driver = store.getSpec().getDriver();
    if ("postgresql".equals(driver)) {
      PostgresServer server = PostgresServer.start(dir, address, port, hostNames);
      servers.add(server);
      secret.putAll(server.adminSecretData());
    } else if ("etcd".equals(driver)) {
      SecureEtcd server = SecureEtcd.start(components, dir, address, port, hostNames);
      servers.add(server);
      secret.putAll(server.adminSecretData());
    } else {
      throw new IllegalArgumentException(
          "DataStore " + name + ": spec.driver: '" + driver + "' is not one of postgresql, etcd");
    }
    hostNames.forEach(h -> names.put(h, address));
    writeAdminSecret(store, secret, admin);
    adminSecrets.put(store, Map.copyOf(secret));
    running.add(new Running(name, driver, address, port, hostNames));
  }

  /** The stores' admin Secrets on one more host of the jurisdiction, which reaches the same stores. */
  void writeAdminSecrets(KubernetesClient admin) {
    adminSecrets.forEach((store, data) -> writeAdminSecret(store, data, admin));
  }

  private static void writeAdminSecret(DataStore store, Map<String, String> data, KubernetesClient admin) {
    var ref = store.getSpec().getCredentialsSecretRef();
    if (ref == null || ref.getName() == null) {
      throw new IllegalArgumentException(
          "DataStore " + store.getMetadata().getName() + ": spec.credentialsSecretRef is missing;"
              + " the operator reads the store's admin credentials from it");
    }
    String namespace = ref.getNamespace() == null ? PlaygroundSession.OPERATOR_NAMESPACE : ref.getNamespace();
    if (admin.namespaces().withName(namespace).get() == null) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
    admin.secrets().inNamespace(namespace).resource(
            new SecretBuilder()
                .withNewMetadata().withName(ref.getName()).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "enclave-playground")
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build())
        .serverSideApply();
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
