package dev.enclave.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The mutations of {@link FuzzDocuments}, drawn from one random source: wrong types, values out of
 * range, invalid quantities, durations, versions and schedules, hostile names and broken YAML.
 */
final class FuzzValues {
  private static final Map<String, List<Object>> INVALID =
      Map.ofEntries(
          Map.entry("kubernetesVersion", List.of("1.37", "v1.37.2", "1.99.0", "1.37.2-rc.1", "", "1.37.2.3", "01.37.2", "1.-1.0", "99999999999999999999.1.1", "latest")),
          Map.entry("size", List.of("10Zi", "-5Gi", "1e400", "0", "10 Gi", "Gi", "1.5.5Gi", "99999999999999999999999Ei", "5GB", "")),
          Map.entry("schedule", List.of("* * *", "61 * * * *", "@every 5m", "0 */0 * * *", "*/-1 * * * *", "@reboot", "0 0 31 2 *", "a b c d e", "", "0 0 * * * * *", "99999999999 * * * *")),
          Map.entry("duration", List.of("-2h", "0s", "1000000h", "2x", "P1D", "1h1h", "9223372036854775807h", "", "h", "1.5h", "2 h")),
          Map.entry("retention", List.of(-1, 0, Long.MAX_VALUE, "14", 1.5)),
          Map.entry("replicas", List.of(-1, 0, 2, 4, Integer.MAX_VALUE, 1000, "3")),
          Map.entry("role", List.of("root", "", "ADMIN", "cluster-admin")),
          Map.entry("driver", List.of("mysql", "", "ETCD", "postgres")),
          Map.entry("podSecurity", List.of("privileged", "none", "")),
          Map.entry("engine", List.of("opa", "", "none")),
          Map.entry("url", List.of("http://siem.eu.example.com", "ftp://x", "not a url", "https://[::1", "https://siem.us.example.com", "")),
          Map.entry("endpoint", List.of("http://s3.eu.example.com", "s3.us.amazonaws.com", "https://", "https://user:pw@s3.eu.example.com", "")),
          Map.entry("kmsEndpoint", List.of("unix://", "tcp://kms.us.example.com:443", "", "unix:///../../etc/passwd")),
          Map.entry("storageClass", List.of("us-fast", "", "EU-ENCRYPTED", "uk-encrypted")),
          Map.entry("group", List.of("system:masters", "", "uk-platform-oncall")),
          Map.entry("jurisdiction", List.of("mars", "", "EU", "eu ", "uk", "us")),
          Map.entry("ref", List.of("nope", "eu-postgres-1", "uk-etcd-1", "")),
          Map.entry("sink", List.of("nope", "uk-siem", "")),
          Map.entry("target", List.of("nope", "uk-backups", "")),
          Map.entry("tenantCluster", List.of("ghost", "", "council")),
          Map.entry("bucket", List.of("", "UPPER", "a")),
          Map.entry("region", List.of("us-east-1", "")),
          Map.entry("operator", List.of("Exists", "In", "")),
          Map.entry("effect", List.of("NoExecute", "Never", "")),
          Map.entry("runtimeClassName", List.of("", "runc", "../gvisor")),
          Map.entry("pods", List.of("-1", "abc", "1e999", "64Ti", "", "200m")),
          Map.entry("requests.cpu", List.of("-1", "abc", "1e999", "", "0.0000001")),
          Map.entry("allowed", List.of(List.of("1"), List.of("1.x"), List.of("latest"), List.of())),
          Map.entry("held", List.of(List.of("x"), List.of("1.37"), List.of(""))),
          Map.entry("registries", List.of(List.of("docker.io"), List.of("*"), List.of(""), List.of())),
          Map.entry("storageClasses", List.of(List.of(), List.of(""), List.of("eu-encrypted", "eu-encrypted"))),
          Map.entry("endpoints", List.of(List.of(), List.of("postgres.us.example.com:5432"), List.of(":"), List.of("host:99999"))),
          Map.entry("nodeSelector", List.of(Map.of(), Map.of("enclave.dev/jurisdiction", "us"), Map.of("", ""))),
          Map.entry("adminGroups", List.of(List.of(), List.of("system:masters"))));

