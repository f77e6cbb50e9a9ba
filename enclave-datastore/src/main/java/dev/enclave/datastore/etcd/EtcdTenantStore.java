package dev.enclave.datastore.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.datastore.DataStoreException;
import dev.enclave.datastore.DataStoreException.Reason;
import dev.enclave.datastore.TenantCredentials;
import dev.enclave.datastore.TenantNames;
import dev.enclave.datastore.TenantStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant in a shared etcd: a user and a role of the same name ({@link TenantNames#etcdUser}),
 * the role allowed to read and write the key range {@code <etcd prefix>/} and nothing else, and a
 * client certificate with that user as CN from the CA the store trusts for clients, so the
 * tenant's API server logs in by certificate and has no password. A still-valid certificate
 * passed back in {@code existing} is kept. Deprovisioning deletes every key of the range, the user
 * and the role.
 */
public final class EtcdTenantStore implements TenantStore {
  private final String dataStore;
  private final EtcdClient etcd;
  private final EtcdTenantCertificates certificates;

  public EtcdTenantStore(
      String dataStore, EtcdClient etcd, CertificateAuthority clientCa, Clock clock, SecureRandom random) {
    this.dataStore = dataStore;
    this.etcd = etcd;
    this.certificates = new EtcdTenantCertificates(clientCa, clock, random);
  }

  @Override
  public TenantCredentials provision(TenantCluster tenant, TenantCredentials existing) {
    String user = TenantNames.etcdUser(tenant);
    byte[] prefix = TenantNames.etcdKeyPrefix(tenant).getBytes(StandardCharsets.UTF_8);
    if (!exists("role " + user, "auth/role/get", Map.of("role", user))) {
      call("create role " + user, "auth/role/add", Map.of("name", user));
    }
    String key = EtcdClient.base64(prefix);
    String rangeEnd = EtcdClient.base64(EtcdClient.prefixEnd(prefix));
    call("grant role " + user + " read-write on " + TenantNames.etcdKeyPrefix(tenant), "auth/role/grant",
        Map.of("name", user, "perm", Map.of("permType", "READWRITE", "key", key, "range_end", rangeEnd)));
    revokeOthers(user, key, rangeEnd);
    if (!exists("user " + user, "auth/user/get", Map.of("name", user))) {
      call("create user " + user, "auth/user/add", Map.of("name", user, "options", Map.of("no_password", true)));
    }
    call("grant role " + user + " to user " + user, "auth/user/grant", Map.of("user", user, "role", user));
    // One Secret, <tenant>-datastore, as for PostgreSQL: the store's CA and the tenant's client
    // certificate. The tenant's own etcd CA Secrets stay its PKI's, unused with a shared store.
    String secret = HostNames.dataStoreCredentialsSecret(tenant);
    Map<String, String> data =
        new LinkedHashMap<>(certificates.keepOrIssue(user, existing.secrets().getOrDefault(secret, Map.of())));
    data.put("ca.crt", etcd.connection().caPem());
    return new TenantCredentials(Map.of(secret, data));
  }

  @Override
  public void deprovision(TenantCluster tenant) {
    String user = TenantNames.etcdUser(tenant);
    byte[] prefix = TenantNames.etcdKeyPrefix(tenant).getBytes(StandardCharsets.UTF_8);
    call("delete the keys under " + TenantNames.etcdKeyPrefix(tenant), "kv/deleterange",
        Map.of("key", EtcdClient.base64(prefix), "range_end", EtcdClient.base64(EtcdClient.prefixEnd(prefix))));
    if (exists("user " + user, "auth/user/get", Map.of("name", user))) {
      call("delete user " + user, "auth/user/delete", Map.of("name", user));
    }
    if (exists("role " + user, "auth/role/get", Map.of("role", user))) {
      call("delete role " + user, "auth/role/delete", Map.of("role", user));
    }
  }

  /** The role may reach its own range only: any other permission (added by hand) is revoked. */
  private void revokeOthers(String role, String key, String rangeEnd) {
    JsonNode perms = call("read role " + role, "auth/role/get", Map.of("role", role)).path("perm");
    for (JsonNode perm : perms) {
      String otherKey = perm.path("key").asText("");
      String otherEnd = perm.path("range_end").asText("");
      if (!(otherKey.equals(key) && otherEnd.equals(rangeEnd))) {
        call("revoke a permission of role " + role + " outside its prefix", "auth/role/revoke",
            Map.of("role", role, "key", otherKey, "range_end", otherEnd));
      }
    }
  }

  /** Whether a user or role exists: etcd answers "not found" (gRPC code 9, FailedPrecondition). */
  private boolean exists(String what, String method, Object body) {
    try {
      etcd.call(method, body);
      return true;
    } catch (EtcdException e) {
      if (e.getMessage().contains("not found")) {
        return false;
      }
      throw failure("look up " + what, e);
    }
  }

  private JsonNode call(String what, String method, Object body) {
    try {
      return etcd.call(method, body);
    } catch (EtcdException e) {
      throw failure(what, e);
    }
  }

  private DataStoreException failure(String what, EtcdException e) {
    Reason reason =
        e.code() == -1 ? Reason.StoreUnreachable
            : e.code() == 16 || e.permissionDenied() ? Reason.CredentialsMissing
            : Reason.ProvisioningFailed;
    return new DataStoreException(reason, "DataStore " + dataStore + ": cannot " + what + ": " + e.getMessage());
  }
}
