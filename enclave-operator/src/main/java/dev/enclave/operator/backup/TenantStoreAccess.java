package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.SecretReference;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneVolume;
import dev.enclave.core.controlplane.EtcdFlags;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.controlplane.KineFlags;
import dev.enclave.datastore.TenantStores;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.datastore.backup.BackupSource;
import dev.enclave.datastore.backup.EtcdPrefixRestore;
import dev.enclave.datastore.backup.EtcdPrefixSource;
import dev.enclave.datastore.backup.EtcdSnapshotSource;
import dev.enclave.datastore.backup.PostgresRestore;
import dev.enclave.datastore.backup.PostgresSource;
import dev.enclave.datastore.backup.PostgresTables;
import dev.enclave.datastore.backup.RestoreSink;
import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdConnection;
import dev.enclave.datastore.etcd.EtcdKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * How a tenant's state is read and written back: a shared etcd DataStore through the tenant's
 * prefix ({@link HostNames#etcdPrefix}) as the DataStore's admin (etcd's JSON gateway ignores client
 * certificate names, so the tenant's own certificate carries no identity there; only the tenant's
 * prefix is read or written); an embedded etcd of three or more members through their Service
 * names as a snapshot, with the tenant's etcd client certificate; a shared PostgreSQL DataStore
 * through the tenant's own database (kine's table), with the tenant's own login from its
 * {@code <tenant>-datastore} Secret over TLS verified against the store's CA.
 */
public final class TenantStoreAccess {
  private final KubernetesClient client;
  private final String operatorNamespace;

  public TenantStoreAccess(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
  }

  /** What a backup of {@code tenant} reads. */
  public BackupSource source(TenantCluster tenant) {
    Optional<PostgresTables> database = postgres(tenant);
    if (database.isPresent()) {
      return new PostgresSource(database.get());
    }
    Store store = store(tenant);
    return store.prefix == null
        ? new EtcdSnapshotSource(EtcdClient.connect(store.connection))
        : new EtcdPrefixSource(new EtcdKeys(EtcdClient.connect(store.connection)), store.prefix);
  }

  /** Where a restore of {@code tenant} writes; a prefix that holds keys is refused unless {@code replace}. */
  public RestoreSink sink(TenantCluster tenant, boolean replace) {
    Optional<PostgresTables> database = postgres(tenant);
    if (database.isPresent()) {
      if (replace) {
        throw new BackupRefusedException(
            describe(tenant) + ": --replace: a PostgreSQL restore writes only into an empty kine table;"
                + " allowed: restore without --replace into a fresh tenant database");
      }
      return new PostgresRestore(database.get());
    }
    Store store = store(tenant);
    if (store.prefix == null) {
      throw new BackupRefusedException(
          describe(tenant) + ": spec.dataStore.embedded: restoring an embedded etcd needs etcdutl snapshot restore,"
              + " which the component cache does not build yet; allowed: restore into a shared etcd DataStore");
    }
    return new EtcdPrefixRestore(new EtcdKeys(EtcdClient.connect(store.connection)), store.prefix, replace);
  }

  private record Store(EtcdConnection connection, String prefix) {}