  private static final List<String> NAMES =
      List.of(
          "",
          "UPPER",
          "under_score",
          "dot.ted",
          "-leading",
          "trailing-",
          "sp ace",
          "slash/name",
          "colon:name",
          "ünïcödé",
          "\u202Eeu",
          "e\u200Bu",
          "a".repeat(63),
          "a".repeat(64),
          "a".repeat(254),
          "a".repeat(300),
          "..",
          "eu",
          "uk",
          "acme-bank",
          "123",
          "x\ny");

  private static final List<String> UNICODE =
      List.of("\u202Eeu", "e\u0000u", "eu\u200B", "\uD83D\uDE00", "\uFEFF", "e\u0301", "\u0085", "\u2028", "\t", "\\", "\"'", "${jndi:ldap://127.0.0.1:1/a}", "%s%n", "\u0007");

  private final SplittableRandom random;

  FuzzValues(SplittableRandom random) {
    this.random = random;
  }

  /** One mutation of {@code root}, in place; returns its name and where it was applied. */
  String treeMutation(Map<String, Object> root) {
    List<Slot> slots = new ArrayList<>();
    collect(root, "", slots);
    Slot slot = slots.get(random.nextInt(slots.size()));
    Map<?, ?> metadata = root.get("metadata") instanceof Map<?, ?> m ? m : null;
    int choice = random.nextInt(16);
    switch (choice) {
      case 0 -> slot.remove();
      case 1 -> slot.set(wrongType());
      case 2 -> slot.set(hugeString());
      case 3 -> slot.set(pick(UNICODE) + (slot.get() instanceof String s ? s : ""));
      case 4 -> slot.set(FuzzDocuments.hugeNumber(random));
      case 5 -> {
        List<Object> values = INVALID.get(slot.keyName());
        slot.set(values == null ? wrongType() : pick(values));
      }
      case 6 -> {
        Map<String, Object> into = someMap(root);
        into.put(random.nextBoolean() ? "unknownField" : pick(NAMES), copyNode(wrongType()));
        return "unknown-field";
      }
      case 7 -> slot.set(deepNesting(20 + random.nextInt(60)));
      case 8 -> {
        if (metadata != null) {
          cast(metadata).put("name", pick(NAMES));
          return "name";
        }
        slot.remove();
      }
      case 9 -> root.put("apiVersion", pick(List.of("enclave.dev/v1", "enclave.dev/v1alpha2", "enclave.dev", "v1", "", "enclave.dev/")));
      case 10 -> root.put("kind", pick(List.of("Tenant", "tenantcluster", "", "Pod", "Jurisdictions", FuzzDocuments.KINDS.get(random.nextInt(4)))));
      case 11 -> slot.set(random.nextBoolean() ? new ArrayList<>() : new LinkedHashMap<>());
      case 12 -> slot.set(null);
      case 13 -> {
        if (metadata != null) {
          Map<String, Object> meta = cast(metadata);
          meta.put(random.nextBoolean() ? "labels" : "annotations", copyNode(Map.of(pick(NAMES), pick(NAMES))));
          return "labels";
        }
        slot.remove();
      }
      case 14 -> {
        if (slot.get() instanceof List<?> list && !list.isEmpty()) {
          List<Object> doubled = new ArrayList<>(list);
          doubled.addAll(list);
          slot.set(doubled);
        } else {
          slot.set(List.of(slot.get() == null ? "x" : slot.get(), slot.get() == null ? "x" : slot.get()));
        }
      }
      default -> {
        if (metadata != null) {
          cast(metadata).put("namespace", pick(List.of("", "tenants-uk", "default", "kube-system", "enclave-system", "missing-ns", "UPPER")));
          return "namespace";
        }
        slot.remove();
      }
    }
    return MUTATION_NAMES.get(choice) + "@" + slot.path();
  }

  private static final List<String> MUTATION_NAMES =
      List.of(
          "drop", "wrong-type", "huge-string", "unicode", "huge-number", "invalid-value",
          "unknown-field", "deep-nesting", "name", "api-version", "kind", "empty", "null",
          "labels", "duplicate-entries", "namespace");

