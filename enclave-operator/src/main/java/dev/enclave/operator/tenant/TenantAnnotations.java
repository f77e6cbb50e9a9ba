package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import java.util.Map;

/** The annotations a TenantCluster asks for something with, read one way everywhere. */
public final class TenantAnnotations {
  private TenantAnnotations() {}

  /** The annotation's value without surrounding blanks; null when absent or blank. */
  public static String value(TenantCluster tenant, String key) {
    Map<String, String> annotations = tenant.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(key);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
