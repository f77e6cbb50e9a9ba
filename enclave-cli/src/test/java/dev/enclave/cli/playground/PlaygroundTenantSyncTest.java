package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.syncer.translate.HostToTenant;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The playground end to end: a GitOps directory with one tenant cluster, the real operator and the
 * tenant's real syncer; pods are created through the tenant's context of the written kubeconfig.
 */
class PlaygroundTenantSyncTest {
  private static final String HOST_NAMESPACE = "tc-tenants-eu-acme";
  private static final String PLATFORM =
      """
      apiVersion: enclave.dev/v1alpha1
      kind: Jurisdiction
      metadata:
        name: eu
      spec:
        placement:
          nodeSelector:
            enclave.dev/jurisdiction: eu
          tolerations:
            - {key: enclave.dev/dedicated, operator: Equal, value: eu, effect: NoSchedule}
        storageClasses: [eu-encrypted]
        keyManagement:
          kmsEndpoint: unix:///var/run/kmsplugin/eu.sock
        registries: [registry.eu.example.com]
        kubernetesVersions:
          allowed: ["1.37"]
      ---
      apiVersion: enclave.dev/v1alpha1
      kind: TenantCluster
      metadata:
        name: acme
        namespace: tenants-eu
      spec:
        jurisdiction: eu
        kubernetesVersion: "1.37.2"
        dataStore:
          embedded: {storageClass: eu-encrypted, size: 5Gi}
      """;

  @TempDir Path work;
  private Thread playground;
  private final StringWriter out = new StringWriter();
  private KubernetesClient tenant;
  private KubernetesClient host;

  @BeforeEach
  void startPlayground() throws IOException {
    Path dir = Files.createDirectories(work.resolve("platform"));
    Files.writeString(dir.resolve("platform.yaml"), PLATFORM);
    Path kubeconfig = work.resolve("kubeconfig");
    playground =
        new Thread(
            () ->
                new CommandLine(new PlaygroundCommand())
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(new StringWriter(), true))
                    .execute(dir.toString(), "--kubeconfig-out", kubeconfig.toString()),
            "playground-under-test");
    playground.start();
    eventually(
        "the kubeconfig names the tenant's context",
        () -> readable(kubeconfig) ? kubeconfig : null);
    tenant = client(kubeconfig, "tenants-eu.acme");
    host = client(kubeconfig, "host-eu");
  }

  @AfterEach
  void stopPlayground() throws InterruptedException {
    if (tenant != null) {
      tenant.close();
      host.close();
    }
    playground.interrupt();
    playground.join(Duration.ofSeconds(30).toMillis());
  }

  @Test
  void
      whenACompliantPodIsCreatedInTheTenant_thenItRunsOnANodeOfItsJurisdictionAndItsStatusFlowsBack() {
    assertThat(out.toString()).contains("--context tenants-eu.acme").contains("apply -f pod.yaml");

    tenant.pods().inNamespace("default").resource(pod("web", false)).create();

    Pod onHost = eventually("the pod is synced and scheduled on the host", () -> scheduledCopy());
    Node node = host.nodes().withName(onHost.getSpec().getNodeName()).get();
    assertThat(node.getMetadata().getLabels()).containsEntry("enclave.dev/jurisdiction", "eu");
    Pod back =
        eventually(
            "the tenant pod shows the host's node and Running",
            () -> {
              Pod p = tenant.pods().inNamespace("default").withName("web").get();
              boolean running = p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
              return running && p.getSpec().getNodeName() != null ? p : null;
            });
    assertThat(back.getSpec().getNodeName()).isEqualTo(onHost.getSpec().getNodeName());
  }

  @Test
  void whenAPrivilegedPodIsCreatedInTheTenant_thenItNeverReachesTheHostAndAnEventSaysWhy() {
    tenant.pods().inNamespace("default").resource(pod("root", true)).create();

    Event refusal =
        eventually(
            "a tenant Event explains the refusal",
            () ->
                tenant.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> "root".equals(e.getInvolvedObject().getName()))
                    .filter(e -> HostToTenant.REFUSED_REASON.equals(e.getReason()))
                    .findFirst()
                    .orElse(null));
    assertThat(refusal.getType()).isEqualTo("Warning");
    assertThat(refusal.getMessage()).containsIgnoringCase("privileged");
    assertThat(host.pods().inNamespace(HOST_NAMESPACE).list().getItems())
        .noneMatch(p -> p.getMetadata().getName().contains("root"));
  }

  private Pod scheduledCopy() {
    List<Pod> synced =
        host.pods()
            .inNamespace(HOST_NAMESPACE)
            .withLabel("app.kubernetes.io/managed-by", "enclave-syncer")
            .list()
            .getItems();
    return synced.stream()
        .filter(p -> p.getSpec().getNodeName() != null)
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .findFirst()
        .orElse(null);
  }

  /** A pod the restricted profile admits, from the jurisdiction's registry; or privileged. */
  private static Pod pod(String name, boolean privileged) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("app")
        .withImage("registry.eu.example.com/shop/web:1.0")
        .withNewSecurityContext()
        .withPrivileged(privileged ? true : null)
        .withAllowPrivilegeEscalation(privileged)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  private static boolean readable(Path kubeconfig) {
    try {
      return Files.exists(kubeconfig)
          && Files.readString(kubeconfig).contains("name: tenants-eu.acme");
    } catch (IOException e) {
      return false;
    }
  }

  private static KubernetesClient client(Path kubeconfig, String context) throws IOException {
    Config config = Config.fromKubeconfig(context, Files.readString(kubeconfig), null);
    config.setHttp2Disable(true);
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(config)
        .build();
  }

  private static <T> T eventually(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out after 90s waiting until " + what);
  }
}
