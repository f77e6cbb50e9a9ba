package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static dev.enclave.syncer.SyncerFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void whenPodsOfOneServiceAccountAreSyncedThenTheyShareOneTokenSecretAndNoHostToken() {
    f.start();
    createWithToken("web-1", "default");
    createWithToken("web-2", "default");
    createWithToken("batch", "jobs");

    eventually(() -> tokenSecrets().size() == 2);
    assertThat(tokenSecrets())
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(
            NameTranslator.tokenSecretName("shop", "default"),
            NameTranslator.tokenSecretName("shop", "jobs"));
    for (String name : List.of("web-1", "web-2")) {
      Pod host = f.hostPod("shop", name);
      assertThat(host.getSpec().getAutomountServiceAccountToken()).isFalse();
      assertThat(host.getSpec().getVolumes())
          .anyMatch(
              v ->
                  v.getProjected() != null
                      && v.getProjected().getSources().stream()
                          .anyMatch(
                              p ->
                                  p.getSecret() != null
                                      && p.getSecret()
                                          .getName()
                                          .equals(
                                              NameTranslator.tokenSecretName("shop", "default"))));
    }
  }

  @Test
  void whenTheLastPodOfAServiceAccountIsDeletedThenItsTokenSecretIsDeleted() {
    f.start();
    createWithToken("web-1", "default");
    createWithToken("web-2", "default");
    eventually(() -> tokenSecrets().size() == 1);

    f.tenant.pods().inNamespace("shop").withName("web-1").delete();
    eventually(() -> f.hostPod("shop", "web-1") == null);
    f.settle();
    assertThat(tokenSecrets()).hasSize(1);

    f.tenant.pods().inNamespace("shop").withName("web-2").delete();
    eventually(() -> tokenSecrets().isEmpty());
  }

  @Test
  void whenASyncerWithSharedTokensRestartsThenItWritesNothing() {
    createWithToken("web-1", "default");
    createWithToken("web-2", "default");
    f.start();
    eventually(() -> f.hostPod("shop", "web-2") != null && tokenSecrets().size() == 1);
    f.settle();
    f.syncer.close();
    f.hostServer.clearWrites();
    f.tenantServer.clearWrites();

    f.start();
    f.settle();

    assertThat(f.hostServer.writes()).as("host writes after a restart").isEmpty();
    assertThat(f.tenantServer.writes()).as("tenant writes after a restart").isEmpty();
  }

  private void createWithToken(String name, String serviceAccount) {
    Pod pod =
        new PodBuilder(pod("shop", name))
            .editSpec()
            .withAutomountServiceAccountToken(null)
            .withServiceAccountName(serviceAccount)
            .endSpec()
            .build();
    f.tenant.pods().inNamespace("shop").resource(pod).create();
  }

  private List<Secret> tokenSecrets() {
    return f.host.secrets().inNamespace(HOST_NS).list().getItems().stream()
        .filter(
            s ->
                NameTranslator.tenantRef(s)
                    .filter(r -> "ServiceAccount".equals(r.kind()))
                    .isPresent())
        .toList();
  }
}