  /** A mutation of the document's text, where the tree cannot express it. */
  byte[] textMutation(String name, String text) {
    String[] lines = text.split("\n", -1);
    int line = random.nextInt(lines.length);
    String result =
        switch (name) {
          case "truncate" -> text.substring(0, random.nextInt(Math.max(1, text.length())));
          case "duplicate-key" -> duplicateLine(lines, keyLine(lines));
          case "control-character" -> insert(text, pick(List.of("\u0000", "\u0001", "\u001B", "\u007F", "\u0085", "\u2028", "\uFFFE", "\uFFFF", "\uD800", "\r")));
          case "invalid-utf8" -> null;
          case "empty-document" -> pick(List.of("", "---\n", "--- \n...\n", "null\n", "[]\n", "42\n", "~\n", "# only a comment\n", "---\n---\n", "\n\n\n", "\"\"\n", "{}\n"));
          case "tab-indent" -> replaceLine(lines, keyLine(lines), l -> l.replaceFirst("^  ", "\t"));
          case "alias-bomb" -> aliasBomb();
          case "java-tag" -> replaceValue(lines, "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]");
          case "binary-tag" -> replaceValue(lines, pick(List.of("!!binary AAAA", "!!timestamp 2001-12-14", "!!set {a, b}", "!custom x", "!!int 0x", "!!float .nan", "!!str")));
          case "unclosed-flow" -> replaceValue(lines, pick(List.of("[a, b", "{a: b", "\"unterminated", "'x", "*undefined", "&anchor", "|\n bad", ">-")));
          case "two-documents" -> text + "\n---\n" + text;
          case "bom" -> "\uFEFF" + (random.nextBoolean() ? "\uFEFF" : "") + text;
          case "deep-flow-nesting" -> text + "\nextra: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
          default -> throw new IllegalArgumentException("no text mutation " + name);
        };
    if (result == null) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = random.nextInt(bytes.length);
      out.write(bytes, 0, at);
      byte[] bad = pick(List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
      out.write(bad, 0, bad.length);
      out.write(bytes, at, bytes.length - at);
      return out.toByteArray();
    }
    return result.getBytes(StandardCharsets.UTF_8);
  }

