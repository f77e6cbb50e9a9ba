package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A local key file from the operator-generated Secret {@code <tenant>-kms-key}: no settings. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class LocalKmsProvider {
  @Override
  public boolean equals(Object o) {
    return o instanceof LocalKmsProvider;
  }

  @Override
  public int hashCode() {
    return LocalKmsProvider.class.hashCode();
  }
}
