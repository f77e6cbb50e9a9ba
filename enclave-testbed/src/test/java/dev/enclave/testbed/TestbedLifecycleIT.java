package dev.enclave.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A host of its own, stopped by the test: nothing it started survives, even after a failure. */
class TestbedLifecycleIT {
  @Test
  void stopping_a_host_leaves_no_process_behind() throws Exception {
    Path dir = Testbed.directory().resolve("lifecycle");
    HostCluster host =
        HostCluster.start(
            Components.fromEnvironment(),
            dir,
            HostNodes.fromPlatform(Testbed.examplePlatform(), java.util.Map.of("eu", 1, "uk", 1)));
    List<Long> pids = host.processes().stream().map(ManagedProcess::pid).toList();
    assertThat(pids).hasSize(5);
    assertThat(Files.readString(dir.resolve("kube-apiserver.log"))).contains("--authorization-mode=Node,RBAC");
    host.close();
    assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
    assertThat(ProcessLedger.instance().running()).doesNotContainAnyElementsOf(pids);
  }

  @Test
  void an_api_server_that_cannot_start_fails_with_its_log_and_is_stopped() {
    Path dir = Testbed.directory().resolve("failed-start");
    Components components = Components.fromEnvironment();
    List<Long> before = ProcessLedger.instance().running();
    try (Etcd etcd = Etcd.start(components, dir.resolve("etcd"))) {
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  KubeApiServer.start(
                      components,
                      components.newestKubernetes(),
                      "broken",
                      dir,
                      etcd,
                      "/broken",
                      java.util.Map.of("no-such-flag", "1")));
      assertThat(failure).hasMessageContaining("exited with code").hasMessageContaining("no-such-flag");
    }
    assertThat(ProcessLedger.instance().running()).containsExactlyInAnyOrderElementsOf(before);
  }
}
