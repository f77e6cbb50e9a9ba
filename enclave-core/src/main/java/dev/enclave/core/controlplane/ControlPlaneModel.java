package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.ControlPlaneSpec;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.EmbeddedDataStore;
import dev.enclave.api.v1alpha1.IsolationSpec;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.KmsProvider;
import dev.enclave.api.v1alpha1.LocalKmsProvider;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.core.upgrade.UpgradePath;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the builders need from one tenant cluster, its jurisdiction and its data store, with every
 * optional field resolved to its default. Built once by {@link #fromCrd}; the builders read only
 * this.
 *
 * @param kubernetesVersion the release kube-apiserver runs ({@link UpgradePath#rendered})
 * @param controllerVersion the release kube-controller-manager and kube-scheduler run: the API
 *     server's, except while an upgrade moves the API server first
 * @param nodeSelector the jurisdiction's node selector, sorted by key
 * @param quota the tenant's quota, sorted by key
 * @param auditSinkUrl the audit webhook URL, or null when the tenant declares no audit sink
 * @param kmsProvider where the KMS plugin's KEKs live, exactly one of its fields set (local if absent)
 * @param syncPolicy what the tenant's syncer enforces, rendered into a ConfigMap for it
 */
public record ControlPlaneModel(
    TenantCluster tenant,
    String jurisdiction,
    String kubernetesVersion,
    String controllerVersion,
    int replicas,
    boolean scheduler,
    String registry,
    Store store,
    String etcdStorageClass,
    String etcdSize,
    List<String> dataStoreEndpoints,
    String auditSinkUrl,
    String kmsEndpoint,
    KmsProvider kmsProvider,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Map<String, String> quota,
    String podSecurity,
    SyncPolicy syncPolicy) {

  /** Where the tenant's state lives. */
  public enum Store {
    EMBEDDED_ETCD,
    EXTERNAL_ETCD,
    POSTGRESQL
  }

  public static final String DEFAULT_ETCD_SIZE = "5Gi";
  public static final String DEFAULT_POD_SECURITY = "restricted";

  public ControlPlaneModel {
    dataStoreEndpoints = List.copyOf(dataStoreEndpoints);
    nodeSelector = Collections.unmodifiableSortedMap(new TreeMap<>(nodeSelector));
    tolerations = List.copyOf(tolerations);
    quota = Collections.unmodifiableSortedMap(new TreeMap<>(quota));
  }

  /**
   * Resolves a tenant that already passed the compliance rules. Absent optional fields get their
   * defaults; a missing required input is an {@link IllegalArgumentException} naming the field.
   */
  public static ControlPlaneModel fromCrd(
      TenantCluster tenant, Jurisdiction jurisdiction, DataStore dataStoreOrNull) {
    TenantClusterSpec spec = require(tenant.getSpec(), tenant, "spec");
    UpgradePath.ComponentVersions versions = UpgradePath.rendered(tenant);
    JurisdictionSpec where = require(jurisdiction.getSpec(), tenant, "jurisdiction spec");
    ControlPlaneSpec cp =
        Optional.ofNullable(spec.getControlPlane()).orElseGet(ControlPlaneSpec::new);
    EmbeddedDataStore embedded =
        spec.getDataStore() == null ? null : spec.getDataStore().getEmbedded();
    return new ControlPlaneModel(
        tenant,
        jurisdiction.getMetadata().getName(),
        require(versions.apiServer(), tenant, "spec.kubernetesVersion"),
        versions.controllers(),
        Optional.ofNullable(cp.getReplicas()).orElse(1),
        Boolean.TRUE.equals(cp.getScheduler()),
        registry(where, jurisdiction),
        store(embedded, dataStoreOrNull, tenant),
        embedded == null ? null : storageClass(embedded, where),
        embedded == null || embedded.getSize() == null ? DEFAULT_ETCD_SIZE : embedded.getSize(),
        dataStoreOrNull == null ? List.of() : nonNull(dataStoreOrNull.getSpec().getEndpoints()),
        auditSinkUrl(spec, where),
        kmsEndpoint(where, jurisdiction.getMetadata().getName()),
        kmsProvider(where),
        where.getPlacement() == null ? Map.of() : nonNull(where.getPlacement().getNodeSelector()),
        where.getPlacement() == null ? List.of() : nonNull(where.getPlacement().getTolerations()),
        nonNull(spec.getQuota()),
        podSecurity(spec.getIsolation()),
        SyncPolicy.of(tenant, jurisdiction));
  }

  public boolean highlyAvailable() {
    return replicas > 1;
  }

  public Optional<String> auditSink() {
    return Optional.ofNullable(auditSinkUrl);
  }

  /** The directory of the KMS plugin's Unix socket, shared by the API server and the plugin. */
  public String kmsSocketDirectory() {
    String path = kmsEndpoint.replaceFirst("^unix://", "");
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? ControlPlaneVolume.KMS_SOCKET.mountPath() : path.substring(0, slash);
  }

  /** The image {@code <registry>/<name>:<tag>} from the jurisdiction's first registry. */
  public String image(String name, String tag) {
    return registry + "/" + name + ":" + tag;
  }

  private static Store store(EmbeddedDataStore embedded, DataStore ref, TenantCluster tenant) {
    if (embedded != null) {
      return Store.EMBEDDED_ETCD;
    }
    DataStore store = require(ref, tenant, "spec.dataStore.ref (the DataStore it names)");
    String driver = require(store.getSpec(), tenant, "spec.dataStore.ref spec").getDriver();
    if ("postgresql".equals(driver)) {
      return Store.POSTGRESQL;
    }
    if ("etcd".equals(driver)) {
      return Store.EXTERNAL_ETCD;
    }
    throw new IllegalArgumentException(
        describe(tenant) + ": spec.dataStore.ref: driver " + driver + " is not postgresql or etcd");
  }

  /** The jurisdiction's first registry, which mirrors upstream images under their names. */
  public static String registry(Jurisdiction jurisdiction) {
    return registry(jurisdiction.getSpec(), jurisdiction);
  }

  private static String registry(JurisdictionSpec where, Jurisdiction jurisdiction) {
    if (where.getRegistries() == null || where.getRegistries().isEmpty()) {
      throw new IllegalArgumentException(
          "Jurisdiction/"
              + jurisdiction.getMetadata().getName()
              + ": spec.registries: empty; control-plane images need a registry");
    }
    return where.getRegistries().get(0);
  }

  private static String storageClass(EmbeddedDataStore embedded, JurisdictionSpec where) {
    if (embedded.getStorageClass() != null) {
      return embedded.getStorageClass();
    }
    List<String> allowed = nonNull(where.getStorageClasses());
    return allowed.isEmpty() ? null : allowed.get(0);
  }

  private static String auditSinkUrl(TenantClusterSpec spec, JurisdictionSpec where) {
    if (spec.getAudit() == null || spec.getAudit().getSink() == null) {
      return null;
    }
    return nonNull(where.getAuditSinks()).stream()
        .filter(s -> Objects.equals(s.getName(), spec.getAudit().getSink()))
        .map(AuditSink::getUrl)
        .findFirst()
        .orElse(null);
  }

  /**
   * Without a declared endpoint the KMS sidecar serves the conventional per-jurisdiction socket.
   */
  private static String kmsEndpoint(JurisdictionSpec where, String jurisdiction) {
    if (where.getKeyManagement() != null && where.getKeyManagement().getKmsEndpoint() != null) {
      return where.getKeyManagement().getKmsEndpoint();
    }
    return "unix:///var/run/kmsplugin/" + jurisdiction + ".sock";
  }

  /** Absent (or empty) means local: the operator-generated per-tenant key, for development. */
  private static KmsProvider kmsProvider(JurisdictionSpec where) {
    KmsProvider declared =
        where.getKeyManagement() == null ? null : where.getKeyManagement().getProvider();
    if (declared != null
        && (declared.getLocal() != null || declared.getVault() != null || declared.getAwsKms() != null)) {
      return declared;
    }
    KmsProvider local = new KmsProvider();
    local.setLocal(new LocalKmsProvider());
    return local;
  }

  /**
   * Tenant workloads share the host namespace; privileged is refused by the rules, never granted.
   */
  private static String podSecurity(IsolationSpec isolation) {
    if (isolation != null && "baseline".equals(isolation.getPodSecurity())) {
      return "baseline";
    }
    return DEFAULT_POD_SECURITY;
  }


  private static <T> T require(T value, TenantCluster tenant, String what) {
    if (value == null) {
      throw new IllegalArgumentException(describe(tenant) + ": " + what + " is missing");
    }
    return value;
  }

  private static String describe(TenantCluster tenant) {
    return "TenantCluster "
        + tenant.getMetadata().getNamespace()
        + "/"
        + tenant.getMetadata().getName();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> nonNull(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
