package dev.enclave.cli.playground;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents a real API server serves and the CRUD mock does not ({@code /api}, {@code
 * /apis}, {@code /api/v1}, {@code /apis/GROUP/VERSION}, {@code /version}), listing every resource a
 * simulated host holds, with verbs and short names, so kubectl can resolve them.
 */
public final class DiscoveryDocuments {
  /** The Kubernetes version the simulated hosts claim to be. */
  public static final String KUBERNETES_VERSION = "v1.37.2";

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> VERBS_WITHOUT_COLLECTION_DELETE =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");

  /** One resource type as discovery describes it. */
  record Resource(
      String groupVersion,
      String name,
      String singularName,
      String kind,
      boolean namespaced,
      List<String> shortNames) {

    APIResource toApiResource() {
      return new APIResourceBuilder()
          .withName(name)
          .withSingularName(singularName)
          .withKind(kind)
          .withNamespaced(namespaced)
          .withVerbs(name.equals("namespaces") ? VERBS_WITHOUT_COLLECTION_DELETE : VERBS)
          .withShortNames(shortNames.isEmpty() ? null : shortNames)
          .build();
    }
  }

  /** The built-in resources the operator, the syncers and the simulated scheduler use. */
  static final List<Resource> BUILT_IN =
      List.of(
          builtIn("v1", "namespaces", "Namespace", false, "ns"),
          builtIn("v1", "nodes", "Node", false, "no"),
          builtIn("v1", "pods", "Pod", true, "po"),
          builtIn("v1", "services", "Service", true, "svc"),
          builtIn("v1", "endpoints", "Endpoints", true, "ep"),
          builtIn("v1", "configmaps", "ConfigMap", true, "cm"),
          builtIn("v1", "secrets", "Secret", true),
          builtIn("v1", "serviceaccounts", "ServiceAccount", true, "sa"),
          builtIn("v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
          builtIn("v1", "resourcequotas", "ResourceQuota", true, "quota"),
          builtIn("v1", "limitranges", "LimitRange", true, "limits"),
          builtIn("v1", "events", "Event", true, "ev"),
          builtIn("apps/v1", "statefulsets", "StatefulSet", true, "sts"),
          builtIn("apps/v1", "deployments", "Deployment", true, "deploy"),
          builtIn("apps/v1", "replicasets", "ReplicaSet", true, "rs"),
          builtIn("batch/v1", "jobs", "Job", true),
          builtIn("batch/v1", "cronjobs", "CronJob", true, "cj"),
          builtIn("networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true, "netpol"),
          builtIn("policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", true, "pdb"),
          builtIn("coordination.k8s.io/v1", "leases", "Lease", true),
          builtIn("discovery.k8s.io/v1", "endpointslices", "EndpointSlice", true),
          builtIn("rbac.authorization.k8s.io/v1", "roles", "Role", true),
          builtIn("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true),
          builtIn("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false),
          builtIn(
              "rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false),
          builtIn(
              "apiextensions.k8s.io/v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              "crd",
              "crds"));

  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final Map<String, List<Resource>> byGroupVersion = new LinkedHashMap<>();

  /** Discovery for the built-in resources plus the served version of each custom resource. */
  public DiscoveryDocuments(List<CustomResourceDefinition> crds) {
    BUILT_IN.forEach(this::add);
    crds.forEach(crd -> fromCrd(crd).forEach(this::add));
  }

  /**
   * The JSON document served at that path (query ignored), or empty when it is no discovery path.
   */
  public Optional<String> document(String path) {
    String p = withoutQuery(path);
    if (p.equals("/api")) {
      return json(new APIVersionsBuilder().withVersions("v1").build());
    }
    if (p.equals("/apis")) {
      return json(new APIGroupListBuilder().withGroups(groups()).build());
    }
    if (p.equals("/version")) {
      return json(versionInfo());
    }
    Optional<APIGroup> group =
        groups().stream().filter(g -> p.equals("/apis/" + g.getName())).findFirst();
    if (group.isPresent()) {
      return json(group.get());
    }
    String groupVersion =
        p.equals("/api/v1") ? "v1" : p.startsWith("/apis/") ? p.substring("/apis/".length()) : null;
    if (groupVersion == null || !byGroupVersion.containsKey(groupVersion)) {
      return Optional.empty();
    }
    return json(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(
                byGroupVersion.get(groupVersion).stream().map(Resource::toApiResource).toList())
            .build());
  }

  /** The OpenAPI v2 document, answered empty so that kubectl's validation defers to the server. */
  public static boolean isOpenApiV2(String path) {
    return withoutQuery(path).equals("/openapi/v2");
  }

  /** OpenAPI paths other than v2: kubectl copes with 404 and falls back to v2. */
  public static boolean isOpenApi(String path) {
    return withoutQuery(path).startsWith("/openapi/");
  }

  private List<APIGroup> groups() {
    List<APIGroup> groups = new ArrayList<>();
    for (String groupVersion : byGroupVersion.keySet()) {
      int slash = groupVersion.indexOf('/');
      if (slash < 0) {
        continue;
      }
      GroupVersionForDiscovery version =
          new GroupVersionForDiscovery(groupVersion, groupVersion.substring(slash + 1));
      groups.add(
          new APIGroupBuilder()
              .withName(groupVersion.substring(0, slash))
              .withVersions(version)
              .withPreferredVersion(version)
              .build());
    }
    return groups;
  }

  private Map<String, String> versionInfo() {
    String[] parts = KUBERNETES_VERSION.substring(1).split("\\.");
    Map<String, String> info = new LinkedHashMap<>();
    info.put("major", parts[0]);
    info.put("minor", parts[1]);
    info.put("gitVersion", KUBERNETES_VERSION);
    info.put("gitCommit", "simulated");
    info.put("gitTreeState", "clean");
    info.put("buildDate", "2025-01-01T00:00:00Z");
    info.put("goVersion", "none (simulated by enclavectl playground)");
    info.put("compiler", "none");
    info.put("platform", "simulated/enclave-playground");
    return info;
  }

  private void add(Resource resource) {
    byGroupVersion.computeIfAbsent(resource.groupVersion(), k -> new ArrayList<>()).add(resource);
  }

  private static List<Resource> fromCrd(CustomResourceDefinition crd) {
    CustomResourceDefinitionNames names = crd.getSpec().getNames();
    boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getServed()))
        .map(
            v ->
                new Resource(
                    crd.getSpec().getGroup() + "/" + v.getName(),
                    names.getPlural(),
                    names.getSingular(),
                    names.getKind(),
                    namespaced,
                    names.getShortNames() == null ? List.of() : names.getShortNames()))
        .toList();
  }

  private static Resource builtIn(
      String groupVersion, String name, String kind, boolean namespaced, String... shortNames) {
    return new Resource(
        groupVersion, name, kind.toLowerCase(), kind, namespaced, List.of(shortNames));
  }

  private Optional<String> json(Object document) {
    return Optional.of(serialization.asJson(document));
  }

  private static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
