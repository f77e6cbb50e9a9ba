package dev.enclave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.operator.ClientPlatformSource;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.webhook.AdmissionWebhookServer;
import dev.enclave.operator.webhook.ServingTls;
import dev.enclave.operator.webhook.WebhookPki;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A real kube-apiserver with Enclave's CRDs, the seed platform and Enclave's admission webhook
 * (in-process, on loopback), to which fuzz cases are sent as server-side dry runs: nothing is
 * stored. The webhook is registered as the chart registers it, by URL instead of Service.
 */
final class FuzzApi implements AutoCloseable {
  static final int THREADS = 4;
  static final String WEBHOOK = "objects.enclave.dev";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PLURALS =
      Map.of(
          "Jurisdiction", "jurisdictions",
          "DataStore", "datastores",
          "TenantCluster", "tenantclusters",
          "AccessGrant", "accessgrants");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern OUR_LINE =
      Pattern.compile("^[A-Z][A-Za-z]*/.*?: (apiVersion|kind|metadata|spec|status)([.\\[].*?)?: .+");
  private static final Pattern SERVER_FIELD =
      Pattern.compile(
          "(\\b(apiVersion|kind|metadata|spec|status)([.\\[:\"\\s]|$)|\\bline \\d+"
              + "|namespaces? \"[^\"]*\" not found|namespace of the provided object"
              + "|API version in the data|unknown field \"|Go struct field \\w+\\.\\w+|Go value of type v1\\.ObjectMeta|'Kind' is missing)");

  private final BareApiServer server;
  private final AdmissionWebhookServer webhook;
  private final KubernetesClient client;
  private final HttpClient http;

  private FuzzApi(BareApiServer server, AdmissionWebhookServer webhook, KubernetesClient client, HttpClient http) {
    this.server = server;
    this.webhook = webhook;
    this.client = client;
    this.http = http;
  }

