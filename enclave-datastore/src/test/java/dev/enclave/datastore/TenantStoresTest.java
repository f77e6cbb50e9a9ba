package dev.enclave.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantStoresTest {

  @Test
  void aMissingAdminSecretKeyIsNamedAndNoValueIsShown() {
    assertThatThrownBy(() -> TenantStores.of(Tenants.dataStore("eu-postgres-1", "postgresql", List.of("127.0.0.1:5432")),
            Map.of("username", "admin", "password", "s3cr3t-value"), Clock.systemUTC(), new SecureRandom()))
        .isInstanceOfSatisfying(DataStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(DataStoreException.Reason.CredentialsMissing))
        .hasMessageContaining("DataStore eu-postgres-1")
        .hasMessageContaining("ca.crt")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void anEtcdStoreNeedsTheClientCaAndAPasswordForTheGateway() {
    assertThatThrownBy(() -> TenantStores.of(Tenants.dataStore("uk-etcd-1", "etcd", List.of("127.0.0.1:2379")),
            Map.of("ca.crt", "x", "tls.crt", "y", "tls.key", "z"), Clock.systemUTC(), new SecureRandom()))
        .hasMessageContaining("lacks username, password, client-ca.crt, client-ca.key");
  }

  @Test
  void anUnknownDriverIsRefusedWithTheAllowedOnes() {
    assertThatThrownBy(() -> TenantStores.of(Tenants.dataStore("x", "mysql", List.of("127.0.0.1:3306")), Map.of(),
            Clock.systemUTC(), new SecureRandom()))
        .hasMessageContaining("spec.driver: 'mysql' is not one of postgresql, etcd");
  }

  @Test
  void credentialsShowSecretNamesAndKeysButNoValue() {
    TenantCredentials c = new TenantCredentials(Map.of("acme-datastore", Map.of("password", "hunter2")));
    assertThat(c.toString()).contains("acme-datastore").contains("password").doesNotContain("hunter2");
  }
}
