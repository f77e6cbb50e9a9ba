package dev.enclave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.zjsonpatch.JsonPatch;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tenant API server of {@code syncer-throughput}: fabric8's MockWebServer (HTTP and WebSocket
 * watches) with a store indexed by resource, namespace and name, in place of the CRUD mock's linear
 * one, so that the tenant side of the benchmark costs about what a tenant API server on its own
 * node would cost the host: little. It speaks the subset of the API the syncer and the load
 * generator use: create, get, list and watch (label and name selectors, resourceVersion replay),
 * replace and JSON merge or JSON patch (also on {@code /status}), delete one (with uid and
 * resourceVersion preconditions) or a collection, {@code serviceaccounts/NAME/token} and {@code
 * pods/NAME/binding}. Unlike the CRUD mock it enforces resourceVersion on replace and patch.
 * Strategic merge patches are applied as JSON merge patches. {@code GET /bench/writes} answers
 * write requests per User-Agent, as {@link CountingMockServer} does.
 */
public final class InMemoryApiServer extends Dispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The child JVM's heap. Pinned to one CPU, the JVM picks the serial collector and a 365 MB heap,
   * whose young collections stopped this server for 140 to 640 ms at a time on the CPU it shares
   * with the syncer, in the middle of a burst. A 4 GB young generation, touched before the server
   * starts, is not collected during a benchmark run (about 3 GB allocated), and first touching its
   * pages is not counted in a burst either. A real tenant API server runs elsewhere, with Go's
   * concurrent collector.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-Xms5g", "-Xmn4g", "-XX:MetaspaceSize=256m", "-XX:+AlwaysPreTouch");

  /** How many changes the server keeps for watches that resume (see {@link #changes}). */
  private static final int HISTORY = 10_000;

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Map<String, String> KINDS =
      Map.ofEntries(
          Map.entry("pods", "Pod"),
          Map.entry("services", "Service"),
          Map.entry("configmaps", "ConfigMap"),
          Map.entry("secrets", "Secret"),
          Map.entry("serviceaccounts", "ServiceAccount"),
          Map.entry("endpointslices", "EndpointSlice"),
          Map.entry("endpoints", "Endpoints"),
          Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"),
          Map.entry("nodes", "Node"),
          Map.entry("events", "Event"),
          Map.entry("namespaces", "Namespace"));

  /** One stored object: its resource version and its serialized form, shared by every reader. */
  private record Stored(ObjectNode object, long version, String json) {}

  /** One change, kept for watches that start from an older resource version. */
  private record Change(
      long version, String resource, String namespace, ObjectNode object, String frame) {}

  /** A path, split: resource is {@code group/version/plural}, namespace and name may be null. */
  private record Target(
      String apiVersion,
      String resource,
      String plural,
      String namespace,
      String name,
      String subresource) {
    String key() {
      return (namespace == null ? "" : namespace) + "/" + name;
    }
  }

  private record Watch(Target target, Map<String, String> query, WebSocket socket) {}

  private final Map<String, TreeMap<String, Stored>> resources = new HashMap<>();

  /**
   * The most recent changes, for watches that start from an older resource version; a watch from
   * before them gets 410 Expired and relists, as from a real API server's bounded watch cache. Kept
   * bounded so that this server's heap, and its garbage collector's pauses on the CPU it shares
   * with the syncer, do not grow with every pod the benchmark ever created.
   */
  private final ArrayDeque<Change> changes = new ArrayDeque<>();

  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();
  private long version = 1;

  /** Child-process entry point: prints {@code PORT <n>} and serves until stdin closes. */
  public static void main(String[] args) throws Exception {
    CountingMockServer.quietJavaUtilLogging();
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new InMemoryApiServer());
    server.start(InetAddress.getLoopbackAddress(), 0);
    CountingMockServer.forgetRequests(server);
    System.out.println("PORT " + server.getPort());
    System.out.flush();
    CountingMockServer.untilStdinCloses();
    server.shutdown();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    Map<String, String> query = q < 0 ? Map.of() : query(path.substring(q + 1));
    String bare = q < 0 ? path : path.substring(0, q);
    if (bare.equals("/bench/writes")) {
      StringBuilder body = new StringBuilder();
      writes.forEach((agent, n) -> body.append(agent).append('=').append(n.sum()).append('\n'));
      return new MockResponse().setResponseCode(200).setBody(body.toString());
    }
    String method = request.getMethod();
    if (WRITES.contains(method)) {
      String agent = request.getHeader("User-Agent");
      writes.computeIfAbsent(agent == null ? "unknown" : agent, a -> new LongAdder()).increment();
    }
    Target target = target(bare);
    if (target == null) {
      return status(404, "NotFound", "no such path: " + bare);
    }
    try {
      return switch (method) {
        case "GET" -> "true".equals(query.get("watch")) ? watch(target, query) : get(target, query);
        case "POST" -> create(target, (ObjectNode) body(request));
        case "PUT" -> replace(target, (ObjectNode) body(request));
        case "PATCH" -> patch(target, request.getHeader("Content-Type"), body(request));
        case "DELETE" ->
            target.name() == null
                ? deleteCollection(target, query)
                : delete(target, request.getBody().size() == 0 ? null : body(request));
        default -> status(405, "MethodNotAllowed", method + " is not supported");
      };
    } catch (Exception e) {
      return status(400, "BadRequest", String.valueOf(e.getMessage()));
    }
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().readByteArray());
  }

  private MockResponse get(Target target, Map<String, String> query) {
    synchronized (this) {
      if (target.name() != null) {
        Stored stored = store(target).get(target.key());
        return stored == null ? notFound(target) : json(200, stored.json());
      }
      StringBuilder items = new StringBuilder();
      for (Stored stored : store(target).values()) {
        if (matches(target, query, stored.object())) {
          items.append(items.length() == 0 ? "" : ",").append(stored.json());
        }
      }
      return json(
          200,
          "{\"apiVersion\":\""
              + target.apiVersion()
              + "\",\"kind\":\""
              + kind(target)
              + "List\",\"metadata\":{\"resourceVersion\":\""
              + version
              + "\"},\"items\":["
              + items
              + "]}");
    }
  }

  private MockResponse watch(Target target, Map<String, String> query) {
    return new MockResponse()
        .withWebSocketUpgrade(
            new WebSocketListener() {
              private Watch watch;

              @Override
              public void onOpen(WebSocket socket, Response response) {
                watch = new Watch(target, query, socket);
                start(watch);
              }

              @Override
              public void onClosing(WebSocket socket, int code, String reason) {
                watches.remove(watch);
              }

              @Override
              public void onClosed(WebSocket socket, int code, String reason) {
                watches.remove(watch);
              }

              @Override
              public void onFailure(WebSocket socket, Throwable t, Response response) {
                watches.remove(watch);
              }
            });
  }

  /**
   * Replays what the watch missed since its resource version (or everything stored), then adds it.
   */
  private synchronized void start(Watch watch) {
    String from = watch.query().get("resourceVersion");
    if (from == null || from.isEmpty() || from.equals("0")) {
      for (Stored stored : store(watch.target()).values()) {
        if (matches(watch.target(), watch.query(), stored.object())) {
          watch.socket().send(frame("ADDED", stored.json()));
        }
      }
    } else {
      long since = Long.parseLong(from);
      Change oldest = changes.peekFirst();
      if (oldest != null && since < oldest.version() - 1) {
        expired(watch.socket(), since, oldest.version());
        return;
      }
      for (Change change : changes) {
        if (change.version() > since && matches(watch, change)) {
          watch.socket().send(change.frame());
        }
      }
    }
    watches.add(watch);
  }

  private synchronized MockResponse create(Target target, ObjectNode object) {
    if (target.name() != null) {
      return subresourceCreate(target, object);
    }
    ObjectNode meta = object.with("metadata");
    if (!meta.hasNonNull("name")) {
      if (!meta.hasNonNull("generateName")) {
        return status(422, "Invalid", "metadata.name or metadata.generateName is required");
      }
      meta.put(
          "name", meta.get("generateName").asText() + UUID.randomUUID().toString().substring(0, 5));
    }
    if (target.namespace() != null) {
      meta.put("namespace", target.namespace());
    }
    Target named = named(target, meta.get("name").asText());
    if (store(named).containsKey(named.key())) {
      return status(
          409, "AlreadyExists", kind(target) + " \"" + named.name() + "\" already exists");
    }
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    meta.put("generation", 1);
    meta.remove("resourceVersion");
    return json(201, put(named, object, "ADDED").json());
  }

  private MockResponse subresourceCreate(Target target, ObjectNode object) {
    if ("serviceaccounts".equals(target.plural()) && "token".equals(target.subresource())) {
      long seconds = object.path("spec").path("expirationSeconds").asLong(3600);
      ObjectNode status = object.with("status");
      status.put(
          "token", "bench-token-" + target.namespace() + "-" + target.name() + "-" + version);
      status.put(
          "expirationTimestamp",
          Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS).toString());
      return json(201, object.toString());
    }
    if ("pods".equals(target.plural()) && "binding".equals(target.subresource())) {
      Stored pod = store(target).get(target.key());
      if (pod == null) {
        return notFound(target);
      }
      ObjectNode bound = pod.object().deepCopy();
      bound.with("spec").put("nodeName", object.path("target").path("name").asText());
      put(target, bound, "MODIFIED");
      return json(201, object.toString());
    }
    return status(
        404, "NotFound", "no subresource " + target.subresource() + " on " + target.plural());
  }

  private synchronized MockResponse replace(Target target, ObjectNode object) {
    Stored stored = store(target).get(target.key());
    MockResponse refused = refusal(target, stored, object.path("metadata"));
    if (refused != null) {
      return refused;
    }
    return json(200, put(target, merged(target, stored, object), "MODIFIED").json());
  }

  private synchronized MockResponse patch(Target target, String contentType, JsonNode patch)
      throws Exception {
    Stored stored = store(target).get(target.key());
    MockResponse refused = refusal(target, stored, patch.path("metadata"));
    if (refused != null) {
      return refused;
    }
    JsonNode patched =
        contentType != null && contentType.startsWith("application/json-patch+json")
            ? JsonPatch.apply(patch, stored.object())
            : mergePatch(stored.object().deepCopy(), patch);
    return json(200, put(target, merged(target, stored, (ObjectNode) patched), "MODIFIED").json());
  }

  private synchronized MockResponse delete(Target target, JsonNode options) {
    Stored stored = store(target).get(target.key());
    JsonNode preconditions =
        options == null ? MissingNode.getInstance() : options.path("preconditions");
    MockResponse refused = refusal(target, stored, preconditions);
    if (refused != null) {
      return refused;
    }
    String uid = preconditions.path("uid").asText(null);
    if (uid != null && !uid.equals(stored.object().path("metadata").path("uid").asText())) {
      return status(409, "Conflict", "Precondition failed: UID in precondition: " + uid);
    }
    return json(200, remove(target, stored));
  }

  private synchronized MockResponse deleteCollection(Target target, Map<String, String> query) {
    StringBuilder items = new StringBuilder();
    for (Iterator<Stored> it = new ArrayList<>(store(target).values()).iterator(); it.hasNext(); ) {
      Stored stored = it.next();
      if (matches(target, query, stored.object())) {
        Target named = named(target, stored.object().path("metadata").path("name").asText());
        items.append(items.length() == 0 ? "" : ",").append(remove(named, stored));
      }
    }
    return json(
        200,
        "{\"apiVersion\":\""
            + target.apiVersion()
            + "\",\"kind\":\""
            + kind(target)
            + "List\",\"metadata\":{},\"items\":["
            + items
            + "]}");
  }

  /** A replaced or patched object keeps its identity; /status changes only the status. */
  private static ObjectNode merged(Target target, Stored stored, ObjectNode proposed) {
    ObjectNode result;
    if ("status".equals(target.subresource())) {
      result = stored.object().deepCopy();
      if (proposed.has("status")) {
        result.set("status", proposed.get("status"));
      }
    } else {
      result = proposed;
      if (stored.object().has("status")) {
        result.set("status", stored.object().get("status"));
      }
    }
    ObjectNode meta = result.with("metadata");
    JsonNode old = stored.object().get("metadata");
    for (String kept : List.of("uid", "creationTimestamp", "name", "namespace")) {
      if (old.has(kept)) {
        meta.set(kept, old.get(kept));
      }
    }
    meta.put(
        "generation",
        old.path("generation").asLong(1)
            + (result.path("spec").equals(stored.object().path("spec")) ? 0 : 1));
    return result;
  }

  /**
   * What a write to a stored object is refused with: 404 when there is none, 409 when {@code
   * versioned} (the request's metadata or delete preconditions) names another resourceVersion;
   * null when it may go ahead.
   */
  private MockResponse refusal(Target target, Stored stored, JsonNode versioned) {
    if (stored == null) {
      return notFound(target);
    }
    JsonNode resourceVersion = versioned.path("resourceVersion");
    if (resourceVersion.isMissingNode() || resourceVersion.isNull()) {
      return null;
    }
    if (resourceVersion.asText().equals(Long.toString(stored.version()))) {
      return null;
    }
    return status(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + target.plural()
            + " \""
            + target.name()
            + "\": the object has been modified; please apply your changes to the"
            + " latest version and try again");
  }

  private Stored put(Target target, ObjectNode object, String type) {
    long v = ++version;
    object.with("metadata").put("resourceVersion", Long.toString(v));
    String json = object.toString();
    Stored stored = new Stored(object, v, json);
    store(target).put(target.key(), stored);
    publish(new Change(v, target.resource(), target.namespace(), object, frame(type, json)));
    return stored;
  }

  private String remove(Target target, Stored stored) {
    long v = ++version;
    store(target).remove(target.key());
    ObjectNode gone = stored.object().deepCopy();
    gone.with("metadata").put("resourceVersion", Long.toString(v));
    String json = gone.toString();
    publish(new Change(v, target.resource(), target.namespace(), gone, frame("DELETED", json)));
    return json;
  }

  /** What a real API server answers a watch from a version it no longer keeps. */
  private static void expired(WebSocket socket, long since, long oldest) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("apiVersion", "v1").put("kind", "Status").put("status", "Failure");
    status.put("message", "too old resource version: " + since + " (" + (oldest - 1) + ")");
    status.put("reason", "Expired").put("code", 410);
    socket.send(frame("ERROR", status.toString()));
    socket.close(1000, "expired");
  }

  private void publish(Change change) {
    changes.addLast(change);
    if (changes.size() > HISTORY) {
      changes.removeFirst();
    }
    for (Watch watch : watches) {
      if (matches(watch, change)) {
        watch.socket().send(change.frame());
      }
    }
  }

  private static boolean matches(Watch watch, Change change) {
    Target t = watch.target();
    return t.resource().equals(change.resource())
        && (t.namespace() == null || t.namespace().equals(change.namespace()))
        && matches(t, watch.query(), change.object());
  }

  /** Label selector (=, ==, !=, key, !key) and field selector on metadata.name/namespace. */
  private static boolean matches(Target target, Map<String, String> query, ObjectNode object) {
    JsonNode meta = object.path("metadata");
    if (target.namespace() != null && !target.namespace().equals(meta.path("namespace").asText())) {
      return false;
    }
    String labels = query.get("labelSelector");
    if (labels != null && !labels.isEmpty()) {
      for (String term : labels.split(",")) {
        if (!labelMatches(term.trim(), meta.path("labels"))) {
          return false;
        }
      }
    }
    String fields = query.get("fieldSelector");
    if (fields != null && !fields.isEmpty()) {
      for (String term : fields.split(",")) {
        boolean negated = term.contains("!=");
        String[] kv = term.split("!=|==|=", 2);
        String actual =
            switch (kv[0]) {
              case "metadata.name" -> meta.path("name").asText();
              case "metadata.namespace" -> meta.path("namespace").asText();
              default ->
                  throw new IllegalArgumentException("field selector " + kv[0] + " not supported");
            };
        if (actual.equals(kv[1]) == negated) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean labelMatches(String term, JsonNode labels) {
    if (term.startsWith("!")) {
      return !labels.has(term.substring(1));
    }
    if (term.contains("!=")) {
      String[] kv = term.split("!=", 2);
      return !kv[1].equals(labels.path(kv[0]).asText(null));
    }
    if (term.contains("=")) {
      String[] kv = term.split("==|=", 2);
      return kv[1].equals(labels.path(kv[0]).asText(null));
    }
    return labels.has(term);
  }

  /** RFC 7386. */
  private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? (ObjectNode) target
            : JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                result.remove(e.getKey());
              } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
              }
            });
    return result;
  }

  private TreeMap<String, Stored> store(Target target) {
    return resources.computeIfAbsent(target.resource(), r -> new TreeMap<>());
  }

  private static Target named(Target target, String name) {
    return new Target(
        target.apiVersion(), target.resource(), target.plural(), target.namespace(), name, null);
  }

  /** {@code /api/v1/...} or {@code /apis/GROUP/VERSION/...}, namespaced or not. */
  static Target target(String path) {
    String[] s = path.split("/");
    int i;
    String apiVersion;
    if (s.length > 3 && s[1].equals("api")) {
      apiVersion = s[2];
      i = 3;
    } else if (s.length > 4 && s[1].equals("apis")) {
      apiVersion = s[2] + "/" + s[3];
      i = 4;
    } else {
      return null;
    }
    String namespace = null;
    if (s[i].equals("namespaces") && s.length > i + 2) {
      namespace = s[i + 1];
      i += 2;
    }
    String plural = s[i];
    String name = s.length > i + 1 ? s[i + 1] : null;
    String sub = s.length > i + 2 ? s[i + 2] : null;
    return new Target(apiVersion, apiVersion + "/" + plural, plural, namespace, name, sub);
  }

  private static String kind(Target target) {
    return KINDS.getOrDefault(target.plural(), target.plural());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private static String frame(String type, String json) {
    return "{\"type\":\"" + type + "\",\"object\":" + json + "}";
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static MockResponse notFound(Target target) {
    return status(404, "NotFound", target.plural() + " \"" + target.name() + "\" not found");
  }

  private static MockResponse status(int code, String reason, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("apiVersion", "v1").put("kind", "Status").put("status", "Failure");
    status.put("code", code).put("reason", reason).put("message", message);
    return json(code, status.toString());
  }
}
