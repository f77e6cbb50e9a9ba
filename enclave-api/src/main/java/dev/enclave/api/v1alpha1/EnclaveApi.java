package dev.enclave.api.v1alpha1;

import java.util.List;

/** Constants of the enclave.dev/v1alpha1 API. */
public final class EnclaveApi {
  public static final String GROUP = "enclave.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Label carried by every host object Enclave creates for a jurisdiction. */
  public static final String JURISDICTION_LABEL = GROUP + "/jurisdiction";
  /** Labels naming the tenant cluster that owns a host object. */
  public static final String TENANT_NAME_LABEL = GROUP + "/tenant-cluster";
  public static final String TENANT_NAMESPACE_LABEL = GROUP + "/tenant-namespace";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** On every object an AccessGrant has the operator write: the grant's name. */
  public static final String ACCESS_GRANT_LABEL = GROUP + "/access-grant";
  public static final String MANAGED_BY = "enclave";

  /** The custom resource kinds, in dependency order. */
  public static final List<String> KINDS =
      List.of("Jurisdiction", "DataStore", "TenantCluster", "AccessGrant");

  private EnclaveApi() {}
}
