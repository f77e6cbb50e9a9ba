package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.AuditSpec;
import dev.enclave.api.v1alpha1.ControlPlaneSpec;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.DataStoreSpec;
import dev.enclave.api.v1alpha1.EmbeddedDataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.KeyManagement;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.api.v1alpha1.SecretReference;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The EU jurisdiction, its data stores and tenants as the examples declare them. */
public final class Fixtures {
  public static final String REGISTRY = "registry.eu.example.com";

  private Fixtures() {}

  public static Jurisdiction eu() {
    Placement placement = new Placement();
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("topology.kubernetes.io/region", "eu-central-1");
    selector.put("enclave.dev/jurisdiction", "eu");
    placement.setNodeSelector(selector);
    placement.setTolerations(
        List.of(
            new TolerationBuilder()
                .withKey("enclave.dev/jurisdiction")
                .withOperator("Equal")
                .withValue("eu")
                .withEffect("NoSchedule")
                .build()));
    AuditSink sink = new AuditSink();
    sink.setName("eu-siem");
    sink.setUrl("https://siem.eu.example.com/k8s-audit");
    KeyManagement keys = new KeyManagement();
    keys.setKmsEndpoint("unix:///var/run/kmsplugin/eu.sock");
    JurisdictionSpec spec = new JurisdictionSpec();
    spec.setPlacement(placement);
    spec.setStorageClasses(List.of("eu-encrypted"));
    spec.setAuditSinks(List.of(sink));
    spec.setKeyManagement(keys);
    spec.setRegistries(List.of(REGISTRY, "mirror.eu.example.com"));
    Jurisdiction jurisdiction = new Jurisdiction();
    jurisdiction.setMetadata(new ObjectMetaBuilder().withName("eu").build());
    jurisdiction.setSpec(spec);
    return jurisdiction;
  }

  public static DataStore postgres() {
    return dataStore("eu-postgres-1", "postgresql", "postgres.eu.example.com:5432");
  }

  public static DataStore etcd() {
    return dataStore("eu-etcd-1", "etcd", "etcd-0.eu.example.com:2379", "10.20.0.11:2379");
  }

  public static DataStore dataStore(String name, String driver, String... endpoints) {
    DataStoreSpec spec = new DataStoreSpec();
    spec.setJurisdiction("eu");
    spec.setDriver(driver);
    spec.setEndpoints(List.of(endpoints));
    SecretReference credentials = new SecretReference();
    credentials.setName(name + "-admin");
    credentials.setNamespace("enclave-system");
    spec.setCredentialsSecretRef(credentials);
    DataStore store = new DataStore();
    store.setMetadata(new ObjectMetaBuilder().withName(name).build());
    store.setSpec(spec);
    return store;
  }

  /** acme: one replica, embedded etcd, audit to eu-siem, a quota. */
  public static TenantCluster embedded() {
    EmbeddedDataStore embedded = new EmbeddedDataStore();
    embedded.setStorageClass("eu-encrypted");
    embedded.setSize("10Gi");
    DataStoreBinding binding = new DataStoreBinding();
    binding.setEmbedded(embedded);
    TenantCluster tenant = tenant("acme", binding);
    AuditSpec audit = new AuditSpec();
    audit.setSink("eu-siem");
    tenant.getSpec().setAudit(audit);
    Map<String, String> quota = new LinkedHashMap<>();
    quota.put("pods", "200");
    quota.put("requests.cpu", "64");
    quota.put("requests.nvidia.com/gpu", "8");
    tenant.getSpec().setQuota(quota);
    return tenant;
  }

  /** globex: three replicas with a scheduler on the shared PostgreSQL store, audit to eu-siem. */
  public static TenantCluster postgresql() {
    TenantCluster tenant = tenant("globex", ref("eu-postgres-1"));
    tenant.getSpec().setControlPlane(controlPlane(3, true));
    AuditSpec audit = new AuditSpec();
    audit.setSink("eu-siem");
    tenant.getSpec().setAudit(audit);
    return tenant;
  }

  /** initech: one replica on the shared etcd store, no audit sink, no quota. */
  public static TenantCluster externalEtcd() {
    return tenant("initech", ref("eu-etcd-1"));
  }

  /** Only the required fields: no controlPlane, audit, backup, isolation, policy or quota. */
  public static TenantCluster minimal() {
    DataStoreBinding binding = new DataStoreBinding();
    binding.setEmbedded(new EmbeddedDataStore());
    TenantCluster tenant = tenant("bare", binding);
    tenant.getSpec().setQuota(null);
    return tenant;
  }

  public static ControlPlaneSpec controlPlane(int replicas, boolean scheduler) {
    ControlPlaneSpec spec = new ControlPlaneSpec();
    spec.setReplicas(replicas);
    spec.setScheduler(scheduler);
    return spec;
  }

  public static ControlPlaneModel model(TenantCluster tenant) {
    return ControlPlaneModel.fromCrd(tenant, eu(), dataStoreOf(tenant));
  }

  public static DataStore dataStoreOf(TenantCluster tenant) {
    String ref = tenant.getSpec().getDataStore().getRef();
    if (ref == null) {
      return null;
    }
    return ref.equals("eu-postgres-1") ? postgres() : etcd();
  }

  private static DataStoreBinding ref(String name) {
    DataStoreBinding binding = new DataStoreBinding();
    binding.setRef(name);
    return binding;
  }

  private static TenantCluster tenant(String name, DataStoreBinding binding) {
    TenantClusterSpec spec = new TenantClusterSpec();
    spec.setJurisdiction("eu");
    spec.setKubernetesVersion("1.37.2");
    spec.setDataStore(binding);
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("tenants-eu").build());
    tenant.setSpec(spec);
    return tenant;
  }
}
