package dev.enclave.syncer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostWritesTest {
  private KubernetesMockServer server = new KubernetesMockServer(false);
  private KubernetesClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.destroy();
  }

  @Test
  void whenAHostPodIsCreatedFromItsSpecJsonThenTheServerHoldsThatPodWithItsFingerprint() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    client = started();
    Pod desired = pod();
    String spec = Serialization.asJson(desired.getSpec());
    String fingerprint = Fingerprints.ofJson(spec);

    HostWrites.createPod(client, "tc-x", Fingerprints.stamp(desired, fingerprint), spec);

    Pod stored = client.pods().inNamespace("tc-x").withName("web-x-shop").get();
    assertThat(stored.getSpec()).isEqualTo(desired.getSpec());
    assertThat(stored.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(stored.getMetadata().getAnnotations())
        .containsEntry(Fingerprints.ANNOTATION, Fingerprints.of(desired.getSpec()));
  }

  @Test
  void whenTheServerRefusesTheCreateThenItsStatusIsThrownAsFabric8WouldThrowIt() {
    client = started();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/tc-x/pods")
        .andReturn(
            409,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":409,"
                + "\"reason\":\"AlreadyExists\",\"message\":\"pods \\\"web-x-shop\\\" already exists\"}")
        .once();
    Pod desired = pod();
    String spec = Serialization.asJson(desired.getSpec());

    assertThatThrownBy(() -> HostWrites.createPod(client, "tc-x", desired, spec))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
            });
  }

  @Test
  void whenTheServerAnswersWithoutAStatusThenTheCodeIsStillThrown() {
    client = started();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/tc-x/pods")
        .andReturn(403, "forbidden by policy")
        .always();
    Pod desired = pod();
    String spec = Serialization.asJson(desired.getSpec());

    assertThatThrownBy(() -> HostWrites.createPod(client, "tc-x", desired, spec))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  private KubernetesClient started() {
    server.init();
    return server.createClient();
  }

  private static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-x-shop")
        .withNamespace("tc-x")
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.eu.example.com/shop/app:1.0")
        .endContainer()
        .endSpec()
        .build();
  }
}
