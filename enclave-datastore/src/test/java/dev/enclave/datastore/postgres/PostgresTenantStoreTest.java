package dev.enclave.datastore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresTenantStoreTest {

  @Test
  void identifiersAreQuotedWithInnerQuotesDoubled() {
    assertThat(PostgresTenantStore.quote("enclave-a")).isEqualTo("\"enclave-a\"");
    assertThat(PostgresTenantStore.quote("x\"; DROP ROLE y; --")).isEqualTo("\"x\"\"; DROP ROLE y; --\"");
  }

  @Test
  void literalsEscapeQuotesAndBackslashes() {
    assertThat(PostgresTenantStore.literal("it's\\")).isEqualTo("E'it''s\\\\'");
  }
}
