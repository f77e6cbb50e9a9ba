package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QuotaRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void common_resource_names_and_quantities_are_accepted() {
    platform
        .acme
        .getSpec()
        .setQuota(
            new LinkedHashMap<>(
                Map.of(
                    "pods", "200",
                    "requests.cpu", "500m",
                    "limits.memory", "64Gi",
                    "requests.storage", "1Ti",
                    "count/deployments.apps", "50",
                    "persistentvolumeclaims", "20",
                    "services.loadbalancers", "0",
                    "requests.nvidia.com/gpu", "8")));

    assertThat(platform.evaluate()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "-1", "64 cores", "1.5.0", "8GB", "1e999999999"})
  void a_quota_value_that_is_not_a_quantity_is_refused_at_its_key(String value) {
    platform.acme.getSpec().getQuota().put("requests.cpu", value);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.quota.requests.cpu: quota value \""
                + value
                + "\" is not a quantity; expected "
                + Quantities.EXPECTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Requests.CPU", "requests cpu", "-pods", "requests.cpu.", "pods_max"})
  void a_quota_key_that_is_not_a_resource_name_is_refused(String key) {
    platform.acme.getSpec().getQuota().put(key, "1");

    assertThat(platform.evaluate())
        .extracting(Violation::fieldPath, Violation::message)
        .containsExactly(
            tuple(
                "spec.quota." + key,
                "quota key \""
                    + key
                    + "\" is not a resource name; expected lowercase letters, digits, '-', '.'"
                    + " and '/', e.g. pods, requests.cpu, requests.nvidia.com/gpu"));
  }
}
