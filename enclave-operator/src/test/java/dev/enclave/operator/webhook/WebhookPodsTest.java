package dev.enclave.operator.webhook;

import static dev.enclave.operator.webhook.WebhookFixtures.HOST_NAMESPACE;
import static dev.enclave.operator.webhook.WebhookFixtures.compliantPod;
import static dev.enclave.operator.webhook.WebhookHttps.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.operator.ClientPlatformSource;
import dev.enclave.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pods in tenant host namespaces through /validate-pods: every escape vector is named. */
@EnableKubernetesMockClient(crud = true)
class WebhookPodsTest {
  private static final String REQUIRED =
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";

  KubernetesClient client;
  private AdmissionWebhookServer server;
  private WebhookHttps https;

  @BeforeEach
  void startWebhookWithATenantHostNamespace() throws Exception {
    client.resource(WebhookFixtures.jurisdiction("eu")).create();
    client.resource(WebhookFixtures.jurisdiction("uk")).create();
    client.resource(WebhookFixtures.hostNamespace(HOST_NAMESPACE, "eu")).create();
    client.resource(WebhookFixtures.plainNamespace("team-a")).create();
    WebhookTls tls = new WebhookTls();
    OperatorConfig config =
        new OperatorConfig(
            Set.of("eu"), "enclave-system", 0, 0, 0, Duration.ofMinutes(10), false, "test");
    server =
        AdmissionWebhookServer.start(
            new ClientPlatformSource(client), client, config, tls.server());
    https = new WebhookHttps(tls.client(), server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void whenAPodStaysOnEuNodesAndAsksNothingOfTheNode_thenItIsAllowed() throws Exception {
    assertThat(create(compliantPod()).getAllowed()).isTrue();
  }

  @Test
  void whenAPodFixesTheJurisdictionByNodeSelector_thenItIsAllowed() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec().setAffinity(null);
    pod.getSpec().setNodeSelector(Map.of("enclave.dev/jurisdiction", "eu"));

    assertThat(create(pod).getAllowed()).isTrue();
  }

  @Test
  void whenAPodIsOutsideTenantHostNamespaces_thenItIsAllowedUntouched() throws Exception {
    Pod pod = compliantPod();
    pod.getMetadata().setNamespace("team-a");
    pod.getSpec().setAffinity(null);
    pod.getSpec().getContainers().get(0).getSecurityContext().setPrivileged(true);

    assertThat(create(pod).getAllowed()).isTrue();
  }

  @Test
  void whenAPodHasNoNodeAffinity_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec().setAffinity(null);

    assertDenied(
        pod,
        "Pod/web-0: "
            + REQUIRED
            + ": a required node affinity for the jurisdiction is missing; found none; allowed:"
            + " enclave.dev/jurisdiction In [eu] (jurisdiction \"eu\") in every"
            + " nodeSelectorTerms entry");
  }

  @Test
  void whenAPodAsksForAnotherJurisdictionsNodes_thenTheTermIsNamed() throws Exception {
    Pod pod = compliantPod();
    terms(pod).set(0, term("In", "uk"));

    assertDenied(
        pod,
        "Pod/web-0: "
            + REQUIRED
            + ".nodeSelectorTerms[0]: terms are ORed, so this term lets the pod leave the"
            + " jurisdiction; found enclave.dev/jurisdiction In [uk]; allowed:"
            + " enclave.dev/jurisdiction In [eu] (jurisdiction \"eu\")");
  }

  @Test
  void whenOneOfTwoOredTermsEscapes_thenThatTermIsNamed() throws Exception {
    Pod pod = compliantPod();
    terms(pod)
        .add(
            new NodeSelectorTermBuilder()
                .addNewMatchExpression()
                .withKey("kubernetes.io/os")
                .withOperator("In")
                .withValues("linux")
                .endMatchExpression()
                .build());

    assertDenied(
        pod,
        "Pod/web-0: " + REQUIRED + ".nodeSelectorTerms[1]: terms are ORed",
        "found no requirement on enclave.dev/jurisdiction");
  }

  @Test
  void whenATermWidensTheJurisdiction_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    terms(pod).set(0, term("In", "eu", "uk"));

