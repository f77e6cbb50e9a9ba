package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.AwsKmsProvider;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.KmsProvider;
import dev.enclave.api.v1alpha1.VaultKmsProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The KMS plugin's key provider: exactly one of local, vault, awsKms; Vault over https; an AWS KMS
 * key in a region the jurisdiction already keeps data in (the regions of its backup targets), so
 * keys stay where the data is.
 */
final class KeyProviderRules {
  private static final String PATH = "spec.keyManagement.provider";
  private static final List<String> KINDS = List.of("local", "vault", "awsKms");

  private KeyProviderRules() {}

  static void check(JurisdictionSpec spec, Findings findings) {
    KmsProvider provider = spec.getKeyManagement() == null ? null : spec.getKeyManagement().getProvider();
    if (provider == null) {
      return; // local, the development default
    }
    List<String> set = new ArrayList<>();
    if (provider.getLocal() != null) set.add("local");
    if (provider.getVault() != null) set.add("vault");
    if (provider.getAwsKms() != null) set.add("awsKms");
    if (set.size() != 1) {
      findings.add(
          PATH,
          "exactly one of " + Messages.list(KINDS) + " is allowed; found "
              + (set.isEmpty() ? "none" : Messages.list(set)));
      return;
    }
    if (provider.getVault() != null) {
      checkVault(provider.getVault(), findings);
    } else if (provider.getAwsKms() != null) {
      checkAwsKms(provider.getAwsKms(), spec, findings);
    }
  }

  private static void checkVault(VaultKmsProvider vault, Findings findings) {
    String path = PATH + ".vault";
    if (findings.require(path + ".address", vault.getAddress())
        && !vault.getAddress().startsWith("https://")) {
      findings.add(
          path + ".address",
          "Vault address " + quote(vault.getAddress()) + " is not https; allowed: https:// URLs only");
    }
    findings.require(path + ".transitKey", vault.getTransitKey());
  }

  private static void checkAwsKms(AwsKmsProvider aws, JurisdictionSpec spec, Findings findings) {
    String path = PATH + ".awsKms";
    findings.require(path + ".keyId", aws.getKeyId());
    if (aws.getEndpoint() != null && !aws.getEndpoint().startsWith("https://")) {
      findings.add(
          path + ".endpoint",
          "AWS KMS endpoint " + quote(aws.getEndpoint()) + " is not https; allowed: https:// URLs only");
    }
    if (!findings.require(path + ".region", aws.getRegion())) {
      return;
    }
    Set<String> regions = backupRegions(spec);
    if (!regions.isEmpty() && !regions.contains(aws.getRegion())) {
      findings.add(
          path + ".region",
          "AWS KMS region " + quote(aws.getRegion())
              + " is not a region of the jurisdiction's backup targets; allowed: " + Messages.list(regions));
    }
  }

  private static Set<String> backupRegions(JurisdictionSpec spec) {
    Set<String> regions = new LinkedHashSet<>();
    for (BackupTarget target : Catalog.orEmpty(spec.getBackupTargets())) {
      if (target.getS3() != null && !Messages.isBlank(target.getS3().getRegion())) {
        regions.add(target.getS3().getRegion());
      }
    }
    return regions;
  }
}
