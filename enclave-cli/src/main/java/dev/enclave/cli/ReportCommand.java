package dev.enclave.cli;

import dev.enclave.cli.report.AuditDirectoryReader;
import dev.enclave.cli.report.LiveObservationsCollector;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.EvidenceBuilder;
import dev.enclave.core.evidence.EvidenceJson;
import dev.enclave.core.evidence.html.HtmlReport;
import dev.enclave.core.gitops.GitProvenance;
import dev.enclave.core.gitops.LoadResult;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.AuditObservations;
import dev.enclave.core.observed.Observations;
import dev.enclave.core.pki.ClientKeyAlgorithm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl report DIR --out OUT}: the sovereignty evidence report, HTML and JSON. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the evidence report of the platform under DIR: OUT/index.html (one self-contained",
      "page for auditors) and OUT/evidence.json (schema: docs/evidence.schema.json).",
      "Offline it reports what is declared in Git; with --kubeconfig or --context it adds what",
      "is observed on the host cluster; with --audit-dir, each tenant's last received audit",
      "event. A platform with violations still gets its full report."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:report written, every control passes",
      "1:report written, a control fails, a rule is violated or drift was found",
      "2:input could not be read, or the cluster could not be asked"
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "GitOps directory (or file) to report on.")
  Path dir;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "OUT",
      description = "Output directory; index.html and evidence.json are (over)written there.")
  Path out;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the host.")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "C", description = "Kubeconfig context to observe.")
  String context;

  @Option(
      names = "--audit-dir",
      paramLabel = "DIR",
      description = {
        "Root of the audit sinks' files (<jurisdiction>/<namespace>/<name>/<yyyy-mm-dd>.jsonl);",
        "adds each tenant's last received audit event, or its absence, as observed evidence."
      })
  Path auditDir;

  @Option(
      names = "--operator-namespace",
      paramLabel = "NS",
      description = {
        "With --kubeconfig or --context: also report the backup keys of deleted tenants destroyed",
        "by crypto-shredding, from their tombstone Secrets in NS (e.g. enclave-system)."
      })
  String operatorNamespace;

  @Option(names = "--now", hidden = true, description = "Report time (ISO-8601), for tests.")
  Instant now;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (auditDir != null && !(Files.isDirectory(auditDir) && Files.isReadable(auditDir))) {
      err.printf(
          "--audit-dir %s: %s%n",
          auditDir, Files.exists(auditDir) ? "not a readable directory" : "no such directory");
      return EnclaveCtl.UNREADABLE;
    }
    Optional<LoadResult> input = PlatformInput.load(dir, err);
    if (input.isEmpty()) {
      return EnclaveCtl.UNREADABLE;
    }
    Platform platform = input.get().platform();
    Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(now, ZoneOffset.UTC);
    List<Violation> violations = ComplianceRules.evaluate(platform);
    Optional<Observations> observations = Optional.empty();
    if (kubeconfig != null || context != null) {
      observations = Optional.of(observe(platform, clock));
    }
    Optional<AuditObservations> audit = Optional.empty();
    if (auditDir != null) {
      try {
        audit = Optional.of(AuditDirectoryReader.read(auditDir, platform));
      } catch (IOException e) {
        err.printf("--audit-dir %s: cannot read: %s%n", auditDir, e.getMessage());
        return EnclaveCtl.UNREADABLE;
      }
    }
    Evidence evidence =
        EvidenceBuilder.build(
            platform,
            violations,
            observations,
            audit,
            GitProvenance.read(dir),
            clock,
            dir.toString());
    Files.createDirectories(out);
    Files.writeString(
        out.resolve("index.html"), HtmlReport.render(evidence), StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("evidence.json"), EvidenceJson.write(evidence), StandardCharsets.UTF_8);
    var s = evidence.summary();
    err.printf(
        "%s: %d jurisdiction(s), %d tenant cluster(s); controls: %d pass, %d fail, %d not"
            + " applicable; %d violation(s), %d drift finding(s), %d boundary crossing(s);"
            + " written to %s%n",
        dir,
        s.jurisdictions(),
        s.tenantClusters(),
        s.controlsPassing(),
        s.controlsFailing(),
        s.controlsNotApplicable(),
        s.violations(),
        s.driftFindings(),
        s.crossings(),
        out.resolve("index.html"));
    audit.ifPresent(a -> printAudit(a, err));
    return s.passes() ? EnclaveCtl.OK : EnclaveCtl.VIOLATIONS;
  }

  private static void printAudit(AuditObservations audit, PrintWriter err) {
    var logs = audit.tenants().values();
    long received = logs.stream().filter(l -> l.lastEvent() != null).count();
    int skipped = logs.stream().mapToInt(l -> l.skippedLines()).sum();
    err.printf(
        "%s: %d tenant cluster(s) with a received audit event, %d with none; %d line(s) skipped"
            + " (not an audit event)%n",
        audit.directory(), received, logs.size() - received, skipped);
  }

  private Observations observe(Platform platform, Clock clock) {
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(context)
            : Config.fromKubeconfig(context, kubeconfig.toFile());
    ClientKeyAlgorithm.detect(config);
    String source = context != null ? context : currentContext(config);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return LiveObservationsCollector.collect(client, platform, source, clock, operatorNamespace);
    }
  }

  private static String currentContext(Config config) {
    return config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
  }
}
