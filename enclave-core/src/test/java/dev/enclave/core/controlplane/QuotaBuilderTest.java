package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import org.junit.jupiter.api.Test;

class QuotaBuilderTest {

  @Test
  void theQuotaIsRenderedAsWrittenWithKeysSorted() {
    ResourceQuota quota =
        QuotaBuilder.resourceQuota(Fixtures.model(Fixtures.embedded())).orElseThrow();

    assertThat(quota.getMetadata().getName()).isEqualTo("acme-quota");
    assertThat(quota.getMetadata().getNamespace()).isEqualTo("tc-tenants-eu-acme");
    assertThat(quota.getSpec().getHard())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("pods", new Quantity("200")),
            org.assertj.core.api.Assertions.entry("requests.cpu", new Quantity("64")),
            org.assertj.core.api.Assertions.entry("requests.nvidia.com/gpu", new Quantity("8")));
  }

  @Test
  void noQuotaIsRenderedWhenNoneIsDeclared() {
    assertThat(QuotaBuilder.resourceQuota(Fixtures.model(Fixtures.minimal()))).isEmpty();
    assertThat(QuotaBuilder.resourceQuota(Fixtures.model(Fixtures.externalEtcd()))).isEmpty();
  }

  @Test
  void containersWithoutRequestsOrLimitsGetTheDefaults() {
    LimitRange limits = QuotaBuilder.limitRange(Fixtures.model(Fixtures.minimal()));

    assertThat(limits.getSpec().getLimits())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getType()).isEqualTo("Container");
              assertThat(l.getDefaultRequest()).containsOnlyKeys("cpu", "memory");
              assertThat(l.getDefault()).containsOnlyKeys("cpu", "memory");
            });
  }
}
