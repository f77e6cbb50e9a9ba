package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static dev.enclave.syncer.SyncerFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeAndEventSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private void schedule(String name, String node) {
    Pod host = f.hostPod("shop", name);
    f.host.pods().inNamespace(HOST_NS)
        .resource(new PodBuilder(host).editSpec().withNodeName(node).endSpec().build())
        .update();
  }

  private List<String> tenantNodes() {
    return f.tenant.nodes().list().getItems().stream()
        .map(Node::getMetadata).map(m -> m.getName()).sorted().toList();
  }

  @Test
  void whenPodsRunOnHostNodesThenTheTenantSeesExactlyThoseNodes() {
    f.addHostNode("eu-node-1", "eu");
    f.addHostNode("eu-node-2", "eu");
    f.addHostNode("eu-node-3", "eu");
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "a")).create();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "b")).create();
    eventually(() -> f.hostPod("shop", "a") != null && f.hostPod("shop", "b") != null);

    schedule("a", "eu-node-1");
    schedule("b", "eu-node-2");
    eventually(() -> tenantNodes().equals(List.of("eu-node-1", "eu-node-2")));

    f.tenant.pods().inNamespace("shop").withName("b").delete();
    eventually(() -> tenantNodes().equals(List.of("eu-node-1")));
  }

  @Test
  void whenTheHostReportsAnEventAboutAPodThenTheTenantSeesItOnItsPod() {
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);
    Pod host = f.hostPod("shop", "web");

    f.host.v1().events().inNamespace(HOST_NS).resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(host.getMetadata().getName() + ".1")
                .withNamespace(HOST_NS)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withNamespace(HOST_NS)
                .withName(host.getMetadata().getName())
                .withUid(host.getMetadata().getUid())
                .endInvolvedObject()
                .withType("Normal")
                .withReason("Pulled")
                .withMessage("Successfully pulled image")
                .withCount(1)
                .build())
        .create();

    eventually(
        () -> f.tenant.v1().events().inNamespace("shop").list().getItems().stream()
            .anyMatch(e -> "Pulled".equals(e.getReason())
                && "web".equals(e.getInvolvedObject().getName())));
    assertThat(f.tenant.v1().events().inNamespace("shop").list().getItems())
        .allMatch(e -> !e.getInvolvedObject().getName().contains("-x-"));
  }
}
