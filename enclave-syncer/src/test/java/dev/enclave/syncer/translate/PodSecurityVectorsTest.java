package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.baseline;
import static dev.enclave.syncer.translate.Fixtures.baselinePod;
import static dev.enclave.syncer.translate.Fixtures.fields;
import static dev.enclave.syncer.translate.Fixtures.refused;
import static dev.enclave.syncer.translate.Fixtures.restricted;
import static dev.enclave.syncer.translate.Fixtures.restrictedPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

/** Pod Security Standards vectors: what a tenant pod may not ask of the node. */
class PodSecurityVectorsTest {

  private static Translation<Pod> baselineSync(Pod pod) {
    return PodEnforcer.toHost(pod, baseline(), Fixtures.CONTEXT);
  }

  private static Translation<Pod> restrictedSync(Pod pod) {
    return PodEnforcer.toHost(pod, restricted(), Fixtures.CONTEXT);
  }

  @Test
  void aPrivilegedContainerIsRefusedWithFieldFoundAndAllowed() {
    Pod pod =
        baselinePod()
            .editSpec()
            .editFirstContainer()
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(refused(baselineSync(pod)))
        .containsExactly(
            new Refusal(
                "spec.containers[0].securityContext.privileged",
                "found true; allowed: false or unset"));
  }

  @Test
  void hostNetworkHostPidAndHostIpcAreEachRefused() {
    Pod pod =
        baselinePod()
            .editSpec()
            .withHostNetwork(true)
            .withHostPID(true)
            .withHostIPC(true)
            .endSpec()
            .build();

    assertThat(fields(baselineSync(pod)))
        .containsExactly("spec.hostNetwork", "spec.hostPID", "spec.hostIPC");
  }

  @Test
  void aHostPortIsRefused() {
    Pod pod =
        baselinePod()
            .editSpec()
            .editFirstContainer()
            .addNewPort()
            .withContainerPort(8080)
            .withHostPort(80)
            .endPort()
            .endContainer()
            .endSpec()
            .build();

    assertThat(fields(baselineSync(pod))).containsExactly("spec.containers[0].ports[0].hostPort");
  }

