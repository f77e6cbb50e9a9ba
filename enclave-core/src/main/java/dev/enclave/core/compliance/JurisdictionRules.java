package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.KeyManagement;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.core.model.Declared;
import java.util.List;

/**
 * What a jurisdiction must declare before tenants can live in it: placement, storage classes,
 * registries, a KMS v2 plugin socket and its key provider, and known regulatory frameworks.
 */
final class JurisdictionRules {
  private JurisdictionRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<Jurisdiction> jurisdiction : catalog.jurisdictions()) {
      Findings findings = Findings.on(jurisdiction, out);
      JurisdictionSpec spec = jurisdiction.object().getSpec();
      if (findings.require("spec", spec)) {
        checkPlacement(spec.getPlacement(), findings);
        checkStorageClasses(spec.getStorageClasses(), findings);
        checkRegistries(spec.getRegistries(), findings);
        checkKeyManagement(spec.getKeyManagement(), findings);
        KeyProviderRules.check(spec, findings);
        checkFrameworks(spec.getFrameworks(), findings);
      }
    }
  }

  private static void checkPlacement(Placement placement, Findings findings) {
    if (findings.require("spec.placement", placement)
        && (placement.getNodeSelector() == null || placement.getNodeSelector().isEmpty())) {
      findings.add(
          "spec.placement.nodeSelector",
          "spec.placement.nodeSelector is required: without node labels tenant pods could run"
              + " anywhere, e.g. enclave.dev/jurisdiction: eu");
    }
  }

  private static void checkStorageClasses(List<String> storageClasses, Findings findings) {
    if (Catalog.orEmpty(storageClasses).isEmpty()) {
      findings.add(
          "spec.storageClasses",
          "spec.storageClasses is required: tenant state needs at least one storage class of the"
              + " jurisdiction");
    }
  }

  private static void checkRegistries(List<String> registries, Findings findings) {
    if (Catalog.orEmpty(registries).isEmpty()) {
      findings.add(
          "spec.registries",
          "spec.registries is required: control-plane images are pulled from the first registry");
    }
  }

  private static void checkKeyManagement(KeyManagement keyManagement, Findings findings) {
    String endpoint = keyManagement == null ? null : keyManagement.getKmsEndpoint();
    if (Messages.isBlank(endpoint)) {
      findings.add(
          "spec.keyManagement.kmsEndpoint",
          "spec.keyManagement.kmsEndpoint is required: tenant Secrets are encrypted at rest by a"
              + " KMS v2 plugin, e.g. \"unix:///var/run/kmsplugin/eu.sock\"");
    } else if (!endpoint.startsWith("unix:///")) {
      findings.add(
          "spec.keyManagement.kmsEndpoint",
          "KMS endpoint "
              + quote(endpoint)
              + " is not a unix:// socket: KMS v2 plugins listen on a Unix socket, e.g."
              + " \"unix:///var/run/kmsplugin/eu.sock\"");
    }
  }

  private static void checkFrameworks(List<String> frameworks, Findings findings) {
    List<String> declared = Catalog.orEmpty(frameworks);
    for (int i = 0; i < declared.size(); i++) {
      if (!Frameworks.KNOWN.contains(declared.get(i))) {
        findings.add(
            "spec.frameworks[" + i + "]",
            Messages.unknown("framework", declared.get(i), Frameworks.KNOWN));
      }
    }
  }
}
