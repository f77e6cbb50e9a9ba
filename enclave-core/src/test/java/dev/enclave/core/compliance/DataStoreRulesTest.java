package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DataStoreRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void an_etcd_store_with_several_endpoints_is_accepted() {
    platform.euPostgres.getSpec().setDriver("etcd");
    platform.euPostgres.getSpec().setEndpoints(List.of("10.0.0.1:2379", "[fd00::1]:2379"));

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void an_unknown_driver_is_refused() {
    platform.euPostgres.getSpec().setDriver("mysql");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "DataStore/eu-postgres-1: spec.driver: driver \"mysql\" is not known; allowed:"
                + " postgresql, etcd");
  }

  @Test
  void a_store_without_endpoints_is_refused() {
    platform.euPostgres.getSpec().setEndpoints(List.of());

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "DataStore/eu-postgres-1: spec.endpoints: spec.endpoints is required: list at least"
                + " one host:port, e.g. \"postgres.eu.example.com:5432\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"postgres.eu", "postgres.eu:0", "postgres.eu:65536", ":5432", "pg:54a", "a b:1"})
  void an_endpoint_that_is_not_host_and_port_is_refused(String endpoint) {
    platform.euPostgres.getSpec().setEndpoints(List.of("postgres.eu:5432", endpoint));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "DataStore/eu-postgres-1: spec.endpoints[1]: endpoint \""
                + endpoint
                + "\" is not host:port with a port from 1 to 65535, e.g."
                + " \"postgres.eu.example.com:5432\"");
  }
}
