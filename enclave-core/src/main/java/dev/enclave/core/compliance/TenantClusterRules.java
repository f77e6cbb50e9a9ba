package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.list;
import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.ControlPlaneSpec;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.IsolationSpec;
import dev.enclave.api.v1alpha1.PolicySpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.model.Declared;
import java.math.BigDecimal;
import java.util.List;

/**
 * The shape of one tenant cluster: its data store binding, control-plane size, Pod Security level
 * and policy engine and bundles.
 */
final class TenantClusterRules {
  static final List<String> POD_SECURITY_LEVELS = List.of("baseline", "restricted");
  static final int MAX_REPLICAS = 7;

  private TenantClusterRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<TenantCluster> tenant : catalog.tenantClusters()) {
      Findings findings = Findings.on(tenant, out);
      TenantClusterSpec spec = tenant.object().getSpec();
      if (findings.require("spec", spec)) {
        checkDataStore(spec.getDataStore(), findings);
        checkControlPlane(spec.getControlPlane(), findings);
        checkIsolation(spec.getIsolation(), findings);
        checkPolicy(spec.getPolicy(), findings);
      }
    }
  }

  private static void checkDataStore(DataStoreBinding binding, Findings findings) {
    if (binding == null) {
      findings.add(
          "spec.dataStore", "spec.dataStore is required: set exactly one of embedded or ref");
      return;
    }
    boolean embedded = binding.getEmbedded() != null;
    boolean ref = !Messages.isBlank(binding.getRef());
    if (embedded && ref) {
      findings.add("spec.dataStore", "both embedded and ref are set; set exactly one of them");
    } else if (!embedded && !ref) {
      findings.add("spec.dataStore", "neither embedded nor ref is set; set exactly one of them");
    }
    String size = embedded ? binding.getEmbedded().getSize() : null;
    if (size != null) {
      boolean positive =
          Quantities.parse(size)
              .filter(amount -> amount.compareTo(BigDecimal.ZERO) > 0)
              .isPresent();
      if (!positive) {
        findings.add(
            "spec.dataStore.embedded.size",
            "size " + quote(size) + " is not a positive quantity; expected " + Quantities.EXPECTED);
      }
    }
  }

  private static void checkControlPlane(ControlPlaneSpec controlPlane, Findings findings) {
    Integer replicas = controlPlane == null ? null : controlPlane.getReplicas();
    if (replicas == null) {
      return;
    }
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      findings.add(
          "spec.controlPlane.replicas",
          "replicas " + replicas + " is out of range; allowed: 1 to " + MAX_REPLICAS);
    } else if (replicas > 1 && replicas % 2 == 0) {
      findings.add(
          "spec.controlPlane.replicas",
          "replicas "
              + replicas
              + " is even: etcd needs a majority of members for quorum, so "
              + replicas
              + " members survive no more failures than "
              + (replicas - 1)
              + "; allowed: 1, 3, 5, 7");
    }
  }

  private static void checkIsolation(IsolationSpec isolation, Findings findings) {
    String level = isolation == null ? null : isolation.getPodSecurity();
    if (level == null || POD_SECURITY_LEVELS.contains(level)) {
      return;
    }
    String why =
        level.equals("privileged")
            ? " is refused: tenant workloads could escape to the host"
            : " is not known";
    findings.add(
        "spec.isolation.podSecurity",
        "pod security level " + quote(level) + why + "; allowed: " + list(POD_SECURITY_LEVELS));
  }

  private static void checkPolicy(PolicySpec policy, Findings findings) {
    if (policy == null) {
      return;
    }
    if (policy.getEngine() != null && !PolicyBundles.ENGINES.contains(policy.getEngine())) {
      findings.add(
          "spec.policy.engine",
          Messages.unknown("policy engine", policy.getEngine(), PolicyBundles.ENGINES));
    }
    List<String> bundles = Catalog.orEmpty(policy.getBundles());
    for (int i = 0; i < bundles.size(); i++) {
      if (!PolicyBundles.KNOWN.contains(bundles.get(i))) {
        findings.add(
            "spec.policy.bundles[" + i + "]",
            Messages.unknown("policy bundle", bundles.get(i), PolicyBundles.KNOWN));
      }
    }
  }
}
