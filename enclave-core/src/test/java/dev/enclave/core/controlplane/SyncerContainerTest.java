package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.core.sync.SyncPolicyJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyncerContainerTest {
  private static final String TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

  @Test
  void theSyncerRunsInTheControlPlanePodFromTheJurisdictionsRegistry() {
    Container syncer = Rendered.container(Fixtures.embedded(), SyncerContainer.NAME);

    assertThat(syncer.getImage()).isEqualTo("registry.eu.example.com/enclave-syncer:0.1.0");
    assertThat(syncer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(syncer.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(syncer.getResources().getLimits()).containsOnlyKeys("cpu", "memory");
  }

  @Test
  void theSyncerFindsTheTenantKubeconfigAndItsPolicyWhereTheEnvironmentSays() {
    Container syncer = Rendered.container(Fixtures.embedded(), SyncerContainer.NAME);
    Map<String, String> env =
        syncer.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    Map<String, String> mounts =
        syncer.getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));

    assertThat(env)
        .containsEntry("ENCLAVE_TENANT_KUBECONFIG", "/etc/enclave/syncer/kubeconfig")
        .containsEntry("ENCLAVE_SYNC_POLICY", "/etc/enclave/sync-policy/policy.json")
        .containsEntry("ENCLAVE_HEALTH_PORT", "8081");
    assertThat(mounts)
        .containsEntry("syncer-kubeconfig", "/etc/enclave/syncer")
        .containsEntry("sync-policy", "/etc/enclave/sync-policy");
    assertThat(volume(Fixtures.embedded(), "syncer-kubeconfig").getSecret().getSecretName())
        .isEqualTo("acme-syncer-kubeconfig");
    assertThat(volume(Fixtures.embedded(), "sync-policy").getConfigMap().getName())
        .isEqualTo("acme-sync-policy");
  }

  @Test
  void theSyncersJvmTakesThreeQuartersOfItsMemoryLimitAndSizesItselfForTwoProcessors() {
    Container syncer = Rendered.container(Fixtures.embedded(), SyncerContainer.NAME);

    assertThat(syncer.getEnv())
        .filteredOn(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValue().split(" "))
                    .contains("-XX:MaxRAMPercentage=75", "-XX:ActiveProcessorCount=2"));
    assertThat(syncer.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
  }

  @Test
  void theSyncPolicyConfigMapHoldsThePolicyOfTheTenantInItsJurisdiction() {
    TenantCluster tenant = Fixtures.embedded();
    ConfigMap configMap = Rendered.named(tenant, ConfigMap.class, "acme-sync-policy");

    SyncPolicy policy = SyncPolicyJson.read(configMap.getData().get("policy.json"), "test");

    assertThat(policy).isEqualTo(SyncPolicy.of(tenant, Fixtures.eu()));
    assertThat(policy.hostNamespace()).isEqualTo("tc-tenants-eu-acme");
  }

  @Test
  void onlyTheSyncerContainerMountsTheHostTokenAndThePodAutomountsNone() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      PodSpec pod = Rendered.statefulSet(tenant).getSpec().getTemplate().getSpec();

      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      assertThat(pod.getServiceAccountName()).isEqualTo(HostNames.syncerServiceAccount(tenant));
      for (Container container : pod.getContainers()) {
        boolean mountsToken =
            container.getVolumeMounts().stream()
                .anyMatch(
                    m ->
                        m.getName().equals("syncer-host-token")
                            || m.getMountPath().equals(TOKEN_PATH));
        assertThat(mountsToken)
            .as(container.getName())
            .isEqualTo(container.getName().equals(SyncerContainer.NAME));
      }
    }
  }

  @Test
  void theHostTokenIsABoundTokenWithTheHostCaAndNamespace() {
    Volume token = volume(Fixtures.embedded(), "syncer-host-token");

    assertThat(token.getProjected().getSources())
        .satisfiesExactly(
            s -> {
              assertThat(s.getServiceAccountToken().getPath()).isEqualTo("token");
              assertThat(s.getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607L);
            },
            s -> assertThat(s.getConfigMap().getName()).isEqualTo("kube-root-ca.crt"),
            s ->
                assertThat(s.getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
  }

  @Test
  void theKubeletProbesLivenessButReadinessNeverTakesTheTenantApiOffline() {
    Container syncer = Rendered.container(Fixtures.embedded(), SyncerContainer.NAME);

    assertThat(syncer.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(syncer.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8081);
    assertThat(syncer.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(syncer.getReadinessProbe()).isNull();
  }

  private static Volume volume(TenantCluster tenant, String name) {
    return Rendered.statefulSet(tenant).getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
