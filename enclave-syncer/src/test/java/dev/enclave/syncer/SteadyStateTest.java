package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.eventually;
import static dev.enclave.syncer.SyncerFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SteadyStateTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void whenNothingChangesThenTheSyncerWritesNothingToTheHost() {
    for (int i = 0; i < 5; i++) {
      f.tenant.pods().inNamespace("shop").resource(pod("shop", "web-" + i)).create();
    }
    f.start();
    eventually(() -> f.hostPod("shop", "web-4") != null);
    f.settle();
    f.syncer.close();
    f.hostServer.clearWrites();
    f.tenantServer.clearWrites();

    f.start();
    f.settle();

    assertThat(f.hostServer.writes()).as("host writes after a restart at steady state").isEmpty();
    assertThat(f.tenantServer.writes()).as("tenant writes after a restart").isEmpty();
  }
}
