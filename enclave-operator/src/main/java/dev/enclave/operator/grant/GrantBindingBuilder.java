package dev.enclave.operator.grant;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ClusterRoleBinding a grant puts into its tenant cluster: the upstream ClusterRole {@code
 * view}, {@code edit} or {@code admin} for the grant's user alone, labelled as Enclave's and
 * annotated with who, why and until when, so the tenant's audit log (RBAC writes are logged with
 * their request body) records the grant in full. Pure.
 */
public final class GrantBindingBuilder {
  public static final String GRANT_ANNOTATION = EnclaveApi.GROUP + "/access-grant";
  public static final String GROUP_ANNOTATION = EnclaveApi.GROUP + "/grant-group";
  public static final String USER_ANNOTATION = EnclaveApi.GROUP + "/grant-user";
  public static final String ROLE_ANNOTATION = EnclaveApi.GROUP + "/grant-role";
  public static final String JUSTIFICATION_ANNOTATION = EnclaveApi.GROUP + "/grant-justification";

  private static final String RBAC = "rbac.authorization.k8s.io";

  private GrantBindingBuilder() {}

  public static ClusterRoleBinding build(
      AccessGrant grant, TenantCluster tenant, GrantWindow window) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(GrantNames.binding(grant))
        .withLabels(labels(grant, tenant))
        .withAnnotations(annotations(grant, window))
        .endMetadata()
        .withNewRoleRef(RBAC, "ClusterRole", grant.getSpec().getRole())
        .addNewSubject()
        .withApiGroup(RBAC)
        .withKind("User")
        .withName(GrantNames.user(grant))
        .endSubject()
        .build();
  }

  /** Enclave's ownership labels of the tenant, and the grant's name. */
  static Map<String, String> labels(AccessGrant grant, TenantCluster tenant) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY);
    labels.put(EnclaveApi.TENANT_NAME_LABEL, tenant.getMetadata().getName());
    labels.put(EnclaveApi.TENANT_NAMESPACE_LABEL, tenant.getMetadata().getNamespace());
    labels.put(EnclaveApi.JURISDICTION_LABEL, tenant.getSpec().getJurisdiction());
    labels.put(EnclaveApi.ACCESS_GRANT_LABEL, grant.getMetadata().getName());
    return labels;
  }

  static Map<String, String> annotations(AccessGrant grant, GrantWindow window) {
    Map<String, String> annotations = new TreeMap<>(window.annotations());
    annotations.put(GRANT_ANNOTATION, GrantNames.key(grant));
    annotations.put(GROUP_ANNOTATION, grant.getSpec().getGroup());
    annotations.put(USER_ANNOTATION, GrantNames.user(grant));
    annotations.put(ROLE_ANNOTATION, grant.getSpec().getRole());
    annotations.put(JUSTIFICATION_ANNOTATION, grant.getSpec().getJustification());
    return annotations;
  }
}
