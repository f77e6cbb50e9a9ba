package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.core.model.Declared;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A jurisdiction's audit sinks and backup targets: named once each, and reached over https so audit
 * logs and backups never cross the network in clear text; a backup target is exactly one of an S3
 * bucket or (for development) an absolute directory.
 */
final class DestinationRules {
  private DestinationRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<Jurisdiction> jurisdiction : catalog.jurisdictions()) {
      JurisdictionSpec spec = jurisdiction.object().getSpec();
      if (spec != null) {
        Findings findings = Findings.on(jurisdiction, out);
        checkAuditSinks(Catalog.orEmpty(spec.getAuditSinks()), findings);
        checkBackupTargets(Catalog.orEmpty(spec.getBackupTargets()), findings);
      }
    }
  }

  private static void checkAuditSinks(List<AuditSink> sinks, Findings findings) {
    Map<String, String> firstPath = new HashMap<>();
    for (int i = 0; i < sinks.size(); i++) {
      String path = "spec.auditSinks[" + i + "]";
      AuditSink sink = sinks.get(i);
      if (!findings.require(path, sink)) {
        continue;
      }
      checkName(path, "audit sink", sink.getName(), firstPath, findings);
      checkHttps(path + ".url", "audit sink url", sink.getUrl(), findings);
    }
  }

  private static void checkBackupTargets(List<BackupTarget> targets, Findings findings) {
    Map<String, String> firstPath = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      String path = "spec.backupTargets[" + i + "]";
      BackupTarget target = targets.get(i);
      if (!findings.require(path, target)) {
        continue;
      }
      checkName(path, "backup target", target.getName(), firstPath, findings);
      boolean hasPath = !Messages.isBlank(target.getPath());
      if (target.getS3() != null && hasPath) {
        findings.add(path, "both s3 and path are set; set exactly one of them");
      } else if (target.getS3() == null && !hasPath) {
        findings.add(path, "neither s3 nor path is set; set exactly one of them");
      } else if (target.getS3() != null) {
        checkHttps(path + ".s3.endpoint", "s3 endpoint", target.getS3().getEndpoint(), findings);
        findings.require(path + ".s3.bucket", target.getS3().getBucket());
      } else if (!target.getPath().startsWith("/")) {
        findings.add(
            path + ".path",
            "backup directory " + quote(target.getPath()) + " is relative; allowed: an absolute path");
      }
    }
  }

  private static void checkName(
      String path, String what, String name, Map<String, String> firstPath, Findings findings) {
    if (!findings.require(path + ".name", name)) {
      return;
    }
    String first = firstPath.putIfAbsent(name, path);
    if (first != null) {
      findings.add(path + ".name", what + " name " + quote(name) + " is already used by " + first);
    }
  }

  private static void checkHttps(String path, String what, String url, Findings findings) {
    if (findings.require(path, url) && !url.startsWith("https://")) {
      findings.add(path, what + " " + quote(url) + " is not https; allowed: https:// URLs only");
    }
  }
}
