package dev.enclave.core.drift;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** The eu jurisdiction, a tenant in it, and host facts that comply with it. */
final class DriftFixtures {
  static final String EU_SIEM = "https://siem.eu.example.com/k8s-audit";
  static final Map<String, String> EU_NODE =
      Map.of("enclave.dev/jurisdiction", "eu", "topology.kubernetes.io/region", "eu-central-1");

  private DriftFixtures() {}

  static Jurisdiction eu() {
    JurisdictionSpec spec = new JurisdictionSpec();
    Placement placement = new Placement();
    placement.setNodeSelector(
        Map.of("enclave.dev/jurisdiction", "eu", "topology.kubernetes.io/region", "eu-central-1"));
    spec.setPlacement(placement);
    spec.setStorageClasses(List.of("eu-encrypted"));
    AuditSink sink = new AuditSink();
    sink.setName("eu-siem");
    sink.setUrl(EU_SIEM);
    spec.setAuditSinks(List.of(sink));
    BackupTarget target = new BackupTarget();
    target.setName("eu-backups");
    target.setS3(s3("https://s3.eu.example.com", "enclave-eu"));
    spec.setBackupTargets(List.of(target));
    Jurisdiction eu = new Jurisdiction();
    eu.setMetadata(new ObjectMetaBuilder().withName("eu").build());
    eu.setSpec(spec);
    return eu;
  }

  static TenantCluster acme() {
    TenantClusterSpec spec = new TenantClusterSpec();
    spec.setJurisdiction("eu");
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(
        new ObjectMetaBuilder().withNamespace("tenants-eu").withName("acme").build());
    tenant.setSpec(spec);
    return tenant;
  }

  static S3Location s3(String endpoint, String bucket) {
    S3Location s3 = new S3Location();
    s3.setEndpoint(endpoint);
    s3.setBucket(bucket);
    return s3;
  }
}
