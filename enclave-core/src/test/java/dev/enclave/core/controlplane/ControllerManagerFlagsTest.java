package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerManagerFlagsTest {

  private final Map<String, String> flags =
      ControllerManagerFlags.of(Fixtures.model(Fixtures.embedded())).asMap();

  @Test
  void profilingIsOffAndItServesOnLoopbackOnly() {
    assertThat(flags)
        .containsEntry("profiling", "false")
        .containsEntry("bind-address", "127.0.0.1");
  }

  @Test
  void eachControllerUsesItsOwnServiceAccount() {
    assertThat(flags)
        .containsEntry("use-service-account-credentials", "true")
        .containsEntry("service-account-private-key-file", "/etc/kubernetes/pki/sa/sa.key")
        .containsEntry("root-ca-file", "/etc/kubernetes/pki/ca/ca.crt")
        .containsEntry("kubeconfig", "/etc/kubernetes/controller-manager/kubeconfig");
  }

  @Test
  void nodeAndVolumeControllersAreOffForANodelessTenant() {
    assertThat(flags.get("controllers"))
        .startsWith("*,")
        .contains("-node-ipam-controller", "-node-lifecycle-controller", "-persistentvolume-attach-detach-controller", "-persistentvolume-binder-controller");
  }
}
