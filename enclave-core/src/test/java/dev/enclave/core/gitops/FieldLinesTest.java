package dev.enclave.core.gitops;

import static dev.enclave.core.gitops.Manifests.JURISDICTION;
import static dev.enclave.core.gitops.Manifests.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.SourceLocation;
import org.junit.jupiter.api.Test;

class FieldLinesTest {
  private final GitOpsLoader loader = new GitOpsLoader();

  private Declared<TenantCluster> tenant() {
    return loader.load("tenant.yaml", TENANT).platform().tenantClusters().get(0);
  }

  private Declared<Jurisdiction> jurisdiction() {
    return loader.load("eu.yaml", JURISDICTION).platform().jurisdictions().get(0);
  }

  @Test
  void nestedFieldsPointAtTheLineOfTheirKey() {
    assertThat(tenant().fieldLines())
        .containsEntry("spec", 6)
        .containsEntry("spec.dataStore", 10)
        .containsEntry("spec.dataStore.embedded", 11)
        .containsEntry("spec.dataStore.embedded.storageClass", 12)
        .containsEntry("spec.dataStore.embedded.size", 13);
  }

  @Test
  void flowMappingsShareTheirParentsLine() {
    assertThat(tenant().fieldLines())
        .containsEntry("metadata.name", 4)
        .containsEntry("spec.controlPlane.replicas", 9)
        .containsEntry("spec.audit.sink", 14);
  }

  @Test
  void mapKeysWithDotsAreAppendedAsWritten() {
    assertThat(tenant().fieldLines())
        .containsEntry("spec.quota.pods", 16)
        .containsEntry("spec.quota.requests.cpu", 17);
  }

  @Test
  void listItemsAreIndexed() {
    assertThat(jurisdiction().fieldLines())
        .containsEntry("spec.storageClasses[0]", 9)
        .containsEntry("spec.storageClasses[1]", 10)
        .containsEntry("spec.auditSinks[0]", 12)
        .containsEntry("spec.auditSinks[0].url", 13)
        .containsEntry("spec.placement.nodeSelector.enclave.dev/jurisdiction", 7);
  }

  @Test
  void anUnwrittenFieldResolvesToItsNearestWrittenParent() {
    assertThat(tenant().locationOf("spec.dataStore.ref"))
        .contains(new SourceLocation("tenant.yaml", 10));
  }

  @Test
  void mergeKeysAreExpandedAndWrittenKeysWin() {
    String yaml =
        """
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata: {name: acme, namespace: tenants-eu}
        x-defaults: &backup {target: eu-backups, retention: 7}
        spec:
          backup:
            <<: *backup
            retention: 14
        """;

    LoadResult result = loader.load("t.yaml", yaml);

    Declared<TenantCluster> acme = result.platform().tenantClusters().get(0);
    assertThat(acme.object().getSpec().getBackup().getTarget()).isEqualTo("eu-backups");
    assertThat(acme.object().getSpec().getBackup().getRetention()).isEqualTo(14);
    assertThat(acme.fieldLines())
        .containsEntry("spec.backup.retention", 8)
        .containsEntry("spec.backup.target", 4);
  }
}
