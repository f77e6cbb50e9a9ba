package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The syncer's host permissions. Two ClusterRoles shared by every tenant (installed once by the
 * Helm chart and deploy/operator, rendered here so tests hold them to this list) and, per tenant, a
 * RoleBinding in its host namespace and a ClusterRoleBinding for reading nodes. Binding a shared
 * ClusterRole with a RoleBinding grants its rules in that one namespace only, and lets the operator
 * grant them with {@code bind} on two named roles instead of holding pod write access itself.
 * Nothing here grants {@code pods/status} (the kubelet writes host status), ServiceAccounts (synced
 * pods run as {@code <name>-workloads}, tenant tokens travel as Secrets) or a wildcard.
 */
public final class SyncerRbacBuilder {
  public static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  static final List<String> READ_WRITE =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");
  static final List<String> READ = List.of("get", "list", "watch");

  private SyncerRbacBuilder() {}

  /** What a syncer may do in its own host namespace, once bound there. */
  public static List<PolicyRule> hostRules() {
    return List.of(
        rule(
            "",
            List.of("pods", "configmaps", "secrets", "services", "persistentvolumeclaims"),
            READ_WRITE),
        rule("discovery.k8s.io", List.of("endpointslices"), READ_WRITE),
        rule("", List.of("events"), List.of("get", "list", "watch", "create", "patch")),
        // One active syncer per tenant when the control plane runs several replicas.
        rule("coordination.k8s.io", List.of("leases"), List.of("get", "create", "update")));
  }

  /** Host nodes, read only: the syncer shows a tenant the nodes that run its pods. */
  public static List<PolicyRule> nodeRules() {
    return List.of(rule("", List.of("nodes"), READ));
  }

  public static ClusterRole hostClusterRole() {
    return clusterRole(HostNames.SYNCER_CLUSTER_ROLE, hostRules());
  }

  public static ClusterRole nodesClusterRole() {
    return clusterRole(HostNames.SYNCER_NODES_CLUSTER_ROLE, nodeRules());
  }

  /** Grants {@link #hostRules} to the syncer in its host namespace and nowhere else. */
  public static RoleBinding roleBinding(ControlPlaneModel model) {
    return new RoleBindingBuilder()
        .withMetadata(
            HostLabels.metadata(
                model, HostNames.syncerRoleBinding(model.tenant()), ServiceAccountsBuilder.SYNCER))
        .withRoleRef(clusterRoleRef(HostNames.SYNCER_CLUSTER_ROLE))
        .withSubjects(syncer(model))
        .build();
  }

  public static ClusterRoleBinding nodesBinding(ControlPlaneModel model) {
    return new ClusterRoleBindingBuilder()
        .withMetadata(
            HostLabels.clusterMetadata(
                model,
                HostNames.syncerNodesClusterRoleBinding(model.tenant()),
                ServiceAccountsBuilder.SYNCER))
        .withRoleRef(clusterRoleRef(HostNames.SYNCER_NODES_CLUSTER_ROLE))
        .withSubjects(syncer(model))
        .build();
  }

  private static Subject syncer(ControlPlaneModel model) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(HostNames.syncerServiceAccount(model.tenant()))
        .withNamespace(HostNames.hostNamespace(model.tenant()))
        .build();
  }

  private static RoleRef clusterRoleRef(String name) {
    return new RoleRefBuilder()
        .withApiGroup(RBAC_GROUP)
        .withKind("ClusterRole")
        .withName(name)
        .build();
  }

  private static ClusterRole clusterRole(String name, List<PolicyRule> rules) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(HostLabels.NAME_LABEL, name);
    labels.put("app.kubernetes.io/part-of", "enclave");
    return new ClusterRoleBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build())
        .withRules(rules)
        .build();
  }

  static PolicyRule rule(String apiGroup, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(apiGroup)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }
}
