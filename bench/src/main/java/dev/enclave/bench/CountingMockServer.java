package dev.enclave.bench;

import dev.enclave.cli.playground.EnclaveCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The host API server of a benchmark, in its own JVM so that its in-memory store is not counted as
 * operator heap: fabric8's CRUD mock with the Enclave CRDs, counting write requests per User-Agent.
 * {@code GET /bench/writes} answers {@code agent=count} lines.
 */
public final class CountingMockServer {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private CountingMockServer() {}

  /** Child-process entry point: prints {@code PORT <n>} and serves until stdin closes. */
  public static void main(String[] args) throws Exception {
    quietJavaUtilLogging();
    List<CustomResourceDefinition> crds = EnclaveCrds.load();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    Map<String, LongAdder> writes = new ConcurrentHashMap<>();
    CreatedPods createdPods = new CreatedPods();
    Dispatcher crud = new KubernetesMixedDispatcher(responses, EnclaveCrds.contexts(crds));
    Dispatcher counting =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getPath().startsWith("/bench/writes")) {
              StringBuilder body = new StringBuilder();
              writes.forEach(
                  (agent, n) -> body.append(agent).append('=').append(n.sum()).append('\n'));
              return new MockResponse().setResponseCode(200).setBody(body.toString());
            }
            if (request.getPath().startsWith("/bench/created")) {
              return createdPods.answer(request.getPath());
            }
            if (WRITES.contains(request.getMethod())) {
              String agent = request.getHeader("User-Agent");
              writes
                  .computeIfAbsent(agent == null ? "unknown" : agent, a -> new LongAdder())
                  .increment();
            }
            byte[] body = request.getBody() == null ? null : request.getBody().getBytes();
            MockResponse response = crud.dispatch(request);
            createdPods.record(request, body, response);
            return response;
          }
        };
    MockWebServer http = new MockWebServer();
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), http, responses, counting, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    forgetRequests(http);
    try (KubernetesClient client = client("http://127.0.0.1:" + server.getPort(), "bench-setup")) {
      for (CustomResourceDefinition crd : crds) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
    System.out.println("PORT " + server.getPort());
    System.out.flush();
    untilStdinCloses();
    server.destroy();
  }

  /**
   * MockWebServer keeps every request it served, body included, for tests to take; nothing here
   * takes them, so they are dropped every second rather than kept for the whole benchmark.
   */
  static void forgetRequests(MockWebServer server) {
    Thread forget =
        new Thread(
            () -> {
              while (true) {
                server.reset();
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
              }
            },
            "forget-requests");
    forget.setDaemon(true);
    forget.start();
  }

  /** A child server's lifetime: until the parent closes its stdin. */
  static void untilStdinCloses() throws IOException {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // serve until the parent closes our stdin
      }
    }
  }

  /** MockWebServer logs every request at INFO through java.util.logging; that is not measured. */
  static void quietJavaUtilLogging() {
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler handler : root.getHandlers()) {
      handler.setLevel(java.util.logging.Level.WARNING);
    }
  }

  static KubernetesClient client(String url, String userAgent) {
    return new KubernetesClientBuilder()
        .withConfig(
            new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl(url)
                .withTrustCerts(true)
                .withNamespace("default")
                .withUserAgent(userAgent)
                .withRequestTimeout(60_000)
                .withMaxConcurrentRequests(256)
                .withMaxConcurrentRequestsPerHost(256)
                .build())
        .build();
  }

  /** Write requests counted so far, by User-Agent. */
  static Map<String, Long> writes(String url) {
    Map<String, Long> counts = new HashMap<>();
    for (String line : get(url + "/bench/writes").split("\n")) {
      int eq = line.lastIndexOf('=');
      if (eq > 0) {
        counts.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
      }
    }
    return counts;
  }

  /** How many pods of a tenant namespace the server has created (see {@link CreatedPods}). */
  static int createdCount(String url, String namespace) {
    return Integer.parseInt(get(url + "/bench/created-count?namespace=" + namespace).trim());
  }

  /** When the server created each pod of a tenant namespace, epoch nanoseconds by name. */
  static Map<String, Long> created(String url, String namespace) {
    Map<String, Long> created = new HashMap<>();
    for (String line : get(url + "/bench/created?namespace=" + namespace).split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        created.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
      }
    }
    return created;
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String get(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException("GET " + url + ": " + e.getMessage(), e);
    }
  }

  /** Starts this server in a child JVM with this JVM's classpath; close its stdin to stop it. */
  static Process spawn() throws Exception {
    return spawn(List.of(), CountingMockServer.class);
  }

  /**
   * Starts a server class's {@code main} in a child JVM with this JVM's classpath, its command
   * prefixed (for {@code taskset}); close its stdin to stop it.
   */
  static Process spawn(List<String> prefix, Class<?> server) throws Exception {
    return spawn(prefix, List.of(), server);
  }

  /** As {@link #spawn(List, Class)}, with JVM options for the child (heap sizes, say). */
  static Process spawn(List<String> prefix, List<String> jvmOptions, Class<?> server)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(java, "-Xmx6g"));
    command.addAll(jvmOptions);
    String options = System.getenv("BENCH_SERVER_OPTS");
    if (options != null && !options.isBlank()) {
      command.addAll(List.of(options.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), server.getName()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  static int awaitPort(Process process) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring(5).trim());
      }
    }
    throw new IllegalStateException("the mock server process ended without a port");
  }
}
