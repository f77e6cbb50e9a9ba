package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.SyncerRbacBuilder.READ;
import static dev.enclave.core.controlplane.SyncerRbacBuilder.READ_WRITE;
import static dev.enclave.core.controlplane.SyncerRbacBuilder.rule;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.core.pki.TenantPki;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import java.util.Map;

/**
 * RBAC inside a tenant cluster (applied to the tenant API, not the host) for the clients that
 * authenticate to it with certificates from the tenant PKI: the syncer (group {@code
 * enclave:syncers}), CoreDNS (user {@code enclave:coredns}) and the tenant administrators (group
 * {@code enclave:tenant-admins}, bound to {@code cluster-admin}). Pure; the operator applies these
 * with the tenant's admin credentials once the tenant API serves.
 */
public final class TenantRbacBuilder {
  public static final String SYNCER_ROLE = "enclave:syncer";
  public static final String COREDNS_ROLE = "enclave:coredns";
  public static final String TENANT_ADMINS_BINDING = "enclave:tenant-admins";
  public static final String CLUSTER_ADMIN_ROLE = "cluster-admin";
  private static final List<String> WATCH = List.of("list", "watch");
  private static final List<String> WRITE_STATUS = List.of("get", "update", "patch");

  private TenantRbacBuilder() {}

  /**
   * The syncer reads what it copies to the host, writes back statuses, nodes and Events, and mints
   * tokens for the ServiceAccounts of the pods it syncs.
   */
  public static List<PolicyRule> syncerRules() {
    return List.of(
        rule("", List.of("pods"), List.of("get", "list", "watch", "update", "patch", "delete")),
        rule(
            "",
            List.of("pods/status", "services/status", "persistentvolumeclaims/status"),
            WRITE_STATUS),
        rule(
            "",
            List.of(
                "configmaps",
                "secrets",
                "services",
                "persistentvolumeclaims",
                "serviceaccounts",
                "namespaces"),
            READ),
        rule("", List.of("serviceaccounts/token"), List.of("create")),
        // A tenant pod is bound to the host node its host copy was scheduled to.
        rule("", List.of("bindings", "pods/binding"), List.of("create")),
        // Cluster IPs are immutable: a tenant Service gets the host copy's IPs by being recreated.
        rule("", List.of("services"), List.of("create", "delete")),
        rule("", List.of("nodes"), READ_WRITE),
        rule("", List.of("nodes/status"), WRITE_STATUS),
        rule("discovery.k8s.io", List.of("endpointslices"), READ),
        rule("", List.of("events"), List.of("get", "list", "watch", "create", "patch")));
  }

  /** What the CoreDNS {@code kubernetes} plugin watches; the same as upstream's system:coredns. */
  public static List<PolicyRule> corednsRules() {
    return List.of(
        rule("", List.of("services", "pods", "namespaces"), WATCH),
        rule("discovery.k8s.io", List.of("endpointslices"), WATCH));
  }

  public static List<HasMetadata> build() {
    return List.of(
        clusterRole(SYNCER_ROLE, syncerRules()),
        binding(SYNCER_ROLE, "Group", TenantPki.SYNCERS_GROUP),
        clusterRole(COREDNS_ROLE, corednsRules()),
        binding(COREDNS_ROLE, "User", TenantPki.COREDNS_USER),
        binding(TENANT_ADMINS_BINDING, CLUSTER_ADMIN_ROLE, "Group", TenantPki.TENANT_ADMINS_GROUP));
  }

  private static ClusterRole clusterRole(String name, List<PolicyRule> rules) {
    return new ClusterRoleBuilder().withMetadata(metadata(name)).withRules(rules).build();
  }

  private static ClusterRoleBinding binding(String role, String kind, String subject) {
    return binding(role, role, kind, subject);
  }

  private static ClusterRoleBinding binding(String name, String role, String kind, String subject) {
    return new ClusterRoleBindingBuilder()
        .withMetadata(metadata(name))
        .withNewRoleRef()
        .withApiGroup(SyncerRbacBuilder.RBAC_GROUP)
        .withKind("ClusterRole")
        .withName(role)
        .endRoleRef()
        .withSubjects(
            new SubjectBuilder()
                .withApiGroup(SyncerRbacBuilder.RBAC_GROUP)
                .withKind(kind)
                .withName(subject)
                .build())
        .build();
  }

  private static ObjectMeta metadata(String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withLabels(Map.of(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY))
        .build();
  }
}
