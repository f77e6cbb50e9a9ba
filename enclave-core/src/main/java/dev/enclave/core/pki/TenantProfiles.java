package dev.enclave.core.pki;

import java.util.List;

/** The subject, usages and names of each tenant leaf certificate. */
final class TenantProfiles {
  /** First address of the default service CIDR 10.96.0.0/12: the {@code kubernetes} Service IP. */
  static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

  private TenantProfiles() {}

  static LeafProfile of(TenantLeaf leaf, TenantRef tenant) {
    return switch (leaf) {
      case API_SERVER ->
          LeafProfile.serving(
              "kube-apiserver",
              apiServerDnsNames(tenant),
              List.of("127.0.0.1", KUBERNETES_SERVICE_IP));
      case API_SERVER_ETCD_CLIENT -> LeafProfile.client("kube-apiserver-etcd-client");
      case ETCD ->
          LeafProfile.peer(
              tenant.tenantName() + "-etcd", etcdDnsNames(tenant), List.of("127.0.0.1"));
      case ADMIN -> LeafProfile.client(TenantPki.ADMIN_USER, TenantPki.TENANT_ADMINS_GROUP);
      case CONTROLLER_MANAGER -> LeafProfile.client(TenantPki.CONTROLLER_MANAGER_USER);
      case SCHEDULER -> LeafProfile.client(TenantPki.SCHEDULER_USER);
      case SYNCER -> LeafProfile.client(TenantPki.SYNCER_USER, TenantPki.SYNCERS_GROUP);
      case COREDNS -> LeafProfile.client(TenantPki.COREDNS_USER);
      case BOOTSTRAP -> LeafProfile.client(TenantPki.BOOTSTRAP_USER, TenantPki.MASTERS_GROUP);
    };
  }

  /** How clients reach the API server: from the host cluster, from inside the tenant, locally. */
  private static List<String> apiServerDnsNames(TenantRef tenant) {
    String name = tenant.tenantName();
    String namespaced = name + "." + tenant.hostNamespace();
    return List.of(
        name,
        namespaced,
        tenant.apiServiceHost(),
        tenant.apiServiceHost() + ".cluster.local",
        "kubernetes",
        "kubernetes.default",
        "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local",
        "localhost");
  }

  /**
   * Each etcd member is a StatefulSet pod behind the headless Service; a wildcard matches one DNS
   * label, so the short and the fully qualified forms are both listed.
   */
  private static List<String> etcdDnsNames(TenantRef tenant) {
    String headless = "*." + tenant.tenantName() + "-headless." + tenant.hostNamespace() + ".svc";
    return List.of("localhost", headless, headless + ".cluster.local");
  }
}
