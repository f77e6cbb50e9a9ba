package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** A Vault or OpenBao transit key that wraps the tenants' data keys. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VaultKmsProvider {
  @JsonPropertyDescription("https URL of Vault or OpenBao, e.g. https://vault.eu.example.com:8200.")
  @Required
  private String address;

  @JsonPropertyDescription("Name of the transit key.")
  @Required
  private String transitKey;

  @JsonPropertyDescription("Mount path of the transit secrets engine (default transit).")
  private String transitMount;

  @JsonPropertyDescription(
      "Secret in each tenant's host namespace holding the Vault token under the key token"
          + " (default <tenant>-kms-vault-token).")
  private LocalObjectReference tokenSecretRef;

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getTransitKey() {
    return transitKey;
  }

  public void setTransitKey(String transitKey) {
    this.transitKey = transitKey;
  }

  public String getTransitMount() {
    return transitMount;
  }

  public void setTransitMount(String transitMount) {
    this.transitMount = transitMount;
  }

  public LocalObjectReference getTokenSecretRef() {
    return tokenSecretRef;
  }

  public void setTokenSecretRef(LocalObjectReference tokenSecretRef) {
    this.tokenSecretRef = tokenSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof VaultKmsProvider)) return false;
    VaultKmsProvider that = (VaultKmsProvider) o;
    return Objects.equals(address, that.address)
        && Objects.equals(transitKey, that.transitKey)
        && Objects.equals(transitMount, that.transitMount)
        && Objects.equals(tokenSecretRef, that.tokenSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, transitKey, transitMount, tokenSecretRef);
  }
}