  /**
   * The tenant's database in its shared PostgreSQL DataStore, or empty for an etcd store. The
   * store's CA (public) is written to a file of the tenant's, as the JDBC driver reads it from one.
   */
  private Optional<PostgresTables> postgres(TenantCluster tenant) {
    DataStoreBinding binding = tenant.getSpec().getDataStore();
    if (binding == null || binding.getRef() == null) {
      return Optional.empty();
    }
    DataStore dataStore = client.resources(DataStore.class).withName(binding.getRef()).get();
    if (dataStore == null || dataStore.getSpec() == null || !"postgresql".equals(dataStore.getSpec().getDriver())) {
      return Optional.empty();
    }
    String ns = HostNames.hostNamespace(tenant);
    String secret = HostNames.dataStoreCredentialsSecret(tenant);
    String who = describe(tenant) + ": its DataStore credentials";
    String user = SecretValues.read(client, ns, secret, KineFlags.USERNAME_KEY, who);
    String password = SecretValues.read(client, ns, secret, KineFlags.PASSWORD_KEY, who);
    String database = SecretValues.read(client, ns, secret, KineFlags.DATABASE_KEY, who);
    String ca = SecretValues.read(client, ns, secret, ControlPlaneVolume.CA_CERT, who);
    Path caFile = Path.of(System.getProperty("java.io.tmpdir"), "enclave-datastore-ca", tenant.getMetadata().getUid() + ".crt");
    try {
      Files.createDirectories(caFile.getParent());
      Files.writeString(caFile, ca, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BackupRefusedException(who + ": cannot write the store's CA to " + caFile + ": " + e.getMessage());
    }
    String url = "jdbc:postgresql://" + String.join(",", dataStore.getSpec().getEndpoints()) + "/" + database
        + "?sslmode=verify-full&sslrootcert=" + caFile;
    return Optional.of(PostgresTables.kine(url, user, password));
  }

  private Store store(TenantCluster tenant) {
    DataStoreBinding binding = tenant.getSpec().getDataStore();
    if (binding == null || (binding.getEmbedded() == null) == (binding.getRef() == null)) {
      throw new BackupRefusedException(describe(tenant) + ": spec.dataStore: set exactly one of embedded or ref");
    }
    if (binding.getEmbedded() != null) {
      return new Store(connection(tenant, embeddedEndpoints(tenant)), null);
    }
    DataStore dataStore = client.resources(DataStore.class).withName(binding.getRef()).get();
    if (dataStore == null || dataStore.getSpec() == null) {
      throw new BackupRefusedException(
          describe(tenant) + ": spec.dataStore.ref: DataStore " + binding.getRef() + " does not exist");
    }
    String driver = dataStore.getSpec().getDriver();
    if (!"etcd".equals(driver)) {
      throw new BackupRefusedException(
          describe(tenant) + ": spec.dataStore.ref: DataStore " + binding.getRef() + " has driver " + driver
              + "; allowed: etcd or postgresql");
    }
    return new Store(admin(dataStore), HostNames.etcdPrefix(tenant));
  }

  private static List<String> embeddedEndpoints(TenantCluster tenant) {
    Integer replicas = tenant.getSpec().getControlPlane() == null ? null : tenant.getSpec().getControlPlane().getReplicas();
    int members = replicas == null ? 1 : replicas;
    if (!EtcdFlags.servesPodAddress(members)) {
      throw new BackupRefusedException(
          describe(tenant) + ": spec.controlPlane.replicas is " + members + ": a single embedded etcd listens on its"
              + " pod's loopback only, so it cannot be backed up from outside the pod; allowed: 2 or more replicas,"
              + " or a shared etcd DataStore");
    }
    String domain = HostNames.headlessService(tenant) + "." + HostNames.hostNamespace(tenant) + ".svc";
    return IntStream.range(0, members)
        .mapToObj(i -> HostNames.controlPlane(tenant) + "-" + i + "." + domain + ":" + EtcdFlags.CLIENT_PORT)
        .toList();
  }

  private EtcdConnection connection(TenantCluster tenant, List<String> endpoints) {
    String hostNamespace = HostNames.hostNamespace(tenant);
    String who = describe(tenant) + ": etcd client certificate";
    String ca = SecretValues.read(client, hostNamespace, HostNames.etcdCaSecret(tenant), ControlPlaneVolume.CA_CERT, who);
    String cert = SecretValues.read(client, hostNamespace, HostNames.etcdCertSecret(tenant), ControlPlaneVolume.TLS_CERT, who);
    String key = SecretValues.read(client, hostNamespace, HostNames.etcdCertSecret(tenant), ControlPlaneVolume.TLS_KEY, who);
    return EtcdConnection.withCertificate(endpoints, ca, cert, key);
  }

  private EtcdConnection admin(DataStore dataStore) {
    SecretReference ref = dataStore.getSpec().getCredentialsSecretRef();
    String who = "DataStore " + dataStore.getMetadata().getName() + ": spec.credentialsSecretRef";
    if (ref == null || ref.getName() == null) {
      throw new BackupRefusedException(who + " is not set; the backup reads the tenant's prefix as the store's admin");
    }
    String ns = ref.getNamespace() == null ? operatorNamespace : ref.getNamespace();
    return new EtcdConnection(
        dataStore.getSpec().getEndpoints(),
        SecretValues.read(client, ns, ref.getName(), TenantStores.CA, who),
        SecretValues.read(client, ns, ref.getName(), TenantStores.TLS_CERT, who),
        SecretValues.read(client, ns, ref.getName(), TenantStores.TLS_KEY, who),
        SecretValues.read(client, ns, ref.getName(), TenantStores.USERNAME, who),
        SecretValues.read(client, ns, ref.getName(), TenantStores.PASSWORD, who));
  }

  static String describe(TenantCluster tenant) {
    return "TenantCluster " + tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
  }
}