  @Test
  void addingSysAdminIsRefusedEvenAtBaseline() {
    Pod pod =
        baselinePod()
            .editSpec()
            .editFirstContainer()
            .withNewSecurityContext()
            .withNewCapabilities()
            .withAdd("CHOWN", "SYS_ADMIN")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(refused(baselineSync(pod)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.field())
                  .isEqualTo("spec.containers[0].securityContext.capabilities.add[1]");
              assertThat(r.message())
                  .startsWith("found \"SYS_ADMIN\"; allowed: one of [AUDIT_WRITE");
            });
  }

  @Test
  void netRawIsRefusedUnderRestrictedWhereOnlyNetBindServiceMayBeAdded() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .editCapabilities()
            .withAdd("NET_RAW")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(refused(restrictedSync(pod)))
        .containsExactly(
            new Refusal(
                "spec.containers[0].securityContext.capabilities.add[0]",
                "found \"NET_RAW\"; allowed: one of [NET_BIND_SERVICE]"));
  }

  @Test
  void allowPrivilegeEscalationTrueIsRefusedUnderRestricted() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withAllowPrivilegeEscalation(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(refused(restrictedSync(pod)))
        .containsExactly(
            new Refusal(
                "spec.containers[0].securityContext.allowPrivilegeEscalation",
                "found true; allowed: false"));
  }

  @Test
  void runningAsRootUserZeroIsRefusedUnderRestricted() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withRunAsUser(0L)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(fields(restrictedSync(pod)))
        .containsExactly("spec.containers[0].securityContext.runAsUser");
  }

  @Test
  void aMissingSeccompProfileIsRefusedUnderRestricted() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .editSecurityContext()
            .withSeccompProfile(null)
            .endSecurityContext()
            .endSpec()
            .build();

    assertThat(refused(restrictedSync(pod)))
        .containsExactly(
            new Refusal(
                "spec.containers[0].securityContext.seccompProfile.type",
                "found \"unset\"; allowed: RuntimeDefault or Localhost (here or in"
                    + " spec.securityContext)"));
  }

  @Test
  void aPlainPodMissesEveryRestrictedRequirementAndEachIsListed() {
    assertThat(fields(restrictedSync(baselinePod().build())))
        .containsExactly(
            "spec.containers[0].securityContext.capabilities.drop",
            "spec.containers[0].securityContext.allowPrivilegeEscalation",
            "spec.containers[0].securityContext.runAsNonRoot",
            "spec.containers[0].securityContext.seccompProfile.type");
  }

  @Test
  void anUnsafeSysctlIsRefused() {
    Pod pod =
        baselinePod()
            .editSpec()
            .withNewSecurityContext()
            .addNewSysctl()
            .withName("kernel.msgmax")
            .withValue("65536")
            .endSysctl()
            .addNewSysctl()
            .withName("net.ipv4.tcp_syncookies")
            .withValue("1")
            .endSysctl()
            .endSecurityContext()
            .endSpec()
            .build();

    assertThat(fields(baselineSync(pod))).containsExactly("spec.securityContext.sysctls[0].name");
  }

  @Test
  void procMountUnmaskedIsRefused() {
    Pod pod =
        baselinePod()
            .editSpec()
            .editFirstContainer()
            .withNewSecurityContext()
            .withProcMount("Unmasked")
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(refused(baselineSync(pod)))
        .containsExactly(
            new Refusal(
                "spec.containers[0].securityContext.procMount",
                "found \"Unmasked\"; allowed: Default or unset"));
  }

  @Test
  void aWindowsHostProcessContainerIsRefusedAtPodAndContainerLevel() {
    Pod pod =
        baselinePod()
            .editSpec()
            .withNewSecurityContext()
            .withNewWindowsOptions()
            .withHostProcess(true)
            .endWindowsOptions()
            .endSecurityContext()
            .editFirstContainer()
            .withNewSecurityContext()
            .withNewWindowsOptions()
            .withHostProcess(true)
            .endWindowsOptions()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(fields(baselineSync(pod)))
        .containsExactly(
            "spec.securityContext.windowsOptions.hostProcess",
            "spec.containers[0].securityContext.windowsOptions.hostProcess");
  }

  @Test
  void unconfinedSeccompAppArmorAndCustomSeLinuxAreRefused() {
    Pod pod =
        baselinePod()
            .editMetadata()
            .addToAnnotations("container.apparmor.security.beta.kubernetes.io/web", "unconfined")
            .endMetadata()
            .editSpec()
            .editFirstContainer()
            .withNewSecurityContext()
            .withNewSeccompProfile()
            .withType("Unconfined")
            .endSeccompProfile()
            .withNewAppArmorProfile()
            .withType("Unconfined")
            .endAppArmorProfile()
            .withNewSeLinuxOptions()
            .withType("spc_t")
            .endSeLinuxOptions()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(fields(baselineSync(pod)))
        .containsExactlyInAnyOrder(
            "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/web\"]",
            "spec.containers[0].securityContext.seLinuxOptions.type",
            "spec.containers[0].securityContext.seccompProfile.type",
            "spec.containers[0].securityContext.appArmorProfile.type");
  }

  @Test
  void aProbeWithAHostIsRefusedBecauseTheKubeletWouldConnectFromTheNode() {
    Pod pod =
        baselinePod()
            .editSpec()
            .editFirstContainer()
            .withNewLivenessProbe()
            .withNewHttpGet()
            .withHost("169.254.169.254")
            .withPath("/latest/meta-data")
            .withNewPort(80)
            .endHttpGet()
            .endLivenessProbe()
            .endContainer()
            .endSpec()
            .build();

    assertThat(fields(baselineSync(pod)))
        .containsExactly("spec.containers[0].livenessProbe.httpGet.host");
  }

  @Test
  void aPrivilegedInitContainerIsRefusedToo() {
    Pod pod =
        baselinePod()
            .editSpec()
            .addNewInitContainer()
            .withName("init")
            .withImage(Fixtures.IMAGE)
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endInitContainer()
            .endSpec()
            .build();

    assertThat(fields(baselineSync(pod)))
        .containsExactly("spec.initContainers[0].securityContext.privileged");
  }
}
