package dev.enclave.cli.playground;

import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.gitops.LoadError;
import dev.enclave.core.gitops.LoadResult;
import dev.enclave.core.gitops.Notice;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl playground [DIR]}: a GitOps directory running on real local host clusters. */
@Command(
    name = "playground",
    mixinStandardHelpOptions = true,
    description = {
      "Runs DIR on real host clusters on this machine, one per jurisdiction (etcd, kube-apiserver,"
          + " controller-manager and scheduler built from upstream; KWOK nodes labelled for the"
          + " jurisdiction), with the chart's RBAC and the real Enclave operator, and shows the"
          + " tenant clusters live.",
      "Every tenant's rendered control plane runs as real processes (kube-apiserver, etcd or kine,"
          + " controller-manager, the KMS plugin, the syncer), started by a local pod runner that is"
          + " their kubelet; KWOK stands in for the kubelets of tenant workloads only.",
      "Exit codes: 0 every tenant Ready, 1 some tenant not Ready, 2 unreadable input or"
          + " cannot start."
    })
public final class PlaygroundCommand implements Callable<Integer> {
  static final int READY = 0;
  static final int NOT_READY = 1;
  static final int UNREADABLE = 2;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = "examples/platform",
      description = "GitOps directory to load (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--once",
      description = "Wait until every tenant is Ready (exit 0) or none can get further (exit 1).")
  boolean once;

  @Option(
      names = "--timeout",
      defaultValue = "300s",
      converter = DurationConverter.class,
      description =
          "With --once: give up after this long, e.g. 90s, 5m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--kubeconfig-out",
      paramLabel = "FILE",
      defaultValue = "build/playground/kubeconfig",
      description =
          "Where to write the kubeconfig of the hosts and tenant clusters; the playground's"
              + " state and logs go in its directory (default: ${DEFAULT-VALUE}).")
  Path kubeconfigOut;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Use this real cluster instead of local hosts, applying DIR there.")
  Path kubeconfig;

  @Option(names = "--context", description = "With --kubeconfig: the context to use.")
  String context;

  @Option(
      names = "--jurisdiction",
      paramLabel = "NAME",
      description = "With --kubeconfig: a jurisdiction the cluster serves (repeat; default: all).")
  List<String> jurisdictions = new ArrayList<>();

  @Option(
      names = "--nodes",
      defaultValue = "3",
      description = "KWOK nodes per host (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--spare-host",
      paramLabel = "JURISDICTION",
      description = "Also start host-<JURISDICTION>-2, a second local host of that jurisdiction with no tenant,"
          + " reaching the same shared DataStores: a target for enclavectl migrate (repeat).")
  List<String> spareHosts = new ArrayList<>();

  @Spec CommandSpec spec;

  private final OperatorStarter operators;
  private final Clock clock;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public PlaygroundCommand() {
    this(OperatorStarter.enclaveOperator(Clock.systemUTC()), Clock.systemUTC());
  }

  PlaygroundCommand(OperatorStarter operators, Clock clock) {
    this.operators = operators;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (RuntimeException e) {
      err.println("enclavectl playground: " + oneLine(e));
      err.flush();
      return UNREADABLE;
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    if (nodes < 1) {
      err.println("enclavectl playground: --nodes " + nodes + ": must be 1 or more");
      err.flush();
      return UNREADABLE;
    }
    Path state = kubeconfigOut.toAbsolutePath().getParent();
    if (kubeconfig == null) {
      PlaygroundSession.useStateDirectory(state);
    }
    Path logFile = state.resolve("playground.log");
    PlaygroundLogging.toFile(logFile);
    Platform platform = load(err);
    if (platform == null) {
      return UNREADABLE;
    }
    StringWriter preface = new StringWriter();
    reportViolations(platform, new PrintWriter(preface));
    out.print(preface);
    out.flush();
    Set<String> served = servedJurisdictions(platform, err);
    if (served == null) {
      return UNREADABLE;
    }
    if (kubeconfig == null && !LocalPrerequisites.check(err)) {
      return UNREADABLE;
    }
    Instant began = clock.instant();
    PlaygroundSession session = startSession(platform, served, state, out);
    Thread hook = new Thread(() -> stop(session, out), "enclave-playground-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      session.startOperators(operators);
      PlatformApplier.Result applied = PlatformApplier.apply(platform, session.targets());
      applied.refused().forEach(err::println);
      err.flush();
      int shown = preface.getBuffer().length();
      banner(session, logFile, new PrintWriter(preface, true));
      out.print(preface.getBuffer().substring(shown));
      out.flush();
      return watch(platform, session, applied, preface.toString(), began, out);
    } finally {
      removeHook(hook);
      session.close();
    }
  }

  private Platform load(PrintWriter err) {
    if (!Files.isDirectory(dir)) {
      err.println("enclavectl playground: " + dir + ": not a directory");
      err.flush();
      return null;
    }
    LoadResult result = new GitOpsLoader().load(dir);
    result.notices().stream().map(Notice::format).forEach(err::println);
    result.errors().stream().map(LoadError::format).forEach(err::println);
    if (!result.readable()) {
      err.println(result.errors().size() + " error(s): " + dir + " cannot be played");
    } else if (result.platform().jurisdictions().isEmpty()) {
      err.println("enclavectl playground: " + dir + ": no Jurisdiction declared, nothing to host");
    }
    err.flush();
    boolean usable = result.readable() && !result.platform().jurisdictions().isEmpty();
    return usable ? result.platform() : null;
  }

  private static void reportViolations(Platform platform, PrintWriter out) {
    List<Violation> violations = new ArrayList<>(ComplianceRules.evaluate(platform));
    violations.sort(Violation.ORDER);
    violations.stream().map(Violation::format).forEach(out::println);
    if (!violations.isEmpty()) {
      out.println(
          violations.size()
              + " violation(s): applying anyway; non-compliant tenant clusters will not become"
              + " Ready and show why below.");
      out.println();
    }
    out.flush();
  }

  /** Local hosts: every declared jurisdiction; real: those given, each of which must be declared. */
  private Set<String> servedJurisdictions(Platform platform, PrintWriter err) {
    Set<String> declared =
        platform.jurisdictions().stream()
            .map(Declared::name)
            .collect(Collectors.toCollection(TreeSet::new));
    if (kubeconfig == null || jurisdictions.isEmpty()) {
      return declared;
    }
    for (String j : jurisdictions) {
      if (!declared.contains(j)) {
        err.println(
            "enclavectl playground: --jurisdiction "
                + j
                + ": not declared in "
                + dir
                + " (declared: "
                + String.join(", ", declared)
                + ")");
        err.flush();
        return null;
      }
    }
    return new LinkedHashSet<>(jurisdictions);
  }

  private PlaygroundSession startSession(Platform platform, Set<String> served, Path state, PrintWriter out) {
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new IllegalArgumentException("--kubeconfig " + kubeconfig + ": cannot read it");
      }
      return PlaygroundSession.real(kubeconfig.toFile(), context, served);
    }
    if (!spareHosts.isEmpty() && kubeconfig != null) {
      throw new IllegalArgumentException("--spare-host starts a local host; it cannot be used with --kubeconfig");
    }
    for (String spare : spareHosts) {
      if (platform.jurisdiction(spare).isEmpty()) {
        throw new IllegalArgumentException("--spare-host " + spare + ": no Jurisdiction " + spare
            + " is declared in the directory; allowed: "
            + String.join(", ", platform.jurisdictions().stream().map(d -> d.name()).toList()));
      }
    }
    return PlaygroundSession.local(platform, state, nodes, LocalPrerequisites.chart(), clock, out, Set.copyOf(spareHosts));
  }

  private void banner(PlaygroundSession session, Path logFile, PrintWriter out) {
    if (session.isLocal()) {
      writeKubeconfig(session);
      PlaygroundBanner.local(session, nodes, kubeconfigOut, out);
    } else {
      PlaygroundBanner.real(session, kubeconfig, out);
    }
    out.println("Log: " + logFile);
    if (!once) {
      out.println("Press Ctrl-C to stop.");
    }
    out.println();
    out.flush();
  }

  private String written;

  /**
   * (Re)writes the kubeconfig when a context appeared, changed or went (a tenant became ready, an
   * AccessGrant was issued or expired).
   */
  private void writeKubeconfig(PlaygroundSession session) {
    List<PlaygroundKubeconfig.Entry> entries = session.kubeconfigEntries();
    String rendered = PlaygroundKubeconfig.render(entries);
    if (rendered.equals(written)) {
      return;
    }
    try {
      PlaygroundKubeconfig.write(kubeconfigOut, entries);
      written = rendered;
    } catch (IOException e) {
      throw new IllegalStateException("--kubeconfig-out " + kubeconfigOut + ": " + oneLine(e), e);
    }
  }

  /** Redraws the table every second until every tenant is settled (--once) or Ctrl-C. */
  private int watch(
      Platform platform,
      PlaygroundSession session,
      PlatformApplier.Result applied,
      String preface,
      Instant began,
      PrintWriter out) {
    boolean tty = System.console() != null;
    Instant deadline = clock.instant().plus(timeout);
    String shown = null;
    while (!stopping.get()) {
      List<TenantRow> rows =
          TenantTable.observe(platform, session.targets(), applied.notApplied());
      if (session.isLocal()) {
        writeKubeconfig(session);
      }
      String table = TenantTable.render(rows) + settled(rows);
      if (tty) {
        out.print("\033[H\033[2J" + preface + table);
      } else if (!table.equals(shown)) {
        out.print(shown == null ? table : "\n" + table);
      }
      shown = table;
      out.flush();
      if (once) {
        Integer exit = verdict(rows, clock.instant().isAfter(deadline), session, began, out);
        if (exit != null) {
          return exit;
        }
      }
      if (!pause()) {
        break;
      }
    }
    return READY;
  }

  /** Under the live table: why each tenant that will not become Ready will not. */
  private static String settled(List<TenantRow> rows) {
    StringBuilder text = new StringBuilder();
    rows.stream()
        .filter(r -> r.terminalReason() != null)
        .forEach(
            r ->
                text.append("  ")
                    .append(r.tenant())
                    .append(": ")
                    .append(r.terminalReason())
                    .append('\n'));
    return text.toString();
  }

  /** The exit code once the outcome is known, or null to keep waiting. */
  private Integer verdict(
      List<TenantRow> rows, boolean timedOut, PlaygroundSession session, Instant began, PrintWriter out) {
    long ready = rows.stream().filter(TenantRow::ready).count();
    if (ready == rows.size()) {
      out.println();
      out.println(
          "All " + rows.size() + " tenant cluster(s) are Ready after "
              + Duration.between(began, clock.instant()).toSeconds() + " s"
              + (session.isLocal() ? ", on real control planes." : "."));
      if (session.isLocal()) {
        out.println(Footprint.describe(session.pids()));
      }
      out.flush();
      return READY;
    }
    boolean settled = rows.stream().allMatch(r -> r.ready() || r.terminalReason() != null);
    if (!settled && !timedOut) {
      return null;
    }
    out.println();
    out.println(
        (rows.size() - ready)
            + " of "
            + rows.size()
            + " tenant cluster(s) not Ready"
            + (settled ? ":" : " after " + timeout.toSeconds() + "s:"));
    TenantTable.reasons(rows).forEach(out::println);
    out.flush();
    return NOT_READY;
  }

  private boolean pause() {
    try {
      Thread.sleep(1000);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void stop(PlaygroundSession session, PrintWriter out) {
    stopping.set(true);
    session.close();
    out.println();
    out.println("Playground stopped: operators closed, every process it started stopped by pid.");
    out.flush();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