  /** Starts the API server, installs CRDs and the seeds, then the webhook, and waits for it. */
  static FuzzApi start(List<FuzzDocuments.Seed> seeds, Path dir) {
    BareApiServer server = BareApiServer.start("fuzz-host", BareApiServer.HOST_FLAGS, CpuPlacement.none(), null);
    KubernetesClient client = null;
    AdmissionWebhookServer webhook = null;
    try {
      client = server.client("enclave-fuzz");
      HttpClient http = HttpClient.newBuilder().sslContext(server.sslContext()).connectTimeout(Duration.ofSeconds(10)).build();
      Crds.install(client);
      for (String ns : List.of("tenants-eu", "tenants-uk", "enclave-system")) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      }
      FuzzApi api = new FuzzApi(server, null, client, http);
      for (FuzzDocuments.Seed seed : seeds) {
        HttpResponse<String> created = api.post(seed.kind(), seed.namespace(), JSON.writeValueAsString(seed.tree()), false);
        if (created.statusCode() != 201) {
          throw new IllegalStateException("cannot declare seed " + seed.file() + ": " + created.body());
        }
      }
      WebhookPki pki = WebhookPki.issue(List.of("localhost", "127.0.0.1"), Clock.systemUTC(), new SecureRandom());
      Path tls = Files.createDirectories(dir.resolve("webhook-tls"));
      Files.writeString(tls.resolve("tls.crt"), pki.serving().certificatePem());
      Files.writeString(tls.resolve("tls.key"), pki.serving().privateKeyPem());
      OperatorConfig config =
          new OperatorConfig(Set.of("eu", "uk"), "enclave-system", 0, 0, 0, Duration.ofMinutes(10), false, "enclave-fuzz");
      webhook = AdmissionWebhookServer.start(new ClientPlatformSource(client), client, config, ServingTls.fromDirectory(tls));
      client.resource(configuration(webhook.port(), pki.caBundlePem())).create();
      api = new FuzzApi(server, webhook, client, http);
      api.awaitWebhook(seeds);
      return api;
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (webhook != null) {
        webhook.close();
      }
      if (client != null) {
        client.close();
      }
      server.close();
      throw new IllegalStateException("cannot start the fuzz API server", e);
    }
  }

  /** As the chart's objects.enclave.dev webhook: failurePolicy Fail, the same rules and selector. */
  private static ValidatingWebhookConfiguration configuration(int port, String caBundlePem) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName("enclave").endMetadata()
        .addNewWebhook()
        .withName(WEBHOOK)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withFailurePolicy("Fail")
        .withMatchPolicy("Equivalent")
        .withTimeoutSeconds(10)
        .withNewClientConfig()
        .withUrl("https://127.0.0.1:" + port + AdmissionWebhookServer.ENCLAVE_PATH)
        .withCaBundle(Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.UTF_8)))
        .endClientConfig()
        .addNewRule()
        .withApiGroups("enclave.dev")
        .withApiVersions("v1alpha1")
        .withOperations("CREATE", "UPDATE", "DELETE")
        .withResources(List.copyOf(PLURALS.values()))
        .withScope("*")
        .endRule()
        .withNewNamespaceSelector()
        .addNewMatchExpression()
        .withKey("kubernetes.io/metadata.name")
        .withOperator("NotIn")
        .withValues("enclave-system", "kube-system")
        .endMatchExpression()
        .endNamespaceSelector()
        .endWebhook()
        .build();
  }

  /** Until the API server calls the webhook: a tenant of an unknown jurisdiction is denied by it. */
  @SuppressWarnings("unchecked")
  private void awaitWebhook(List<FuzzDocuments.Seed> seeds) throws IOException, InterruptedException {
    FuzzDocuments.Seed tenant =
        seeds.stream().filter(s -> s.kind().equals("TenantCluster")).findFirst().orElseThrow();
    Map<String, Object> probe = FuzzValues.copy(tenant.tree());
    ((Map<String, Object>) probe.get("metadata")).put("name", "probe");
    ((Map<String, Object>) probe.get("spec")).put("jurisdiction", "mars");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer = post(tenant.kind(), tenant.namespace(), JSON.writeValueAsString(probe), true);
      last = answer.statusCode() + " " + answer.body();
      if (JSON.readTree(answer.body()).path("message").asText("").contains("admission webhook \"" + WEBHOOK + "\" denied")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the API server never called the Enclave webhook; last answer: " + last);
  }

  /** Sends one case as a dry-run create and judges the answer. */
  FuzzOutcome submit(FuzzDocuments.Case c) {
    String json;
    String namespace = null;
    try {
      Object tree = FuzzDocuments.yaml().load(c.text());
      if (!(tree instanceof Map<?, ?> map) || c.text().contains("\uFFFD")) {
        return FuzzOutcome.skipped();
      }
      json = JSON.writeValueAsString(tree);
      if (!c.kind().equals("Jurisdiction") && !c.kind().equals("DataStore")) {
        Object meta = map.get("metadata");
        Object ns = meta instanceof Map<?, ?> m ? m.get("namespace") : null;
        namespace = ns instanceof String s && DNS_LABEL.matcher(s).matches() ? s : "tenants-eu";
      }
    } catch (IOException | RuntimeException e) {
      return FuzzOutcome.skipped();
    }
    HttpResponse<String> answer;
    try {
      answer = post(c.kind(), namespace, json, true);
    } catch (IOException e) {
      return FuzzOutcome.crash("no answer from the API server: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FuzzOutcome.crash("interrupted");
    }
    return classify(answer.statusCode(), answer.body());
  }

  static FuzzOutcome classify(int status, String body) {
    if (status / 100 == 2 || status == 409) {
      return FuzzOutcome.accepted();
    }
    String message;
    JsonNode causes;
    try {
      JsonNode node = JSON.readTree(body);
      message = node.path("message").asText("");
      causes = node.path("details").path("causes");
    } catch (IOException e) {
      return FuzzOutcome.crash("HTTP " + status + " without a Status: " + shorten(body));
    }
    if (status / 100 == 5 || message.contains("failed calling webhook") || message.contains("Internal error") || message.contains("internal error")) {
      return FuzzOutcome.crash("HTTP " + status + ": " + shorten(message));
    }
    String denied = "admission webhook \"" + WEBHOOK + "\" denied the request: ";
    int ours = message.indexOf(denied);
    if (ours >= 0) {
      for (String line : message.substring(ours + denied.length()).split("\n")) {
        if (!OUR_LINE.matcher(line).find()) {
          return FuzzOutcome.unnamed("webhook denial without a field path: " + shorten(line));
        }
      }
      return FuzzOutcome.rejected();
    }
    boolean causeField = false;
    for (JsonNode cause : causes) {
      causeField |= !cause.path("field").asText("").isBlank();
    }
    if (causeField || SERVER_FIELD.matcher(message).find()) {
      return FuzzOutcome.rejected();
    }
    return FuzzOutcome.unnamed("HTTP " + status + " without a field: " + shorten(message));
  }

  private HttpResponse<String> post(String kind, String namespace, String json, boolean dryRun)
      throws IOException, InterruptedException {
    String path =
        "/apis/enclave.dev/v1alpha1/"
            + (namespace == null ? "" : "namespaces/" + namespace + "/")
            + PLURALS.get(kind)
            + (dryRun ? "?dryRun=All&fieldValidation=Strict" : "");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String shorten(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }

  @Override
  public void close() {
    if (webhook != null) {
      webhook.close();
    }
    client.close();
    server.close();
  }
}
