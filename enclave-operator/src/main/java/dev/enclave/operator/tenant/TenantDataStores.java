package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Platform;
import dev.enclave.datastore.DataStoreException;
import dev.enclave.datastore.TenantCredentials;
import dev.enclave.datastore.TenantStore;
import dev.enclave.datastore.TenantStores;
import dev.enclave.operator.host.HostObjects;
import dev.enclave.operator.host.Outcome;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's share of the shared DataStore it names: provisioned (its own database and login
 * role, or its own etcd user, role on its key prefix and client certificate) before its control
 * plane starts, with the credentials in the tenant's {@code <tenant>-datastore} Secret, and removed
 * with the tenant. A steady reconcile reads only the cached Secret: the store is reached when that
 * Secret is missing or was provisioned in another store.
 */
final class TenantDataStores {
  static final String STORE_ANNOTATION = "enclave.dev/datastore";
  static final String PROVISIONED = "Provisioned";
  private static final Logger LOG = LoggerFactory.getLogger(TenantDataStores.class);

  /** What the tenant's {@code DataStoreReady} condition says about its shared store. */
  record State(boolean ready, String reason, String message) {}

  private final KubernetesClient client;
  private final String operatorNamespace;
  private final Clock clock;
  private final SecureRandom random;

  TenantDataStores(KubernetesClient client, String operatorNamespace, Clock clock, SecureRandom random) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
    this.clock = clock;
    this.random = random;
  }

  /** Provisions the tenant in its shared store if needed; empty for a tenant with embedded etcd. */
  Optional<State> ensure(TenantCluster tenant, Platform around, HostObjects host, List<Outcome> outcomes) {
    String ref = tenant.getSpec().getDataStore() == null ? null : tenant.getSpec().getDataStore().getRef();
    if (ref == null) {
      return Optional.empty();
    }
    Optional<DataStore> store = around.dataStore(ref);
    if (store.isEmpty()) {
      return Optional.of(new State(false, DataStoreException.Reason.ProvisioningFailed.name(),
          "spec.dataStore.ref: DataStore " + ref + " does not exist"));
    }
    String namespace = HostNames.hostNamespace(tenant);
    String secretName = HostNames.dataStoreCredentialsSecret(tenant);
    Optional<Secret> existing = host.cached(Secret.class, namespace, secretName);
    String where = describe(store.get());
    if (existing.isPresent() && ref.equals(annotation(existing.get()))) {
      return Optional.of(new State(true, PROVISIONED, "the tenant's own share of " + where));
    }
    try {
      TenantStore share = open(store.get());
      TenantCredentials previous =
          existing.map(s -> new TenantCredentials(Map.of(secretName, TenantSecrets.decode(s)))).orElse(TenantCredentials.none());
      TenantCredentials credentials = share.provision(tenant, previous);
      ResourceID owner = ResourceID.fromResource(tenant);
      credentials.secrets().forEach((name, data) -> {
        Secret desired = secret(tenant, namespace, name, ref, data);
        Optional<Secret> actual = host.cached(Secret.class, namespace, name);
        outcomes.add(actual.isPresent() ? host.replace(owner, desired, actual.get()) : host.createIfAbsent(owner, desired));
      });
      LOG.info("{}/{}: provisioned in {}", tenant.getMetadata().getNamespace(), tenant.getMetadata().getName(), where);
      return Optional.of(new State(true, PROVISIONED, "the tenant's own share of " + where));
    } catch (DataStoreException e) {
      return Optional.of(new State(false, e.reason().name(), e.getMessage()));
    }
  }

  /**
   * Removes the tenant's database and role, or user, role and keys, from its store. A store that
   * no longer exists, or no longer holds the tenant, is nothing to remove.
   */
  void remove(TenantCluster tenant) {
    String ref = tenant.getSpec().getDataStore() == null ? null : tenant.getSpec().getDataStore().getRef();
    if (ref == null) {
      return;
    }
    DataStore store = client.resources(DataStore.class).withName(ref).get();
    if (store == null) {
      LOG.warn("{}/{}: DataStore {} is gone; nothing of the tenant to remove from it",
          tenant.getMetadata().getNamespace(), tenant.getMetadata().getName(), ref);
      return;
    }
    open(store).deprovision(tenant);
    LOG.info("{}/{}: removed from {}", tenant.getMetadata().getNamespace(), tenant.getMetadata().getName(), describe(store));
  }

  private TenantStore open(DataStore store) {
    String name = store.getMetadata().getName();
    var ref = store.getSpec().getCredentialsSecretRef();
    if (ref == null || ref.getName() == null) {
      throw new DataStoreException(DataStoreException.Reason.CredentialsMissing,
          "DataStore " + name + ": spec.credentialsSecretRef is missing; the operator needs the store's admin credentials");
    }
    String namespace = ref.getNamespace() == null ? operatorNamespace : ref.getNamespace();
    Secret admin;
    try {
      admin = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    } catch (KubernetesClientException e) {
      throw new DataStoreException(DataStoreException.Reason.CredentialsMissing,
          "DataStore " + name + ": cannot read its admin Secret " + namespace + "/" + ref.getName() + ": HTTP " + e.getCode());
    }
    if (admin == null) {
      throw new DataStoreException(DataStoreException.Reason.CredentialsMissing,
          "DataStore " + name + ": its admin Secret " + namespace + "/" + ref.getName()
              + " (spec.credentialsSecretRef) does not exist");
    }
    return TenantStores.of(store, TenantSecrets.decode(admin), clock, random);
  }

  private static String describe(DataStore store) {
    return "DataStore " + store.getMetadata().getName() + " (" + store.getSpec().getDriver() + " at "
        + String.join(", ", store.getSpec().getEndpoints()) + ")";
  }

  private static String annotation(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(STORE_ANNOTATION);
  }

  private static Secret secret(TenantCluster tenant, String namespace, String name, String store, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(OwnerLabels.of(tenant))
        .withAnnotations(Map.of(STORE_ANNOTATION, store))
        .endMetadata()
        .withType("Opaque")
        .withData(encoded)
        .build();
  }
}