    assertDenied(pod, ".nodeSelectorTerms[0]", "found enclave.dev/jurisdiction In [eu, uk]");
  }

  @Test
  void whenAPodSetsNodeName_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec().setNodeName("us-node-1");

    assertDenied(
        pod,
        "Pod/web-0: spec.nodeName: nodeName bypasses the scheduler and the node affinity of"
            + " jurisdiction \"eu\"; found \"us-node-1\"; allowed: unset");
  }

  @Test
  void whenAContainerIsPrivileged_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    securityContext(pod).setPrivileged(true);

    assertDenied(
        pod,
        "Pod/web-0: spec.containers[0].securityContext.privileged: privileged containers are not"
            + " allowed; found true; allowed: false or unset");
  }

  @Test
  void whenAPodMountsAHostPath_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec()
        .getVolumes()
        .add(
            new VolumeBuilder()
                .withName("root")
                .withNewHostPath()
                .withPath("/")
                .endHostPath()
                .build());

    assertDenied(
        pod,
        "Pod/web-0: spec.volumes[0].hostPath: hostPath volumes reach the node's"
            + " file system; found path \"/\"");
  }

  @Test
  void whenAPodUsesTheHostNetwork_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec().setHostNetwork(true);
    pod.getSpec().setHostPID(true);

    assertDenied(
        pod,
        "Pod/web-0: spec.hostNetwork: sharing the node's namespaces is not allowed;"
            + " found true; allowed: false or unset",
        "Pod/web-0: spec.hostPID: ");
  }

  @Test
  void whenAContainerAsksForAHostPort_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec()
        .getContainers()
        .get(0)
        .getPorts()
        .add(new ContainerPortBuilder().withContainerPort(9090).withHostPort(9090).build());

    assertDenied(
        pod,
        "Pod/web-0: spec.containers[0].ports[1].hostPort: host ports expose the pod"
            + " on the node's network; found 9090; allowed: unset or 0");
  }

  @Test
  void whenAnInitContainerAddsSysAdmin_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec()
        .getInitContainers()
        .add(
            new ContainerBuilder()
                .withName("setup")
                .withImage("registry.eu.example.com/setup:1")
                .withSecurityContext(
                    new SecurityContextBuilder()
                        .withCapabilities(
                            new CapabilitiesBuilder()
                                .withAdd("NET_BIND_SERVICE", "SYS_ADMIN")
                                .build())
                        .build())
                .build());

    assertDenied(
        pod,
        "Pod/web-0: spec.initContainers[0].securityContext.capabilities.add[1]:"
            + " adding this capability is not allowed; found SYS_ADMIN; allowed: NET_BIND_SERVICE");
  }

  @Test
  void whenAContainerAllowsPrivilegeEscalation_thenItIsDenied() throws Exception {
    Pod pod = compliantPod();
    securityContext(pod).setAllowPrivilegeEscalation(true);

    assertDenied(
        pod,
        "spec.containers[0].securityContext.allowPrivilegeEscalation: privilege"
            + " escalation is not allowed; found true; allowed: false");
  }

  @Test
  void whenAPrivilegedEphemeralContainerIsAdded_thenItIsDeniedAlthoughTheScheduledPodHasANode()
      throws Exception {
    Pod pod = compliantPod();
    pod.getSpec().setNodeName("eu-node-1");
    pod.getSpec()
        .getEphemeralContainers()
        .add(
            new EphemeralContainerBuilder()
                .withName("debug")
                .withImage("registry.eu.example.com/debug:1")
                .withSecurityContext(new SecurityContextBuilder().withPrivileged(true).build())
                .build());

    AdmissionResponse response =
        https.review(
            AdmissionWebhookServer.PODS_PATH,
            request("UPDATE", pod).withSubResource("ephemeralcontainers").build());

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "Pod/web-0: spec.ephemeralContainers[0].securityContext.privileged: privileged"
                + " containers are not allowed; found true; allowed: false or unset");
  }

  @Test
  void whenAPodHasSeveralProblems_thenEachIsOneLine() throws Exception {
    Pod pod = compliantPod();
    pod.getSpec().setAffinity(null);
    pod.getSpec().setHostIPC(true);
    securityContext(pod).setPrivileged(true);

    AdmissionResponse response = create(pod);

    assertThat(response.getStatus().getMessage().split("\n"))
        .hasSize(3)
        .allMatch(line -> line.startsWith("Pod/web-0: spec."));
  }

  @Test
  void whenAHostNamespaceNamesAnUndeclaredJurisdiction_thenItsPodsAreRefused() throws Exception {
    client.resource(WebhookFixtures.hostNamespace("tc-tenants-us-acme", "us")).create();
    Pod pod = compliantPod();
    pod.getMetadata().setNamespace("tc-tenants-us-acme");

    assertDenied(
        pod,
        "Pod/web-0: metadata.namespace: namespace \"tc-tenants-us-acme\" is labelled"
            + " enclave.dev/jurisdiction=us, a jurisdiction that is not declared or has no"
            + " placement.nodeSelector");
  }

  @Test
  void whenANamespaceIsOnlyLabelledWithAJurisdiction_thenItIsNotATenantHostNamespace()
      throws Exception {
    client.resource(WebhookFixtures.plainNamespace("eu-tools")).create();
    client
        .namespaces()
        .withName("eu-tools")
        .edit(
            n -> {
              n.getMetadata().getLabels().put("enclave.dev/jurisdiction", "eu");
              return n;
            });
    Pod pod = compliantPod();
    pod.getMetadata().setNamespace("eu-tools");
    pod.getSpec().setAffinity(null);

    assertThat(create(pod).getAllowed()).isTrue();
  }

  private AdmissionResponse create(Pod pod) throws Exception {
    return https.review(AdmissionWebhookServer.PODS_PATH, request("CREATE", pod).build());
  }

  private void assertDenied(Pod pod, String... expectedParts) throws Exception {
    AdmissionResponse response = create(pod);
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(403);
    for (String part : expectedParts) {
      assertThat(response.getStatus().getMessage()).contains(part);
    }
  }

  private static List<NodeSelectorTerm> terms(Pod pod) {
    return pod.getSpec()
        .getAffinity()
        .getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
  }

  private static NodeSelectorTerm term(String operator, String... values) {
    return new NodeSelectorTermBuilder()
        .withMatchExpressions(
            new NodeSelectorRequirementBuilder()
                .withKey("enclave.dev/jurisdiction")
                .withOperator(operator)
                .withValues(values)
                .build())
        .build();
  }

  private static SecurityContext securityContext(Pod pod) {
    return pod.getSpec().getContainers().get(0).getSecurityContext();
  }
}
