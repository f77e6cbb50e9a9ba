package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedHostTest {
  private static SimulatedHost host;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startHost() {
    host =
        SimulatedHost.start(
            Fixtures.jurisdiction(
                "eu",
                new TolerationBuilder()
                    .withKey("enclave.dev/dedicated")
                    .withOperator("Equal")
                    .withValue("eu")
                    .withEffect("NoSchedule")
                    .build()),
            3,
            Clock.systemUTC());
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @Test
  void apiListsTheCoreVersion() throws Exception {
    JsonNode api = get("/api?timeout=32s", 200);

    assertThat(api.get("kind").asText()).isEqualTo("APIVersions");
    assertThat(api.get("versions").get(0).asText()).isEqualTo("v1");
  }

  @Test
  void apisListsEveryGroupThePlaygroundHoldsWithItsPreferredVersion() throws Exception {
    JsonNode apis = get("/apis", 200);

    List<String> groupVersions = new ArrayList<>();
    apis.get("groups")
        .forEach(g -> groupVersions.add(g.get("preferredVersion").get("groupVersion").asText()));
    assertThat(apis.get("kind").asText()).isEqualTo("APIGroupList");
    assertThat(groupVersions)
        .contains(
            "apps/v1",
            "networking.k8s.io/v1",
            "policy/v1",
            "coordination.k8s.io/v1",
            "apiextensions.k8s.io/v1",
            "enclave.dev/v1alpha1");
  }

  @Test
  void theEnclaveGroupVersionListsTheFourKindsWithVerbsScopeAndShortNames() throws Exception {
    JsonNode list = get("/apis/enclave.dev/v1alpha1", 200);

    assertThat(list.get("kind").asText()).isEqualTo("APIResourceList");
    assertThat(list.get("groupVersion").asText()).isEqualTo("enclave.dev/v1alpha1");
    JsonNode tenants = resource(list, "tenantclusters");
    assertThat(tenants.get("kind").asText()).isEqualTo("TenantCluster");
    assertThat(tenants.get("singularName").asText()).isEqualTo("tenantcluster");
    assertThat(tenants.get("namespaced").asBoolean()).isTrue();
    assertThat(tenants.get("shortNames").get(0).asText()).isEqualTo("tc");
    assertThat(tenants.get("verbs").toString()).contains("\"list\"", "\"watch\"", "\"get\"");
    assertThat(resource(list, "jurisdictions").get("namespaced").asBoolean()).isFalse();
    assertThat(list.get("resources")).hasSize(4);
  }

  @Test
  void coreAndAppsGroupVersionsListTheBuiltInResources() throws Exception {
    assertThat(resource(get("/api/v1", 200), "namespaces").get("namespaced").asBoolean()).isFalse();
    assertThat(
            resource(get("/apis/apps/v1", 200), "statefulsets").get("shortNames").get(0).asText())
        .isEqualTo("sts");
  }

  @Test
  void theFabric8ClientDiscoversTheGroupsAndResourcesAsItWouldOnARealServer() {
    assertThat(host.client().supports(TenantCluster.class)).isTrue();
    assertThat(host.client().getApiGroups().getGroups())
        .extracting(g -> g.getName())
        .contains("apps", "enclave.dev", "networking.k8s.io");
    assertThat(host.client().getApiResources("apps/v1").getResources())
        .extracting(r -> r.getName())
        .contains("statefulsets", "deployments");
    assertThat(host.client().getKubernetesVersion().getGitVersion()).isEqualTo("v1.37.2");
  }

  @Test
  void versionIsServedOpenApiV3IsACleanNotFoundAndOpenApiV2IsEmpty() throws Exception {
    assertThat(get("/version", 200).get("gitVersion").asText()).isEqualTo("v1.37.2");
    assertThat(get("/openapi/v3", 404).get("code").asInt()).isEqualTo(404);
    // kubectl falls back to v2; an empty protobuf document lets `kubectl apply` validate nothing
    // client-side and leave the judgement to the server (its media type must parse as a MIME type)
    HttpResponse<String> v2 =
        http.send(
            HttpRequest.newBuilder(URI.create(host.url() + "/openapi/v2")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(v2.statusCode()).isEqualTo(200);
    assertThat(v2.body()).isEmpty();
    assertThat(v2.headers().firstValue("Content-Type"))
        .contains("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  }

  @Test
  void crudStillWorksForCustomResourcesBehindTheDiscoveryDocuments() {
    host.client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("tenants-eu").endMetadata().build())
        .create();
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(
        new ObjectMetaBuilder().withName("acme").withNamespace("tenants-eu").build());
    TenantClusterSpec spec = new TenantClusterSpec();
    spec.setJurisdiction("eu");
    tenant.setSpec(spec);
    host.client().resource(tenant).create();

    assertThat(host.client().resources(TenantCluster.class).inAnyNamespace().list().getItems())
        .extracting(t -> t.getMetadata().getName())
        .containsExactly("acme");
    assertThat(host.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .hasSize(4);
  }

  @Test
  void theNodesCarryTheJurisdictionsSelectorZonesAndTaints() {
    List<Node> nodes = host.client().nodes().list().getItems();

    assertThat(nodes)
        .extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder("host-eu-node-1", "host-eu-node-2", "host-eu-node-3");
    Node first =
        nodes.stream().filter(n -> n.getMetadata().getName().endsWith("-1")).findFirst().get();
    assertThat(first.getMetadata().getLabels())
        .containsEntry("enclave.dev/jurisdiction", "eu")
        .containsEntry("kubernetes.io/hostname", "host-eu-node-1")
        .containsEntry("topology.kubernetes.io/zone", "eu-a");
    assertThat(first.getSpec().getTaints())
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
                    .isEqualTo("enclave.dev/dedicated=eu:NoSchedule"));
  }

  private JsonNode get(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(host.url() + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(expectedStatus);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return json.readTree(response.body());
  }

  private static JsonNode resource(JsonNode list, String name) {
    for (JsonNode r : list.get("resources")) {
      if (r.get("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError(name + " not in " + list);
  }
}
