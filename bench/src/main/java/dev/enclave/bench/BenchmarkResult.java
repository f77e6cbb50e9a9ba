package dev.enclave.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one benchmark run, printed and written as JSON. */
final class BenchmarkResult {
  /** Set by a benchmark that pins itself to fewer CPUs than the machine has. */
  static final String CORES_PROPERTY = "enclave.bench.cores";

  private final Map<String, Object> figures = new LinkedHashMap<>();

  BenchmarkResult put(String name, Object value) {
    Object figure = value;
    if (value instanceof Double d) {
      figure = round(d);
    } else if (value instanceof java.util.List<?> list) {
      figure = list.stream().map(v -> v instanceof Double d ? round(d) : v).toList();
    }
    figures.put(name, figure);
    return this;
  }

  void write(Path file) throws IOException {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("host", hostName());
    machine.put(
        "cores", Integer.getInteger(CORES_PROPERTY, Runtime.getRuntime().availableProcessors()));
    machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    machine.put("java", System.getProperty("java.version"));
    machine.put("date", Instant.now().toString());
    Map<String, Object> document = new LinkedHashMap<>(figures);
    document.put("machine", machine);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String text = json.writeValueAsString(document);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text + "\n");
    System.out.println(text);
    System.out.println("written to " + file);
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double round(double d) {
    return Math.round(d * 10_000d) / 10_000d;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
