package dev.enclave.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostClusterIT {
  private static HostCluster host;

  @BeforeAll
  static void startHost() {
    host = Testbed.host();
  }

  @Test
  void the_api_server_reports_the_pinned_release() {
    try (KubernetesClient admin = host.adminClient()) {
      String pinned = Components.fromEnvironment().newestKubernetes();
      assertThat(admin.getKubernetesVersion().getGitVersion()).isEqualTo("v" + pinned);
    }
  }

  @Test
  void nodes_of_each_jurisdiction_are_ready_with_loopback_addresses() {
    try (KubernetesClient admin = host.adminClient()) {
      List<Node> nodes = admin.nodes().list().getItems();
      assertThat(nodes).hasSize(5);
      assertThat(nodes.stream().filter(n -> "eu".equals(n.getMetadata().getLabels().get("enclave.dev/jurisdiction"))))
          .hasSize(3);
      assertThat(nodes)
          .allSatisfy(
              n ->
                  assertThat(n.getStatus().getAddresses())
                      .filteredOn(a -> "InternalIP".equals(a.getType()))
                      .allSatisfy(a -> assertThat(a.getAddress()).startsWith("127.")));
      Node eu = admin.nodes().withName("eu-node-1").get();
      assertThat(eu.getSpec().getTaints()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("enclave.dev/dedicated"));
    }
  }

  @Test
  void a_deployment_gets_a_replicaset_and_running_pods_on_the_nodes_its_selector_names() {
    try (KubernetesClient admin = host.adminClient()) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("it-deploy").endMetadata().build()).create();
      Deployment web =
          new DeploymentBuilder()
              .withNewMetadata().withName("web").withNamespace("it-deploy").endMetadata()
              .withNewSpec()
              .withReplicas(2)
              .withNewSelector().addToMatchLabels("app", "web").endSelector()
              .withNewTemplate()
              .withNewMetadata().addToLabels("app", "web").endMetadata()
              .withNewSpec()
              .addToNodeSelector("enclave.dev/jurisdiction", "uk")
              .addNewContainer().withName("web").withImage("registry.uk.example.com/web:1").endContainer()
              .endSpec()
              .endTemplate()
              .endSpec()
              .build();
      admin.apps().deployments().resource(web).create();
      await(
          "two Running pods of web",
          () ->
              admin.pods().inNamespace("it-deploy").withLabel("app", "web").list().getItems().stream()
                      .filter(p -> "Running".equals(p.getStatus().getPhase()))
                      .count()
                  == 2);
      for (Pod pod : admin.pods().inNamespace("it-deploy").withLabel("app", "web").list().getItems()) {
        assertThat(pod.getSpec().getNodeName()).startsWith("uk-node-");
        assertThat(pod.getStatus().getPodIP()).startsWith("127.");
        assertThat(pod.getMetadata().getOwnerReferences()).extracting("kind").containsExactly("ReplicaSet");
      }
    }
  }

  @Test
  void a_service_account_is_authorized_by_rbac_only() {
    try (KubernetesClient admin = host.adminClient()) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("it-rbac").endMetadata().build()).create();
      admin.serviceAccounts().inNamespace("it-rbac").resource(new ServiceAccountBuilder().withNewMetadata().withName("nobody").endMetadata().build()).create();
      try (KubernetesClient nobody = host.serviceAccountClient("it-rbac", "nobody")) {
        KubernetesClientException refused =
            org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> nobody.secrets().inNamespace("kube-system").list(), KubernetesClientException.class);
        assertThat(refused.getCode()).isEqualTo(403);
        assertThat(refused.getMessage()).contains("system:serviceaccount:it-rbac:nobody");
      }
    }
  }

  @Test
  void a_tenant_api_server_of_the_older_release_runs_beside_the_host() {
    String older = Components.fromEnvironment().kubernetesVersions().get(1);
    KubeApiServer tenant = host.startTenantApiServer("it-tenant", older);
    try (KubernetesClient client = tenant.adminClient()) {
      assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v" + older);
      assertThat(client.nodes().list().getItems()).isEmpty();
    } finally {
      tenant.close();
    }
    assertThat(ProcessHandle.of(tenant.process().pid())).isEmpty();
  }

  @Test
  void every_process_listens_and_dials_on_loopback_only() {
    List<Long> pids = host.processes().stream().map(ManagedProcess::pid).toList();
    assertThat(pids).hasSizeGreaterThanOrEqualTo(5);
    assertThat(pids.stream().flatMap(pid -> Sockets.of(pid).stream()).filter(Sockets.Socket::listening))
        .isNotEmpty();
    assertThat(Sockets.offLoopback(pids)).isEmpty();
  }

  static void await(String what, BooleanSupplier condition) {
    Await.until(
        what,
        Duration.ofSeconds(60),
        condition,
        () -> host.kubectl("get", "deploy,rs,pods,events", "-A", "-o", "wide").stdout());
  }
}
