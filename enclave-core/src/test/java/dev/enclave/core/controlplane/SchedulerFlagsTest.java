package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulerFlagsTest {

  @Test
  void profilingIsOffAndItServesOnLoopbackOnly() {
    assertThat(SchedulerFlags.of(Fixtures.model(Fixtures.postgresql())).asMap())
        .containsEntry("profiling", "false")
        .containsEntry("bind-address", "127.0.0.1")
        .containsEntry("kubeconfig", "/etc/kubernetes/scheduler/kubeconfig");
  }
}
