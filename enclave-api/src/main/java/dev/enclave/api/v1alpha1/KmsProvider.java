package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Where the KMS plugin's key-encryption keys live: exactly one of local, vault, awsKms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KmsProvider {
  @JsonPropertyDescription(
      "A per-tenant key the operator generates into the Secret <tenant>-kms-key of the tenant's host"
          + " namespace. For development and the playground only: the key then lives beside the data"
          + " it protects. The default when no provider is given.")
  private LocalKmsProvider local;

  @JsonPropertyDescription("A HashiCorp Vault or OpenBao transit key.")
  private VaultKmsProvider vault;

  @JsonPropertyDescription("An AWS KMS key, in the jurisdiction's region.")
  private AwsKmsProvider awsKms;

  public LocalKmsProvider getLocal() {
    return local;
  }

  public void setLocal(LocalKmsProvider local) {
    this.local = local;
  }

  public VaultKmsProvider getVault() {
    return vault;
  }

  public void setVault(VaultKmsProvider vault) {
    this.vault = vault;
  }

  public AwsKmsProvider getAwsKms() {
    return awsKms;
  }

  public void setAwsKms(AwsKmsProvider awsKms) {
    this.awsKms = awsKms;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof KmsProvider)) return false;
    KmsProvider that = (KmsProvider) o;
    return Objects.equals(local, that.local)
        && Objects.equals(vault, that.vault)
        && Objects.equals(awsKms, that.awsKms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(local, vault, awsKms);
  }
}
