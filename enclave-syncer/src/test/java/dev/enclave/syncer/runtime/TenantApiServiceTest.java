package dev.enclave.syncer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantApiServiceTest {
  @ParameterizedTest(name = "API host {0}: pods are given {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        // the syncer keeps default/kubernetes at the host Service's IP: the tenant DNS name
        "null, kubernetes.default.svc",
        "'', kubernetes.default.svc",
        "bank.tc-tenants-eu-bank.svc, kubernetes.default.svc",
        "bank.tc-tenants-eu-bank.svc.cluster.local, kubernetes.default.svc",
        // configured explicitly, passed as it is
        "10.96.0.10, 10.96.0.10",
        "fd00::10, fd00::10",
        "api.bank.example.com, api.bank.example.com"
      })
  void podsAreGivenANameTheTenantDnsResolvesOrTheAddressConfigured(String host, String expected) {
    assertThat(TenantApiService.podAddress(host)).isEqualTo(expected);
  }
}
