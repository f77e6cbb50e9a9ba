package dev.enclave.syncer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** A tenant and a host CRUD mock server, the EU policy, and a syncer between them. */
final class SyncerFixture implements AutoCloseable {
  static final String HOST_NS = "tc-tenants-eu-bank";
  static final SyncPolicy POLICY =
      new SyncPolicy(
          "tenants-eu",
          "bank",
          HOST_NS,
          "eu",
          Map.of("enclave.dev/jurisdiction", "eu"),
          List.of(new Toleration("NoSchedule", "enclave.dev/jurisdiction", "Equal", null, "eu")),
          List.of("registry.eu.example.com"),
          List.of("eu-encrypted", "eu-standard"),
          "gvisor",
          "restricted",
          Set.of("ClusterIP"));

  final MockCluster tenantServer = new MockCluster();
  final MockCluster hostServer = new MockCluster();
  final KubernetesClient tenant = tenantServer.client();
  final KubernetesClient host = hostServer.client();
  /** The syncer's own host client, reading pods as SyncerMain's does; tests read through host. */
  final KubernetesClient syncerHost =
      new KubernetesClientBuilder()
          .withConfig(host.getConfiguration())
          .withKubernetesSerialization(HostSerialization.create())
          .build();
  Syncer syncer;

  SyncerFixture start() {
    return start("10.96.0.10");
  }

  /** A syncer whose tenant API host is this (null: the tenant's API Service in the host). */
  SyncerFixture start(String apiServerHost) {
    syncer =
        Syncer.start(
            tenant,
            syncerHost,
            POLICY,
            SyncerOptions.defaults()
                .withTenantEndpoints(apiServerHost, "10.96.0.53")
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(500)));
    return this;
  }

  static String hostName(String ns, String name) {
    return NameTranslator.hostName(ns, name);
  }

  Pod hostPod(String ns, String name) {
    return host.pods().inNamespace(HOST_NS).withName(hostName(ns, name)).get();
  }

  /** A restricted-compliant pod from the jurisdiction's registry. */
  static Pod pod(String ns, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels("app", name)
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
        .withImage("registry.eu.example.com/shop/app:1.0")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  void addHostNode(String name, String jurisdiction) {
    host.nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("enclave.dev/jurisdiction", jurisdiction)
                .endMetadata()
                .build())
        .create();
  }

  static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  void settle() {
    eventually(() -> syncer.isIdle());
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    eventually(() -> syncer.isIdle());
  }

  @Override
  public void close() {
    if (syncer != null) {
      syncer.close();
    }
    syncerHost.close();
    tenantServer.close();
    hostServer.close();
  }
}
