package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.baseline;
import static dev.enclave.syncer.translate.Fixtures.baselinePod;
import static dev.enclave.syncer.translate.Fixtures.fields;
import static dev.enclave.syncer.translate.Fixtures.refused;
import static dev.enclave.syncer.translate.Fixtures.restricted;
import static dev.enclave.syncer.translate.Fixtures.restrictedPod;
import static dev.enclave.syncer.translate.Fixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import org.junit.jupiter.api.Test;

/** Volume and token vectors: no node files, no foreign storage, no host credentials. */
class VolumeAndTokenVectorsTest {

  private static Translation<Pod> sync(Pod pod) {
    return PodEnforcer.toHost(pod, restricted(), Fixtures.CONTEXT);
  }

  private static PodBuilder mounting(PodBuilder pod, Volume volume, String subPath) {
    return pod.editSpec()
        .addToVolumes(volume)
        .editFirstContainer()
        .addNewVolumeMount()
        .withName(volume.getName())
        .withMountPath("/data")
        .withSubPath(subPath)
        .endVolumeMount()
        .endContainer()
        .endSpec();
  }

  private static Volume emptyDir() {
    return new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build();
  }

  @Test
  void aHostPathVolumeIsRefusedEvenAtBaseline() {
    Volume hostPath = new VolumeBuilder().withName("root").withNewHostPath("/", null).build();
    Pod pod = mounting(baselinePod(), hostPath, null).build();

    assertThat(refused(PodEnforcer.toHost(pod, baseline(), Fixtures.CONTEXT)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.field()).isEqualTo("spec.volumes[0].hostPath");
              assertThat(r.message())
                  .startsWith("found \"hostPath volume (the node's file system)\"");
            });
  }

  @Test
  void aHostPathVolumeUsedOnlyByAnInitContainerIsRefused() {
    Volume hostPath = new VolumeBuilder().withName("root").withNewHostPath("/etc", null).build();
    Pod pod =
        restrictedPod()
            .editSpec()
            .addToVolumes(hostPath)
            .addNewInitContainer()
            .withName("init")
            .withImage(Fixtures.IMAGE)
            .withSecurityContext(
                restrictedPod().build().getSpec().getContainers().get(0).getSecurityContext())
            .addNewVolumeMount()
            .withName("root")
            .withMountPath("/host")
            .endVolumeMount()
            .endInitContainer()
            .endSpec()
            .build();

    assertThat(fields(sync(pod))).containsExactly("spec.volumes[0].hostPath");
  }

  @Test
  void aSubPathClimbingOutOfItsVolumeIsRefused() {
    Pod pod = mounting(restrictedPod(), emptyDir(), "logs/../../etc").build();

    assertThat(refused(sync(pod)))
        .containsExactly(
            new Refusal(
                "spec.containers[0].volumeMounts[0].subPath",
                "found \"logs/../../etc\"; allowed: a relative path without \"..\""));
  }

  @Test
  void anAbsoluteSubPathIsRefused() {
    Pod pod = mounting(restrictedPod(), emptyDir(), "/etc/shadow").build();

    assertThat(fields(sync(pod))).containsExactly("spec.containers[0].volumeMounts[0].subPath");
  }

  @Test
  void anySubPathExprIsRefused() {
    Pod pod =
        mounting(restrictedPod(), emptyDir(), null)
            .editSpec()
            .editFirstContainer()
            .editFirstVolumeMount()
            .withSubPathExpr("$(POD_NAME)")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();

    assertThat(fields(sync(pod))).containsExactly("spec.containers[0].volumeMounts[0].subPathExpr");
  }

  @Test
  void anOrdinarySubPathIsKept() {
    Pod pod = mounting(restrictedPod(), emptyDir(), "logs/app").build();

    assertThat(
            synced(sync(pod))
                .getSpec()
                .getContainers()
                .get(0)
                .getVolumeMounts()
                .get(0)
                .getSubPath())
        .isEqualTo("logs/app");
  }

  @Test
  void aCsiInlineVolumeIsRefusedBecauseItBypassesTheStorageClasses() {
    Volume csi =
        new VolumeBuilder()
            .withName("bucket")
            .withNewCsi()
            .withDriver("s3.csi.aws.com")
            .endCsi()
            .build();
    Pod pod = mounting(restrictedPod(), csi, null).build();

    assertThat(refused(sync(pod)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.field()).isEqualTo("spec.volumes[0].csi");
              assertThat(r.message())
                  .contains("CSI inline volumes bypass the jurisdiction's storage classes");
            });
  }

  @Test
  void anNfsVolumeIsRefusedBecauseItsServerIsNotTheJurisdictions() {
    Volume nfs =
        new VolumeBuilder()
            .withName("share")
            .withNewNfs("/export", false, "nfs.us.example.com")
            .build();

    assertThat(fields(sync(mounting(restrictedPod(), nfs, null).build())))
        .containsExactly("spec.volumes[0].nfs");
  }

  @Test
  void anEphemeralContainerIsRefused() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .addNewEphemeralContainer()
            .withName("debugger")
            .withImage(Fixtures.IMAGE)
            .endEphemeralContainer()
            .endSpec()
            .build();

    assertThat(refused(sync(pod)))
        .containsExactly(
            new Refusal(
                "spec.ephemeralContainers",
                "found \"1 ephemeral container(s)\"; allowed: none; ephemeral containers are not"
                    + " synced in this version"));
  }

  @Test
  void aProjectedTokenForAnotherAudienceIsRefused() {
    Volume token =
        new VolumeBuilder()
            .withName("vault")
            .withNewProjected()
            .addNewSource()
            .withNewServiceAccountToken()
            .withAudience("vault")
            .withPath("token")
            .endServiceAccountToken()
            .endSource()
            .endProjected()
            .build();

    assertThat(fields(sync(mounting(restrictedPod(), token, null).build())))
        .containsExactly("spec.volumes[0].projected.sources[0].serviceAccountToken.audience");
  }

  @Test
  void aProjectedApiTokenIsReplacedByTheTenantTokenAndNeverReachesTheHost() {
    Volume apiAccess =
        new VolumeBuilder()
            .withName("kube-api-access-abcde")
            .withNewProjected()
            .addNewSource()
            .withNewServiceAccountToken()
            .withPath("token")
            .withExpirationSeconds(3607L)
            .endServiceAccountToken()
            .endSource()
            .addNewSource()
            .withNewConfigMap()
            .withName("kube-root-ca.crt")
            .endConfigMap()
            .endSource()
            .addNewSource()
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("namespace")
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .endSource()
            .endProjected()
            .build();
    Pod pod =
        restrictedPod()
            .editSpec()
            .addToVolumes(apiAccess)
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("kube-api-access-abcde")
            .withMountPath(ServiceAccountTokens.MOUNT_PATH)
            .withReadOnly(true)
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();

    Pod host = synced(sync(pod));

    assertThat(host.getSpec().getVolumes()).hasSize(1);
    var sources = host.getSpec().getVolumes().get(0).getProjected().getSources();
    assertThat(sources).noneMatch(s -> s.getServiceAccountToken() != null);
    assertThat(sources.get(0).getSecret().getName())
        .isEqualTo(NameTranslator.tokenSecretName("shop", "default"));
    assertThat(sources.get(1).getConfigMap().getName())
        .isEqualTo(NameTranslator.hostName("shop", "kube-root-ca.crt"));
    assertThat(sources.get(2).getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
        .isEqualTo("metadata.annotations['enclave.dev/object-namespace']");
  }

  @Test
  void automountTrueStillGivesTheHostPodNoHostTokenButMountsTheTenantToken() {
    Pod pod = restrictedPod().editSpec().withAutomountServiceAccountToken(true).endSpec().build();

    Pod host = synced(sync(pod));

    assertThat(host.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(host.getSpec().getServiceAccountName()).isEqualTo("bank-workloads");
    assertThat(host.getSpec().getVolumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getName()).isEqualTo(ServiceAccountTokens.VOLUME);
              assertThat(v.getProjected().getSources().get(0).getSecret().getName())
                  .isEqualTo(NameTranslator.tokenSecretName("shop", "default"));
            });
    assertThat(host.getSpec().getContainers().get(0).getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo(ServiceAccountTokens.MOUNT_PATH));
    assertThat(host.getSpec().getContainers().get(0).getEnv())
        .contains(
            new EnvVar("KUBERNETES_SERVICE_HOST", "10.96.0.10", null),
            new EnvVar("KUBERNETES_SERVICE_PORT", "443", null));
  }

  @Test
  void automountFalseMountsNoTokenButStillPointsAtTheTenantApi() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .withAutomountServiceAccountToken(false)
            .editFirstContainer()
            .addNewEnv()
            .withName("KUBERNETES_SERVICE_HOST")
            .withValue("kubernetes.default.svc.host-cluster")
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    Pod host = synced(sync(pod));

    assertThat(host.getSpec().getVolumes()).isNullOrEmpty();
    assertThat(host.getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("KUBERNETES_SERVICE_HOST"))
        .extracting(EnvVar::getValue)
        .containsExactly("10.96.0.10");
  }

  @Test
  void anEphemeralVolumeWithAForeignStorageClassIsRefused() {
    Volume ephemeral =
        new VolumeBuilder()
            .withName("cache")
            .withNewEphemeral()
            .withNewVolumeClaimTemplate()
            .withNewSpec()
            .withStorageClassName("us-standard")
            .withAccessModes("ReadWriteOnce")
            .endSpec()
            .endVolumeClaimTemplate()
            .endEphemeral()
            .build();

    assertThat(fields(sync(mounting(restrictedPod(), ephemeral, null).build())))
        .containsExactly("spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName");
  }

  @Test
  void anEmptyPullSecretOrVolumeReferenceIsSyncedEmptyInsteadOfFailingTheTranslation() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .addNewImagePullSecret()
            .withName("")
            .endImagePullSecret()
            .addToVolumes(
                new VolumeBuilder().withName("conf").withNewSecret().withSecretName("").endSecret().build())
            .endSpec()
            .build();

    Pod host = synced(sync(pod));

    assertThat(host.getSpec().getImagePullSecrets().get(0).getName()).isEmpty();
    assertThat(host.getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEmpty());
  }
}
