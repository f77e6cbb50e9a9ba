package dev.enclave.core.compliance;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantSpec;
import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.AuditSpec;
import dev.enclave.api.v1alpha1.BackupSpec;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.ControlPlaneSpec;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.DataStoreSpec;
import dev.enclave.api.v1alpha1.EmbeddedDataStore;
import dev.enclave.api.v1alpha1.IsolationSpec;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.KeyManagement;
import dev.enclave.api.v1alpha1.KubernetesVersions;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.api.v1alpha1.PolicySpec;
import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fully valid Enclave objects, built in code, for tests to break one field at a time. */
final class Fixtures {
  private Fixtures() {}

  /** A jurisdiction labelled {@code enclave.dev/jurisdiction: NAME} with everything it needs. */
  static Jurisdiction jurisdiction(String name) {
    JurisdictionSpec spec = new JurisdictionSpec();
    spec.setDisplayName(name.toUpperCase());
    spec.setFrameworks(
        new ArrayList<>(
            name.equals("uk") ? List.of("UK-GDPR", "UK-DUAA") : List.of("GDPR", "NIS2", "DORA")));
    Placement placement = new Placement();
    placement.setNodeSelector(new LinkedHashMap<>(Map.of("enclave.dev/jurisdiction", name)));
    spec.setPlacement(placement);
    spec.setStorageClasses(new ArrayList<>(List.of(name + "-encrypted", name + "-standard")));
    spec.setAuditSinks(new ArrayList<>(List.of(sink(name + "-siem", "https://siem." + name))));
    KeyManagement keys = new KeyManagement();
    keys.setKmsEndpoint("unix:///var/run/kmsplugin/" + name + ".sock");
    spec.setKeyManagement(keys);
    spec.setBackupTargets(
        new ArrayList<>(List.of(target(name + "-backups", "https://s3." + name + ".example.com"))));
    spec.setRegistries(new ArrayList<>(List.of("registry." + name + ".example.com")));
    KubernetesVersions versions = new KubernetesVersions();
    versions.setAllowed(new ArrayList<>(List.of("1.36", "1.37")));
    versions.setHeld(new ArrayList<>(List.of("1.37.1")));
    spec.setKubernetesVersions(versions);
    spec.setAdminGroups(new ArrayList<>(List.of(name + "-platform-oncall")));
    Jurisdiction jurisdiction = new Jurisdiction();
    jurisdiction.setMetadata(new ObjectMetaBuilder().withName(name).build());
    jurisdiction.setSpec(spec);
    return jurisdiction;
  }

  static AuditSink sink(String name, String url) {
    AuditSink sink = new AuditSink();
    sink.setName(name);
    sink.setUrl(url);
    return sink;
  }

  static BackupTarget target(String name, String endpoint) {
    S3Location s3 = new S3Location();
    s3.setEndpoint(endpoint);
    s3.setBucket("enclave-" + name);
    BackupTarget target = new BackupTarget();
    target.setName(name);
    target.setS3(s3);
    return target;
  }

  /** A PostgreSQL data store on the jurisdiction's encrypted storage class. */
  static DataStore dataStore(String name, String jurisdiction) {
    DataStoreSpec spec = new DataStoreSpec();
    spec.setJurisdiction(jurisdiction);
    spec.setDriver("postgresql");
    spec.setEndpoints(new ArrayList<>(List.of("postgres." + jurisdiction + ".example.com:5432")));
    spec.setStorageClass(jurisdiction + "-encrypted");
    DataStore store = new DataStore();
    store.setMetadata(new ObjectMetaBuilder().withName(name).build());
    store.setSpec(spec);
    return store;
  }

  /** A tenant with an embedded etcd on the jurisdiction's encrypted storage class. */
  static TenantCluster tenant(String namespace, String name, String jurisdiction) {
    TenantClusterSpec spec = new TenantClusterSpec();
    spec.setJurisdiction(jurisdiction);
    spec.setKubernetesVersion("1.37.2");
    ControlPlaneSpec controlPlane = new ControlPlaneSpec();
    controlPlane.setReplicas(3);
    spec.setControlPlane(controlPlane);
    EmbeddedDataStore embedded = new EmbeddedDataStore();
    embedded.setStorageClass(jurisdiction + "-encrypted");
    embedded.setSize("5Gi");
    DataStoreBinding binding = new DataStoreBinding();
    binding.setEmbedded(embedded);
    spec.setDataStore(binding);
    AuditSpec audit = new AuditSpec();
    audit.setSink(jurisdiction + "-siem");
    spec.setAudit(audit);
    BackupSpec backup = new BackupSpec();
    backup.setTarget(jurisdiction + "-backups");
    backup.setSchedule("0 */6 * * *");
    backup.setRetention(14);
    spec.setBackup(backup);
    IsolationSpec isolation = new IsolationSpec();
    isolation.setRuntimeClassName("gvisor");
    isolation.setPodSecurity("restricted");
    spec.setIsolation(isolation);
    PolicySpec policy = new PolicySpec();
    policy.setBundles(new ArrayList<>(List.of("residency", "image-provenance", "sbom")));
    spec.setPolicy(policy);
    spec.setQuota(
        new LinkedHashMap<>(
            Map.of("pods", "200", "requests.cpu", "64", "requests.nvidia.com/gpu", "8")));
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    tenant.setSpec(spec);
    return tenant;
  }

  /** A tenant that keeps its state in a shared data store. */
  static TenantCluster tenantOnDataStore(
      String namespace, String name, String jurisdiction, String dataStore) {
    TenantCluster tenant = tenant(namespace, name, jurisdiction);
    tenant.getSpec().getDataStore().setEmbedded(null);
    tenant.getSpec().getDataStore().setRef(dataStore);
    return tenant;
  }

  /** A two-hour view grant to the on-call group of the tenant's jurisdiction. */
  static AccessGrant grant(String namespace, String name, String tenant, String group) {
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setTenantCluster(tenant);
    spec.setGroup(group);
    spec.setRole("view");
    spec.setDuration("2h");
    spec.setJustification("INC-4711: etcd latency alarm");
    AccessGrant grant = new AccessGrant();
    grant.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    grant.setSpec(spec);
    return grant;
  }
}
