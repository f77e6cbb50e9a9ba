package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.model.Declared;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tenant's host ResourceQuota: keys that look like resource names and values that are strict
 * quantities. Field paths append the key as written, dots included: {@code spec.quota.requests.cpu}
 * for the key {@code requests.cpu}.
 */
final class QuotaRules {
  private static final Pattern RESOURCE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9./]*[a-z0-9])?$");

  private QuotaRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<TenantCluster> tenant : catalog.tenantClusters()) {
      TenantClusterSpec spec = tenant.object().getSpec();
      if (spec != null && spec.getQuota() != null) {
        checkQuota(spec.getQuota(), Findings.on(tenant, out));
      }
    }
  }

  private static void checkQuota(Map<String, String> quota, Findings findings) {
    quota.forEach(
        (key, value) -> {
          String fieldPath = "spec.quota." + key;
          if (key == null || !RESOURCE_NAME.matcher(key).matches()) {
            findings.add(
                fieldPath,
                "quota key "
                    + quote(key)
                    + " is not a resource name; expected lowercase letters, digits, '-', '.' and"
                    + " '/', e.g. pods, requests.cpu, requests.nvidia.com/gpu");
          }
          if (Quantities.parse(value).isEmpty()) {
            findings.add(
                fieldPath,
                "quota value "
                    + quote(value)
                    + " is not a quantity; expected "
                    + Quantities.EXPECTED);
          }
        });
  }
}