  /** A document built from nothing: a kind, a name, and fields with random values. */
  Map<String, Object> document(String kind) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", random.nextInt(10) == 0 ? "enclave.dev/v2" : "enclave.dev/v1alpha1");
    doc.put("kind", kind);
    Map<String, Object> meta = FuzzDocuments.map("name", random.nextInt(3) == 0 ? pick(NAMES) : "gen-" + random.nextInt(1000));
    if (kind.equals("TenantCluster") || kind.equals("AccessGrant")) {
      meta.put("namespace", random.nextInt(4) == 0 ? "tenants-uk" : "tenants-eu");
    }
    doc.put("metadata", meta);
    Map<String, Object> spec = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(INVALID.keySet());
    int fields = random.nextInt(8);
    for (int i = 0; i < fields; i++) {
      String key = keys.get(random.nextInt(keys.size()));
      Object value = random.nextInt(3) == 0 ? wrongType() : pick(INVALID.get(key));
      nest(spec, key, value);
    }
    doc.put("spec", random.nextInt(15) == 0 ? wrongType() : spec);
    return doc;
  }

  /** Puts well-known keys where the API has them, the rest at the top of spec. */
  private void nest(Map<String, Object> spec, String key, Object value) {
    String parent =
        switch (key) {
          case "replicas" -> "controlPlane";
          case "size", "storageClass" -> "dataStore.embedded";
          case "ref" -> "dataStore";
          case "schedule", "retention", "target" -> "backup";
          case "sink" -> "audit";
          case "podSecurity", "runtimeClassName" -> "isolation";
          case "engine" -> "policy";
          case "pods", "requests.cpu" -> "quota";
          case "allowed", "held" -> "kubernetesVersions";
          case "nodeSelector" -> "placement";
          case "kmsEndpoint" -> "keyManagement";
          default -> "";
        };
    Map<String, Object> into = spec;
    for (String part : parent.isEmpty() ? new String[0] : parent.split("\\.")) {
      into = cast(into.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>()));
    }
    into.put(key, value);
  }

  Object wrongType() {
    return switch (random.nextInt(8)) {
      case 0 -> "a string";
      case 1 -> 42;
      case 2 -> true;
      case 3 -> new ArrayList<>(List.of(1, "two", false));
      case 4 -> FuzzDocuments.map("a", "b");
      case 5 -> null;
      case 6 -> 3.14;
      default -> new ArrayList<>(List.of(FuzzDocuments.map("x", List.of()), List.of(List.of())));
    };
  }

  private String hugeString() {
    StringBuilder text = new StringBuilder(100 * 1024);
    int[] alphabet = (random.nextBoolean() ? "abcdefghij" : "aé\u4E2D\uD83D\uDE00 :-#\"").codePoints().toArray();
    while (text.length() < 100 * 1024) {
      text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return text.toString();
  }

  private static Object deepNesting(int depth) {
    Object value = "bottom";
    for (int i = 0; i < depth; i++) {
      value = i % 2 == 0 ? FuzzDocuments.map("n", value) : new ArrayList<>(List.of(value));
    }
    return value;
  }

  private String aliasBomb() {
    StringBuilder bomb = new StringBuilder("apiVersion: enclave.dev/v1alpha1\nkind: Jurisdiction\nmetadata: {name: bomb}\nspec:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("  a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    return bomb.toString();
  }

  private String insert(String text, String inserted) {
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + inserted + text.substring(at);
  }

  private int keyLine(String[] lines) {
    List<Integer> keyed = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches("^\\s*[A-Za-z.]+:.*")) {
        keyed.add(i);
      }
    }
    return keyed.isEmpty() ? 0 : keyed.get(random.nextInt(keyed.size()));
  }

  private static String duplicateLine(String[] lines, int index) {
    List<String> out = new ArrayList<>(List.of(lines));
    out.add(index + 1, lines[index]);
    return String.join("\n", out);
  }

  private static String replaceLine(String[] lines, int index, java.util.function.UnaryOperator<String> change) {
    String[] copy = lines.clone();
    copy[index] = change.apply(copy[index]);
    return String.join("\n", copy);
  }

  private String replaceValue(String[] lines, String value) {
    return replaceLine(lines, keyLine(lines), l -> l.replaceFirst(":.*$", ": " + value));
  }

  private Map<String, Object> someMap(Map<String, Object> root) {
    List<Map<String, Object>> maps = new ArrayList<>();
    collectMaps(root, maps);
    return maps.get(random.nextInt(maps.size()));
  }

  private static void collectMaps(Object node, List<Map<String, Object>> into) {
    if (node instanceof Map<?, ?> map) {
      into.add(cast(map));
      map.values().forEach(v -> collectMaps(v, into));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectMaps(v, into));
    }
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }

  /** Deep copy of a loaded YAML tree into mutable maps and lists. */
  static Map<String, Object> copy(Map<String, Object> tree) {
    return cast(copyNode(tree));
  }

  private static Object copyNode(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, copyNode(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(copyNode(v)));
      return copy;
    }
    return node;
  }

  private static void collect(Object node, String path, List<Slot> into) {
    if (node instanceof Map<?, ?> map) {
      for (Object key : new ArrayList<>(map.keySet())) {
        String child = path.isEmpty() ? String.valueOf(key) : path + "." + key;
        into.add(new Slot(cast(map), null, key, -1, child));
        collect(map.get(key), child, into);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        @SuppressWarnings("unchecked")
        List<Object> values = (List<Object>) list;
        into.add(new Slot(null, values, null, i, path + "[" + i + "]"));
        collect(list.get(i), path + "[" + i + "]", into);
      }
    }
  }

  /** A place in the tree: a map entry or a list element. */
  private record Slot(Map<String, Object> map, List<Object> list, Object key, int index, String path) {
    Object get() {
      return map != null ? map.get(key) : list.get(index);
    }

    void set(Object value) {
      Object copy = copyNode(value);
      if (map != null) {
        map.put((String) key, copy);
      } else {
        list.set(index, copy);
      }
    }

    void remove() {
      if (map != null) {
        map.remove(key);
      } else {
        list.set(index, null);
      }
    }

    String keyName() {
      return map != null ? String.valueOf(key) : "";
    }
  }
}
