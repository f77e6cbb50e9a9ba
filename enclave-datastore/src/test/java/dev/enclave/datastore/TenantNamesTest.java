package dev.enclave.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantNamesTest {

  @Test
  void postgresNamesAreReadableDeterministicAndUnderSixtyFourBytes() {
    String name = TenantNames.postgres(Tenants.tenant("tenants-eu", "acme"));
    assertThat(name).startsWith("enclave-tenants-eu-acme-").matches("[a-z0-9.-]+-[0-9a-f]{10}");
    assertThat(TenantNames.postgres(Tenants.tenant("tenants-eu", "acme"))).isEqualTo(name);
  }

  @Test
  void namesThatReadAlikeInDifferentNamespacesDoNotCollide() {
    assertThat(TenantNames.postgres(Tenants.tenant("a-b", "c")))
        .isNotEqualTo(TenantNames.postgres(Tenants.tenant("a", "b-c")));
  }

  @Test
  void longNamesAreCutToPostgresLimitAndStayDistinct() {
    String ns = "n".repeat(63);
    String one = TenantNames.postgres(Tenants.tenant(ns, "x".repeat(60) + "1"));
    String two = TenantNames.postgres(Tenants.tenant(ns, "x".repeat(60) + "2"));
    assertThat(one).hasSize(TenantNames.POSTGRES_MAX);
    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void theEtcdRangeEndsInASlashSoASiblingWithALongerNameIsOutside() {
    assertThat(TenantNames.etcdKeyPrefix(Tenants.tenant("tenants-uk", "acme"))).isEqualTo("/enclave/tenants-uk/acme/");
    assertThat(TenantNames.etcdUser(Tenants.tenant("tenants-uk", "acme"))).isEqualTo("enclave:tenants-uk:acme");
  }
}
