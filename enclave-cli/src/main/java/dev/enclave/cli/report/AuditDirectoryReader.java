package dev.enclave.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.AuditObservations;
import dev.enclave.core.observed.ObservedAuditEvent;
import dev.enclave.core.observed.ObservedAuditLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads what the audit sinks stored ({@code --audit-dir}): for every declared tenant cluster the
 * newest day file of {@code <dir>/<jurisdiction>/<namespace>/<name>/}, how many of its lines are
 * audit events, and the last of them. A line that is not an audit event (malformed, or the last one
 * cut short while the sink writes) is skipped and counted. Of an event only who did what to which
 * object is kept: request and response bodies are never read into the report.
 */
public final class AuditDirectoryReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".jsonl";

  private AuditDirectoryReader() {}

  /**
   * Reads {@code dir} for every tenant of {@code platform}; one that names no jurisdiction has no
   * sink directory, so nothing was received for it.
   */
  public static AuditObservations read(Path dir, Platform platform) throws IOException {
    Map<String, ObservedAuditLog> tenants = new TreeMap<>();
    for (Declared<TenantCluster> t : platform.tenantClusters()) {
      String jurisdiction =
          t.object().getSpec() == null ? null : t.object().getSpec().getJurisdiction();
      if (jurisdiction == null || jurisdiction.isBlank() || t.namespace() == null) {
        tenants.put(t.namespace() + "/" + t.name(), ObservedAuditLog.nothingIn(null));
        continue;
      }
      Path tenantDir = dir.resolve(jurisdiction).resolve(t.namespace()).resolve(t.name());
      tenants.put(t.namespace() + "/" + t.name(), tenant(tenantDir));
    }
    return new AuditObservations(dir.toString(), tenants);
  }

  static ObservedAuditLog tenant(Path tenantDir) throws IOException {
    Optional<Path> newest = newestDayFile(tenantDir);
    if (newest.isEmpty()) {
      return ObservedAuditLog.nothingIn(tenantDir.toString());
    }
    Path file = newest.get();
    int events = 0;
    int skipped = 0;
    JsonNode last = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = auditEvent(line);
        if (event == null) {
          skipped++;
        } else {
          events++;
          last = event;
        }
      }
    }
    String name = file.getFileName().toString();
    return new ObservedAuditLog(
        tenantDir.toString(),
        file.toString(),
        name.substring(0, name.length() - SUFFIX.length()),
        events,
        skipped,
        last == null ? null : summary(last));
  }

  /** The newest {@code yyyy-mm-dd.jsonl} of {@code tenantDir}; empty if it has none or is absent. */
  static Optional<Path> newestDayFile(Path tenantDir) throws IOException {
    if (!Files.isDirectory(tenantDir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(tenantDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> day(f) != null)
          .max(Comparator.comparing(AuditDirectoryReader::day));
    }
  }

  private static LocalDate day(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX)) {
      return null;
    }
    try {
      return LocalDate.parse(name.substring(0, name.length() - SUFFIX.length()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The line as an audit event: a JSON object with an auditID; else null. */
  private static JsonNode auditEvent(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() && node.path("auditID").isTextual() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static ObservedAuditEvent summary(JsonNode event) {
    JsonNode ref = event.path("objectRef");
    JsonNode code = event.path("responseStatus").path("code");
    return new ObservedAuditEvent(
        time(event),
        text(event, "auditID"),
        text(event, "stage"),
        text(event, "verb"),
        text(event.path("user"), "username"),
        text(ref, "resource"),
        text(ref, "subresource"),
        text(ref, "namespace"),
        text(ref, "name"),
        text(event, "requestURI"),
        code.isIntegralNumber() && code.canConvertToInt() ? code.intValue() : null);
  }

  private static Instant time(JsonNode event) {
    for (String field : new String[] {"stageTimestamp", "requestReceivedTimestamp"}) {
      String value = text(event, field);
      if (value != null) {
        try {
          return Instant.parse(value);
        } catch (DateTimeParseException e) {
          // not a time: try the next field
        }
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }
}
