package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.list;
import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.KubernetesVersions;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.model.Declared;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes versions: a tenant runs an exact MAJOR.MINOR.PATCH whose minor its jurisdiction allows
 * and which it does not hold back; jurisdictions list minors as allowed and exact versions as held.
 */
final class VersionRules {
  private static final Pattern EXACT = Pattern.compile("^\\d+\\.\\d+\\.\\d+$");
  private static final Pattern MINOR = Pattern.compile("^\\d+\\.\\d+$");

  private VersionRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<TenantCluster> tenant : catalog.tenantClusters()) {
      TenantClusterSpec spec = tenant.object().getSpec();
      if (spec != null) {
        checkTenant(catalog, spec, Findings.on(tenant, out));
      }
    }
    for (Declared<Jurisdiction> jurisdiction : catalog.jurisdictions()) {
      JurisdictionSpec spec = jurisdiction.object().getSpec();
      if (spec != null) {
        checkJurisdiction(spec.getKubernetesVersions(), Findings.on(jurisdiction, out));
      }
    }
  }

  private static void checkTenant(Catalog catalog, TenantClusterSpec spec, Findings findings) {
    String version = spec.getKubernetesVersion();
    if (!findings.require("spec.kubernetesVersion", version)) {
      return;
    }
    if (!EXACT.matcher(version).matches()) {
      findings.add(
          "spec.kubernetesVersion",
          "kubernetes version "
              + quote(version)
              + " is not an exact version; expected MAJOR.MINOR.PATCH, e.g. \"1.37.2\"");
      return;
    }
    JurisdictionSpec jurisdiction = catalog.jurisdictionSpec(spec.getJurisdiction()).orElse(null);
    if (jurisdiction == null) {
      return; // an unknown jurisdiction is reported by ReferenceRules
    }
    KubernetesVersions versions = jurisdiction.getKubernetesVersions();
    List<String> allowed = versions == null ? List.of() : Catalog.orEmpty(versions.getAllowed());
    List<String> held = versions == null ? List.of() : Catalog.orEmpty(versions.getHeld());
    String minor = version.substring(0, version.lastIndexOf('.'));
    if (!allowed.contains(minor)) {
      findings.add(
          "spec.kubernetesVersion",
          "kubernetes version "
              + quote(version)
              + " (minor "
              + minor
              + ") is not allowed in jurisdiction "
              + quote(spec.getJurisdiction())
              + "; allowed: "
              + list(allowed));
    } else if (held.contains(version)) {
      findings.add(
          "spec.kubernetesVersion",
          "kubernetes version "
              + quote(version)
              + " is held back in jurisdiction "
              + quote(spec.getJurisdiction())
              + "; held: "
              + list(held)
              + "; choose another patch release of "
              + minor);
    }
  }

  private static void checkJurisdiction(KubernetesVersions versions, Findings findings) {
    if (versions == null || Catalog.orEmpty(versions.getAllowed()).isEmpty()) {
      findings.add(
          "spec.kubernetesVersions.allowed",
          "spec.kubernetesVersions.allowed is required: no tenant cluster could run without an"
              + " allowed minor version, e.g. \"1.37\"");
      return;
    }
    List<String> allowed = versions.getAllowed();
    for (int i = 0; i < allowed.size(); i++) {
      if (allowed.get(i) == null || !MINOR.matcher(allowed.get(i)).matches()) {
        findings.add(
            "spec.kubernetesVersions.allowed[" + i + "]",
            "allowed version "
                + quote(allowed.get(i))
                + " is not a minor version; expected MAJOR.MINOR, e.g. \"1.37\"");
      }
    }
    List<String> held = Catalog.orEmpty(versions.getHeld());
    for (int i = 0; i < held.size(); i++) {
      if (held.get(i) == null || !EXACT.matcher(held.get(i)).matches()) {
        findings.add(
            "spec.kubernetesVersions.held[" + i + "]",
            "held version "
                + quote(held.get(i))
                + " is not an exact version; expected MAJOR.MINOR.PATCH, e.g. \"1.37.1\"");
      }
    }
  }
}
