package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneContainers.API_SERVER;
import static dev.enclave.core.controlplane.ControlPlaneContainers.CONTROLLER_MANAGER;
import static dev.enclave.core.controlplane.ControlPlaneContainers.ETCD;
import static dev.enclave.core.controlplane.ControlPlaneContainers.KINE;
import static dev.enclave.core.controlplane.ControlPlaneContainers.KMS_PLUGIN;
import static dev.enclave.core.controlplane.ControlPlaneContainers.SCHEDULER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

class ControlPlaneStatefulSetBuilderTest {

  @Test
  void everyContainerRunsWithTheRestrictedSecurityContext() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      for (Container container : Rendered.containers(Rendered.of(tenant))) {
        SecurityContext context = container.getSecurityContext();
        assertThat(context.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
        assertThat(context.getPrivileged()).as(container.getName()).isNotEqualTo(Boolean.TRUE);
        assertThat(context.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
        assertThat(context.getCapabilities().getDrop())
            .as(container.getName())
            .containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).as(container.getName()).isEmpty();
      }
    }
  }

  @Test
  void everyPodRunsAsNonRootWithRuntimeDefaultSeccompAndNoServiceAccountToken() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      for (PodTemplateSpec template : Rendered.podTemplates(Rendered.of(tenant))) {
        PodSpec pod = template.getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
            .isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName())
            .isIn(HostNames.syncerServiceAccount(tenant), HostNames.corednsServiceAccount(tenant));
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getVolumes()).extracting(Volume::getHostPath).containsOnlyNulls();
      }
    }
  }

  @Test
  void everyContainerSetsCpuAndMemoryRequestsAndLimits() {
    for (Container container : Rendered.containers(Rendered.of(Fixtures.postgresql()))) {
      assertThat(container.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
      assertThat(container.getResources().getLimits()).containsOnlyKeys("cpu", "memory");
    }
  }

  @Test
  void everyImageComesFromTheJurisdictionsFirstRegistry() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      assertThat(Rendered.containers(Rendered.of(tenant)))
          .extracting(Container::getImage)
          .allSatisfy(image -> assertThat(image).startsWith(Fixtures.REGISTRY + "/"));
    }
  }

  @Test
  void upstreamImagesRunTheTenantsKubernetesVersion() {
    assertThat(Rendered.container(Fixtures.embedded(), API_SERVER).getImage())
        .isEqualTo("registry.eu.example.com/kube-apiserver:v1.37.2");
    assertThat(Rendered.container(Fixtures.embedded(), CONTROLLER_MANAGER).getImage())
        .isEqualTo("registry.eu.example.com/kube-controller-manager:v1.37.2");
    assertThat(Rendered.container(Fixtures.embedded(), ETCD).getImage())
        .isEqualTo("registry.eu.example.com/etcd:3.6.17-0");
  }

  @Test
  void etcdRunsInThePodOnlyWhenTheDataStoreIsEmbedded() {
    assertThat(Rendered.containerNames(Fixtures.embedded()))
        .containsExactly(API_SERVER, CONTROLLER_MANAGER, ETCD, SyncerContainer.NAME);
    assertThat(Rendered.containerNames(Fixtures.externalEtcd()))
        .containsExactly(API_SERVER, CONTROLLER_MANAGER, SyncerContainer.NAME);
  }

  @Test
  void theKmsPluginIsANativeSidecarThatStartsBeforeTheApiServer() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      assertThat(Rendered.initContainerNames(tenant)).containsExactly(KMS_PLUGIN);
      Container plugin = Rendered.container(tenant, KMS_PLUGIN);
      assertThat(plugin.getRestartPolicy()).isEqualTo("Always");
      // The kubelet holds the containers back until this passes: the socket serves.
      assertThat(plugin.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(plugin.getStartupProbe().getHttpGet().getPort().getIntVal())
          .isEqualTo(KmsPluginFlags.HEALTH_PORT);
      assertThat(plugin.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
      assertThat(plugin.getArgs()).contains("--health-listen=0.0.0.0:" + KmsPluginFlags.HEALTH_PORT);
      assertThat(plugin.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(KmsPluginFlags.HEALTH_PORT);
    }
  }

  @Test
  void kineRunsOnlyForAPostgresqlDataStore() {
    assertThat(Rendered.containerNames(Fixtures.postgresql())).contains(KINE).doesNotContain(ETCD);
    assertThat(Rendered.containerNames(Fixtures.embedded())).doesNotContain(KINE);
    assertThat(Rendered.containerNames(Fixtures.externalEtcd())).doesNotContain(KINE);
  }

  @Test
  void theSchedulerRunsOnlyWhenAskedFor() {
    assertThat(Rendered.containerNames(Fixtures.postgresql())).contains(SCHEDULER);
    assertThat(Rendered.containerNames(Fixtures.embedded())).doesNotContain(SCHEDULER);
  }

  @Test
  void embeddedEtcdKeepsItsDataOnAClaimOfTheDeclaredStorageClassAndSize() {
    StatefulSet statefulSet = Rendered.statefulSet(Fixtures.embedded());

    assertThat(statefulSet.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            claim -> {
              assertThat(claim.getMetadata().getName()).isEqualTo("etcd-data");
              assertThat(claim.getSpec().getStorageClassName()).isEqualTo("eu-encrypted");
              assertThat(claim.getSpec().getResources().getRequests())
                  .containsEntry("storage", new Quantity("10Gi"));
            });
    assertThat(Rendered.statefulSet(Fixtures.minimal()).getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            claim ->
                assertThat(claim.getSpec().getResources().getRequests())
                    .containsEntry("storage", new Quantity("5Gi")));
    assertThat(Rendered.statefulSet(Fixtures.postgresql()).getSpec().getVolumeClaimTemplates())
        .isEmpty();
  }

  @Test
  void replicasComeFromTheSpecAndDefaultToOne() {
    assertThat(Rendered.statefulSet(Fixtures.postgresql()).getSpec().getReplicas()).isEqualTo(3);
    assertThat(Rendered.statefulSet(Fixtures.minimal()).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void theSelectorIsStableAndMatchesThePodLabels() {
    StatefulSet statefulSet = Rendered.statefulSet(Fixtures.embedded());

    assertThat(statefulSet.getSpec().getSelector().getMatchLabels())
        .containsOnlyKeys(
            "app.kubernetes.io/name", "app.kubernetes.io/component", "enclave.dev/tenant-cluster");
    assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(statefulSet.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theApiServerIsProbedOnItsSecurePortWithoutAnonymousRequests() {
    Container apiServer = Rendered.container(Fixtures.embedded(), API_SERVER);

    assertThat(apiServer.getLivenessProbe().getHttpGet()).isNull();
    assertThat(apiServer.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(6443);
    assertThat(apiServer.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(6443);
    assertThat(apiServer.getStartupProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(6443);
  }

  @Test
  void theKmsPluginSharesAPodLocalSocketDirectoryWithTheApiServer() {
    Container apiServer = Rendered.container(Fixtures.embedded(), API_SERVER);
    Container plugin = Rendered.container(Fixtures.embedded(), KMS_PLUGIN);

    assertThat(apiServer.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/run/kmsplugin"));
    assertThat(plugin.getVolumeMounts())
        .extracting(m -> m.getName())
        .containsExactly("kms-socket", "kms-key");
    assertThat(
            Rendered.statefulSet(Fixtures.embedded())
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("kms-socket");
              assertThat(v.getEmptyDir()).isNotNull();
            });
  }

  @Test
  void theCaPrivateKeyIsNeverMounted() {
    Volume ca =
        Rendered.statefulSet(Fixtures.embedded())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getVolumes()
            .stream()
            .filter(v -> v.getName().equals("ca"))
            .findFirst()
            .orElseThrow();

    assertThat(ca.getSecret().getSecretName()).isEqualTo("acme-ca");
    assertThat(ca.getSecret().getItems()).extracting("key").containsExactly("ca.crt");
  }

  @Test
  void aChangedConfigurationRollsThePods() {
    String withSink =
        Rendered.statefulSet(Fixtures.embedded())
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(ControlPlaneStatefulSetBuilder.CONFIG_HASH_ANNOTATION);
    TenantCluster withoutSink = Fixtures.embedded();
    withoutSink.getSpec().setAudit(null);

    assertThat(withSink).hasSize(16);
    assertThat(
            Rendered.statefulSet(withoutSink)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(ControlPlaneStatefulSetBuilder.CONFIG_HASH_ANNOTATION))
        .isNotEqualTo(withSink);
  }

  @Test
  void podsStartInParallelSoEtcdMembersCanFormAQuorum() {
    assertThat(Rendered.statefulSet(Fixtures.embedded()).getSpec().getPodManagementPolicy())
        .isEqualTo("Parallel");
  }
}
