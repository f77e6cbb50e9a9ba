package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.render.ManifestWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneBuilderTest {

  @Test
  void theNamespaceComesFirstAndEverythingElseLivesInIt() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      List<HasMetadata> objects = Rendered.of(tenant);

      assertThat(objects.get(0)).isInstanceOf(Namespace.class);
      assertThat(objects.subList(1, objects.size()))
          .filteredOn(o -> !(o instanceof ClusterRoleBinding))
          .allSatisfy(
              o ->
                  assertThat(o.getMetadata().getNamespace())
                      .isEqualTo(HostNames.hostNamespace(tenant)));
    }
  }

  @Test
  void everyObjectCarriesTheIdentifyingLabels() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      assertThat(Rendered.of(tenant))
          .allSatisfy(
              o ->
                  assertThat(o.getMetadata().getLabels())
                      .containsEntry(EnclaveApi.TENANT_NAME_LABEL, tenant.getMetadata().getName())
                      .containsEntry(EnclaveApi.TENANT_NAMESPACE_LABEL, "tenants-eu")
                      .containsEntry(EnclaveApi.JURISDICTION_LABEL, "eu")
                      .containsEntry(EnclaveApi.MANAGED_BY_LABEL, "enclave")
                      .containsKeys(HostLabels.NAME_LABEL, HostLabels.COMPONENT_LABEL));
    }
  }

  @Test
  void theEmbeddedTenantRendersItsObjectsInApplyOrder() {
    assertThat(Rendered.of(Fixtures.embedded()))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "Namespace/tc-tenants-eu-acme",
            "ServiceAccount/acme-syncer",
            "ServiceAccount/acme-coredns",
            "ServiceAccount/acme-workloads",
            "RoleBinding/acme-syncer",
            "ClusterRoleBinding/tc-tenants-eu-acme-syncer-nodes",
            "ResourceQuota/acme-quota",
            "LimitRange/acme-defaults",
            "NetworkPolicy/enclave-default-deny",
            "NetworkPolicy/enclave-allow-dns",
            "NetworkPolicy/enclave-allow-apiserver",
            "NetworkPolicy/enclave-allow-apiserver-egress",
            "NetworkPolicy/enclave-allow-control-plane-egress",
            "NetworkPolicy/enclave-allow-host-api",
            "NetworkPolicy/enclave-allow-tenant-dns",
            "NetworkPolicy/enclave-allow-workload-egress",
            "NetworkPolicy/enclave-allow-workload-ingress",
            "NetworkPolicy/enclave-allow-audit-sink",
            "ConfigMap/acme-audit-policy",
            "ConfigMap/acme-audit-webhook",
            "ConfigMap/acme-encryption",
            "ConfigMap/acme-sync-policy",
            "ConfigMap/acme-coredns",
            "Service/acme-headless",
            "Service/acme",
            "Service/acme-dns",
            "StatefulSet/acme",
            "Deployment/acme-coredns");
  }

  @Test
  void anHaTenantAlsoGetsADisruptionBudget() {
    List<HasMetadata> objects = Rendered.of(Fixtures.postgresql());

    assertThat(objects.get(objects.size() - 1).getKind()).isEqualTo("PodDisruptionBudget");
  }

  @Test
  void secretsAreReferencedButNeverRendered() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      List<HasMetadata> objects = Rendered.of(tenant);
      String yaml = ManifestWriter.toYaml(objects);

      assertThat(objects).noneMatch(Secret.class::isInstance);
      assertThat(yaml).doesNotContain("PRIVATE KEY").doesNotContain("kind: Secret");
      assertThat(yaml).contains("secretName: " + HostNames.caSecret(tenant));
    }
  }

  @Test
  void noPodMountsTheAdminOrTheOperatorsBootstrapCredentials() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      assertThat(ManifestWriter.toYaml(Rendered.of(tenant)))
          .doesNotContain(HostNames.adminKubeconfigSecret(tenant))
          .doesNotContain(HostNames.bootstrapKubeconfigSecret(tenant));
    }
  }

  @Test
  void theOnlyHostRbacIsTheSyncersTwoBindingsToTheSharedClusterRoles() {
    List<HasMetadata> rbac =
        Rendered.of(Fixtures.postgresql()).stream()
            .filter(o -> o.getApiVersion().startsWith("rbac.authorization.k8s.io/"))
            .toList();

    assertThat(rbac)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "RoleBinding/globex-syncer", "ClusterRoleBinding/tc-tenants-eu-globex-syncer-nodes");
  }

  @Test
  void aTenantWithOnlyRequiredFieldsRendersWithoutFailing() {
    TenantCluster tenant = Fixtures.minimal();
    tenant.getSpec().setControlPlane(null);
    tenant.getSpec().setAudit(null);
    tenant.getSpec().setBackup(null);
    tenant.getSpec().setIsolation(null);
    tenant.getSpec().setPolicy(null);
    tenant.getSpec().setQuota(null);

    assertThat(Rendered.of(tenant)).isNotEmpty();
  }

  @Test
  void buildingTwiceGivesByteIdenticalYaml() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      assertThat(ManifestWriter.toYaml(Rendered.of(tenant)))
          .isEqualTo(ManifestWriter.toYaml(Rendered.of(tenant)));
    }
  }

  @Test
  void theOrderOfTheJurisdictionsSelectorDoesNotChangeTheOutput() {
    var reversed = Fixtures.eu();
    var selector = new java.util.LinkedHashMap<String, String>();
    selector.put("enclave.dev/jurisdiction", "eu");
    selector.put("topology.kubernetes.io/region", "eu-central-1");
    reversed.getSpec().getPlacement().setNodeSelector(selector);

    assertThat(
            ManifestWriter.toYaml(ControlPlaneBuilder.build(Fixtures.embedded(), reversed, null)))
        .isEqualTo(ManifestWriter.toYaml(Rendered.of(Fixtures.embedded())));
  }
}
