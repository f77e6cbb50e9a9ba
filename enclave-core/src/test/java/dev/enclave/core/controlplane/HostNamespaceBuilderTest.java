package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.IsolationSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;

class HostNamespaceBuilderTest {

  @Test
  void theHostNamespaceIsNamedAfterTheTenantAndEnforcesRestricted() {
    Namespace namespace = HostNamespaceBuilder.build(Fixtures.model(Fixtures.embedded()));

    assertThat(namespace.getMetadata().getName()).isEqualTo("tc-tenants-eu-acme");
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("pod-security.kubernetes.io/enforce-version", "latest")
        .containsEntry("pod-security.kubernetes.io/audit", "restricted")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted");
  }

  @Test
  void theHostNamespaceCarriesTheJurisdictionAndTenantLabels() {
    Namespace namespace = HostNamespaceBuilder.build(Fixtures.model(Fixtures.embedded()));

    assertThat(namespace.getMetadata().getLabels())
        .containsEntry(EnclaveApi.JURISDICTION_LABEL, "eu")
        .containsEntry(EnclaveApi.TENANT_NAME_LABEL, "acme")
        .containsEntry(EnclaveApi.TENANT_NAMESPACE_LABEL, "tenants-eu")
        .containsEntry(EnclaveApi.MANAGED_BY_LABEL, "enclave");
  }

  @Test
  void aBaselineTenantIsEnforcedAtBaselineButStillWarnedAtRestricted() {
    TenantCluster tenant = Fixtures.embedded();
    IsolationSpec isolation = new IsolationSpec();
    isolation.setPodSecurity("baseline");
    tenant.getSpec().setIsolation(isolation);

    Namespace namespace = HostNamespaceBuilder.build(Fixtures.model(tenant));

    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted");
  }

  @Test
  void aPrivilegedRequestNeverLoosensTheNamespace() {
    TenantCluster tenant = Fixtures.embedded();
    IsolationSpec isolation = new IsolationSpec();
    isolation.setPodSecurity("privileged");
    tenant.getSpec().setIsolation(isolation);

    Namespace namespace = HostNamespaceBuilder.build(Fixtures.model(tenant));

    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }
}
