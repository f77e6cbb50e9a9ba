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
    JsonNode op = r.path("operator");
    md.append("Lost, duplicates and orphans add the operator's run and the syncer's run; crashes add operator")
        .append(" processes that died by themselves and fuzz cases that crashed.\n\n");
    md.append("## The operator: ").append(r.path("tenants").asText()).append(" tenant clusters\n\n");
    md.append("| lost | duplicates | orphans | proxy faults | SIGKILLs | operator processes | crashes | host objects compared |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    md.append("| ").append(op.path("lost").asText()).append(" | ").append(op.path("duplicates").asText())
        .append(" | ").append(op.path("orphans").asText()).append(" | ").append(op.path("proxyFaults").asText())
        .append(" | ").append(op.path("operatorSigkills").asText()).append(" | ").append(op.path("operatorProcesses").asText())
        .append(" | ").append(op.path("operatorCrashes").asText()).append(" | ").append(op.path("hostObjectsCompared").asText())
        .append(" |\n\n");
    md.append("- Compared with the fault-free run: every host object labelled `app.kubernetes.io/managed-by: enclave`,")
        .append(" of the kinds the operator writes, by kind, namespace and name, after ")
        .append(op.path("deletedTenants").asText()).append(" tenants were deleted in both runs; and every live tenant Ready.\n");
    md.append("- Time to converge: ").append(op.path("faultedSeconds").asText()).append(" s with faults, ")
        .append(op.path("referenceSeconds").asText()).append(" s without.\n");
    md.append("- The operator that lost its lease while stopped ")
        .append(op.path("leaseLoserExitedByItself").asBoolean() ? "exited by itself once it ran again" : "had to be killed")
        .append(".\n");
    md.append("- Rival writer: ").append(op.path("rivalWrites").asText()).append(" writes, ")
        .append(op.path("rivalConflicts").asText()).append(" of its own refused with 409.\n");
    appendExamples(md, "Lost", op.path("lostExamples"));
    appendExamples(md, "Duplicates", op.path("duplicateExamples"));
    appendExamples(md, "Orphans", op.path("orphanExamples"));
    md.append("\nWhat the proxy saw (`real409`, `real410` and `realOther5xx` are the API server's own answers,")
        .append(" passed through unchanged; `real410` includes watch events of type ERROR with code 410):\n\n");
    md.append("| counter | count |\n| --- | --- |\n");
    fields(op.path("proxy")).forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().asText()).append(" |\n"));
    md.append("\nTimeline of the faulted run:\n\n```\n");
    r.path("timeline").forEach(line -> md.append(line.asText()).append('\n'));
    md.append("```\n");

    JsonNode sy = r.path("syncer");
    md.append("\n## The syncer: ").append(sy.path("tenantPods").asText()).append(" tenant pods\n\n");
    md.append("Both its clients through a fault proxy each; restarted halfway; ").append(sy.path("deletedTenantPods").asText())
        .append(" tenant pods deleted under faults. ").append(sy.path("outcome").asText()).append(".\n\n");
    md.append("| lost | duplicates (created twice) | orphans | proxy faults |\n| --- | --- | --- | --- |\n");
    md.append("| ").append(sy.path("lost").asText()).append(" | ").append(sy.path("duplicates").asText())
        .append(" | ").append(sy.path("orphans").asText()).append(" | ").append(sy.path("faults").asText()).append(" |\n");
    appendExamples(md, "Examples", sy.path("examples"));
    JsonNode load = r.path("syncerLoad");
    md.append("\n## Load: ").append(load.path("tenantPods").asText()).append(" tenant pods through one syncer, no fault\n\n");
    md.append("| lost | duplicates (created twice) | orphans | seconds from the syncer's start until the host holds one pod per tenant pod left |\n| --- | --- | --- | --- |\n");
    md.append("| ").append(load.path("lost").asText()).append(" | ").append(load.path("duplicates").asText())
        .append(" | ").append(load.path("orphans").asText()).append(" | ").append(load.path("secondsToConverge").asText()).append(" |\n");
    md.append("\n(").append(load.path("deletedTenantPods").asText()).append(" of them deleted again before the count; ")
        .append(load.path("outcome").asText()).append(".)\n");
    md.append("\n## Fault mix (per request through the proxy, while faults are on)\n\n");
    md.append("| fault | value |\n| --- | --- |\n");
    fields(r.path("mix")).forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().asText()).append(" |\n"));
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
