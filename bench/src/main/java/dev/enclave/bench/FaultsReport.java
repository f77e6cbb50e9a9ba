package dev.enclave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code bench/faults.md}, written from {@code bench/results/faults.json} by {@code bench/run
 * faults}: the fault mix, the timeline, the counts run and what survived. Never edited by hand.
 */
final class FaultsReport {
  private FaultsReport() {}

  static void write(Path markdown, Path json) throws IOException {
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    StringBuilder md = new StringBuilder();
    md.append("# Faults, crashes and hostile input (`bench/run faults`)\n\n");
    md.append("Written by `bench/run faults` from `bench/results/faults.json`; do not edit by hand.")
        .append(" What the run does: `FaultsBenchmark`, `FaultProxy` and `FuzzCampaign` in")
        .append(" `bench/src/main/java/dev/enclave/bench/`.\n\n");
    JsonNode machine = r.path("machine");
    md.append("Run ").append(machine.path("date").asText()).append(", ").append(machine.path("cores").asText())
        .append(" cores, Java ").append(machine.path("java").asText()).append(".\n\n");

    md.append("## Result\n\n");
    md.append("| tenants | faults injected | lost | duplicates | orphans | fuzz cases | crashes |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    md.append("| ").append(r.path("tenants").asText())
        .append(" | ").append(r.path("faults").asText())
        .append(" | ").append(r.path("lost").asText())
        .append(" | ").append(r.path("duplicates").asText())
        .append(" | ").append(r.path("orphans").asText())
        .append(" | ").append(r.path("fuzzCases").asText())
        .append(" | ").append(r.path("crashes").asText())
        .append(" |\n\n");
    md.append("- Host objects compared with the fault-free run: ").append(r.path("hostObjectsCompared").asText())
        .append(" (every object labelled `app.kubernetes.io/managed-by: enclave`, of the kinds the operator writes), after ")
        .append(r.path("deletedTenants").asText()).append(" tenants were deleted in both runs.\n");
    md.append("- Time to converge: ").append(r.path("faultedSeconds").asText()).append(" s with faults, ")
        .append(r.path("referenceSeconds").asText()).append(" s without.\n");
    md.append("- Operator processes: ").append(r.path("operatorProcesses").asText()).append(", of which ")
        .append(r.path("operatorSigkills").asText()).append(" killed with SIGKILL; exited on their own (crashes): ")
        .append(r.path("operatorCrashes").asText()).append("; the operator that lost its lease while stopped ")
        .append(r.path("leaseLoserExitedByItself").asBoolean() ? "exited by itself" : "had to be killed")
        .append(".\n");
    md.append("- Rival writer: ").append(r.path("rivalWrites").asText()).append(" writes, ")
        .append(r.path("rivalConflicts").asText()).append(" of its own refused with 409.\n");
    appendExamples(md, "Lost", r.path("lostExamples"));
    appendExamples(md, "Duplicates", r.path("duplicateExamples"));
    appendExamples(md, "Orphans", r.path("orphanExamples"));

    md.append("\n## Fault mix (per request through the proxy, while faults are on)\n\n");
    md.append("| fault | value |\n| --- | --- |\n");
    fields(r.path("mix")).forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().asText()).append(" |\n"));
    md.append("\n## What the proxy saw\n\n");
    md.append("| counter | count |\n| --- | --- |\n");
    fields(r.path("proxy")).forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().asText()).append(" |\n"));
    md.append("\n`real409` and `real410` are the API server's own answers (conflicts with the rival writer and")
        .append(" between operators; watches too old after the restart and etcd's compactions), passed through unchanged.\n");

    md.append("\n## Timeline of the faulted run\n\n```\n");
    r.path("timeline").forEach(line -> md.append(line.asText()).append('\n'));
    md.append("```\n");

    md.append("\n## Fuzzing\n\n| figure | value |\n| --- | --- |\n");
    fields(r.path("fuzz")).forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ")
        .append(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString().replace("|", "\\|"))
        .append(" |\n"));
    Files.writeString(markdown, md.toString(), StandardCharsets.UTF_8);
    System.out.println("written to " + markdown);
  }

  private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return node.fields();
  }

  private static void appendExamples(StringBuilder md, String title, JsonNode examples) {
    if (examples.isArray() && !examples.isEmpty()) {
      md.append("- ").append(title).append(" (first ").append(examples.size()).append("):\n");
      examples.forEach(e -> md.append("  - `").append(e.asText()).append("`\n"));
    }
  }
}
