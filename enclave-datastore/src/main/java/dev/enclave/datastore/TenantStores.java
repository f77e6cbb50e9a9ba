package dev.enclave.datastore;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.datastore.DataStoreException.Reason;
import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdConnection;
import dev.enclave.datastore.etcd.EtcdException;
import dev.enclave.datastore.etcd.EtcdTenantStore;
import dev.enclave.datastore.postgres.PostgresAdmin;
import dev.enclave.datastore.postgres.PostgresTenantStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The {@link TenantStore} of a DataStore, from its spec and the data of its admin Secret ({@code
 * spec.credentialsSecretRef}); the keys each driver needs are in docs/datastores.md. A missing key
 * is named; its value never is.
 */
public final class TenantStores {
  /** PostgreSQL admin Secret keys. */
  public static final String USERNAME = "username";

  public static final String PASSWORD = "password";
  public static final String CA = "ca.crt";

  /**
   * etcd admin Secret keys, besides {@link #CA}, {@link #USERNAME} and {@link #PASSWORD}: etcd's
   * JSON gateway ignores a client certificate's CN, so the admin logs in with a password too.
   */
  public static final String TLS_CERT = "tls.crt";

  public static final String TLS_KEY = "tls.key";
  public static final String CLIENT_CA_CERT = "client-ca.crt";
  public static final String CLIENT_CA_KEY = "client-ca.key";

  private TenantStores() {}

  public static TenantStore of(DataStore store, Map<String, String> adminSecret, Clock clock, SecureRandom random) {
    String name = store.getMetadata().getName();
    String driver = store.getSpec().getDriver();
    List<String> endpoints = store.getSpec().getEndpoints() == null ? List.of() : store.getSpec().getEndpoints();
    if (endpoints.isEmpty()) {
      throw new DataStoreException(Reason.ProvisioningFailed, "DataStore " + name + ": spec.endpoints is empty");
    }
    if ("postgresql".equals(driver)) {
      require(name, adminSecret, USERNAME, PASSWORD, CA);
      return new PostgresTenantStore(
          new PostgresAdmin(name, endpoints, adminSecret.get(USERNAME), adminSecret.get(PASSWORD), adminSecret.get(CA)),
          random);
    }
    if ("etcd".equals(driver)) {
      require(name, adminSecret, CA, TLS_CERT, TLS_KEY, USERNAME, PASSWORD, CLIENT_CA_CERT, CLIENT_CA_KEY);
      CertificateAuthority clientCa;
      try {
        clientCa = CertificateAuthority.fromPem(adminSecret.get(CLIENT_CA_CERT), adminSecret.get(CLIENT_CA_KEY));
      } catch (RuntimeException e) {
        throw new DataStoreException(Reason.CredentialsMissing, "DataStore " + name + ": the admin Secret's "
            + CLIENT_CA_CERT + " and " + CLIENT_CA_KEY + " are not a CA certificate and its key");
      }
      EtcdConnection connection = new EtcdConnection(endpoints, adminSecret.get(CA), adminSecret.get(TLS_CERT),
          adminSecret.get(TLS_KEY), adminSecret.get(USERNAME), adminSecret.get(PASSWORD));
      EtcdClient client;
      try {
        client = EtcdClient.connect(connection);
      } catch (EtcdException e) {
        String hint = e.getMessage().contains("CommonName")
            ? " (the admin Secret's " + TLS_CERT + " must have no common name: see docs/datastores.md)"
            : "";
        throw new DataStoreException(e.code() == -1 ? Reason.StoreUnreachable : Reason.CredentialsMissing,
            "DataStore " + name + ": cannot log in: " + e.getMessage() + hint);
      } catch (IllegalArgumentException e) {
        throw new DataStoreException(Reason.CredentialsMissing, "DataStore " + name + ": " + e.getMessage());
      }
      return new EtcdTenantStore(name, client, clientCa, clock, random);
    }
    throw new DataStoreException(Reason.ProvisioningFailed,
        "DataStore " + name + ": spec.driver: '" + driver + "' is not one of postgresql, etcd");
  }

  private static void require(String store, Map<String, String> secret, String... keys) {
    List<String> missing = java.util.Arrays.stream(keys)
        .filter(k -> secret.get(k) == null || secret.get(k).isBlank()).toList();
    if (!missing.isEmpty()) {
      throw new DataStoreException(Reason.CredentialsMissing,
          "DataStore " + store + ": its admin Secret (spec.credentialsSecretRef) lacks " + String.join(", ", missing));
    }
  }
}
