package dev.enclave.cli.playground.kubelet;

import dev.enclave.testbed.ProcessLedger;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod the runner is the kubelet of: its address, its volume directories and one process per
 * container, restarted on exit with a back-off as {@code restartPolicy: Always} asks, probed as
 * declared, and a status written from what the processes do. Init containers come first, in
 * order, as the kubelet runs them: a regular one until it exits 0; a native sidecar (an init
 * container with {@code restartPolicy: Always}) until its startup probe passes, after which it
 * keeps running and restarting beside the containers, whose start it no longer holds back.
 */
final class RunnerPod {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerPod.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);
  /**
   * How often a container that is not ready yet is probed. The kubelet probes at the declared
   * period (at least a second); the runner probes sooner, so a pod is Ready, and the containers
   * behind a native sidecar start, within a quarter of a second of their process serving. Failures
   * still count once per period, so no container is killed sooner than on a kubelet.
   */
  static final Duration NOT_READY_PROBE_INTERVAL = Duration.ofMillis(250);

  private final KubernetesClient host;
  private final Executables executables;
  private final Rewrites rewrites;
  private final NameTable names;
  private final Function<Pod, Map<String, String>> podNames;
  private final PodVolumes volumes;
  private final Path dir;
  private final String address;
  private final Instant startTime = Instant.now();
  private final Map<String, Run> runs = new LinkedHashMap<>();
  /** Whether every init container has completed or, for a sidecar, started: the pod's Initialized. */
  private boolean initialized;
  private volatile Pod pod;
  private String waiting;
  private Map<String, Path> volumeDirs;
  private final Instant[] tokenRefresh = new Instant[1];
  private PodStatus written;
  private boolean stopped;

  /** One container's process and what the kubelet knows about it. */
  private static final class Run {
    final Container container;
    /** An init container; {@link #sidecar} when it is restartable (a native sidecar). */
    final boolean init;
    final boolean sidecar;
    /** A regular init container that exited 0: it is not started again. */
    boolean completed;
    Process process;
    String refusal;
    int restarts;
    Instant startedAt;
    Instant nextStart = Instant.EPOCH;
    boolean started;
    boolean ready;
    int livenessFailures;
    int startupFailures;
    Instant nextProbe = Instant.EPOCH;
    Instant nextFailureCount = Instant.EPOCH;
    ContainerStatus lastTermination;

    Run(Container container, boolean init) {
      this.container = container;
      this.init = init;
      this.sidecar = init && "Always".equals(container.getRestartPolicy());
    }

    /** Whether the containers after this init container may start. */
    boolean letsNextStart() {
      return sidecar ? started : completed;
    }
  }

  RunnerPod(
      Pod pod,
      KubernetesClient host,
      Executables executables,
      Rewrites rewrites,
      NameTable names,
      Function<Pod, Map<String, String>> podNames,
      PodVolumes volumes,
      Path dir,
      String address) {
    this.pod = pod;
    this.podNames = podNames;
    this.host = host;
    this.executables = executables;
    this.rewrites = rewrites;
    this.names = names;
    this.volumes = volumes;
    this.dir = dir;
    this.address = address;
    if (pod.getSpec().getInitContainers() != null) {
      pod.getSpec().getInitContainers().forEach(c -> runs.put(c.getName(), new Run(c, true)));
    }
    pod.getSpec().getContainers().forEach(c -> runs.put(c.getName(), new Run(c, false)));
  }

  String address() {
    return address;
  }

  Pod pod() {
    return pod;
  }

  void update(Pod latest) {
    this.pod = latest;
  }

  /**
   * Whether the pod is initialized and every container, and every sidecar, passes its readiness
   * probe; a completed init container does not count.
   */
  synchronized boolean ready() {
    return initialized
        && runs.values().stream().anyMatch(r -> !r.init)
        && runs.values().stream().filter(r -> !r.init || r.sidecar).allMatch(r -> r.ready);
  }

  /** The DNS names of this pod: its hostname, and under its subdomain when it has one. */
  List<String> ownNames() {
    List<String> own = new ArrayList<>();
    String hostname = pod.getSpec().getHostname() == null ? pod.getMetadata().getName() : pod.getSpec().getHostname();
    own.add(hostname);
    String subdomain = pod.getSpec().getSubdomain();
    if (subdomain != null) {
      String fqdn = hostname + "." + subdomain + "." + pod.getMetadata().getNamespace() + ".svc";
      own.add(fqdn);
      own.add(fqdn + ".cluster.local");
    }
    return own;
  }

  /** One step of the kubelet's loop: mount, start, probe, restart, report. */
  synchronized void tick() {
    if (stopped || ProcessLedger.instance().stopping()) {
      return;
    }
    if (volumeDirs == null || (tokenRefresh[0] != null && Instant.now().isAfter(tokenRefresh[0]))) {
      try {
        tokenRefresh[0] = null;
        volumeDirs = volumes.write(pod, dir.resolve("volumes"), tokenRefresh);
        waiting = null;
      } catch (PodVolumes.NotReady | KubernetesClientException e) {
        waiting = e.getMessage();
        volumeDirs = null;
      }
    }
    if (volumeDirs != null) {
      for (Run run : runs.values()) {
        if (run.init && (initialized || run.completed)) {
          if (run.sidecar) {
            step(run); // a started sidecar keeps running and restarting, as a container does
          }
          continue;
        }
        if (run.init) {
          step(run);
          if (!run.letsNextStart()) {
            break; // the containers after it wait, as the kubelet's do
          }
          continue;
        }
        initialized = true;
        step(run);
      }
    }
    report();
  }

  private void step(Run run) {
    Instant now = Instant.now();
    if (run.process != null && !run.process.isAlive()) {
      int code = run.process.exitValue();
      ProcessLedger.instance().forget(run.process.pid());
      if (run.init && !run.sidecar && code == 0) {
        LOG.info("{}/{} init container {}: completed", namespace(), name(), run.container.getName());
        run.lastTermination = terminated(run, code, now);
        run.process = null;
        run.completed = true;
        return;
      }
      LOG.warn("{}/{} {}: exited with code {}; restarting", namespace(), name(), run.container.getName(), code);
      run.lastTermination = terminated(run, code, now);
      run.process = null;
      run.ready = false;
      run.started = false;
      run.restarts++;
      long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(run.restarts - 1, 5));
      run.nextStart = now.plusMillis(backoff);
    }
    if (run.process == null) {
      if (now.isBefore(run.nextStart)) {
        return;
      }
      start(run);
      return;
    }
    if (now.isBefore(run.nextProbe)) {
      return;
    }
    Container c = run.container;
    Probe startup = c.getStartupProbe();
    if (!run.started) {
      if (startup == null || Probes.check(startup, c, address)) {
        run.started = true;
      } else if (failureCounts(run, startup, now) && ++run.startupFailures >= threshold(startup)) {
        kill(run, "startup probe failed " + run.startupFailures + " times");
        return;
      }
    }
    if (run.started) {
      Probe liveness = c.getLivenessProbe();
      if (liveness != null && !Probes.check(liveness, c, address)) {
        if (failureCounts(run, liveness, now) && ++run.livenessFailures >= threshold(liveness)) {
          kill(run, "liveness probe failed " + run.livenessFailures + " times");
          return;
        }
      } else {
        run.livenessFailures = 0;
      }
      Probe readiness = c.getReadinessProbe();
      run.ready = readiness == null || Probes.check(readiness, c, address);
    }
    run.nextProbe =
        run.ready ? now.plusSeconds(period(c.getReadinessProbe())) : now.plus(NOT_READY_PROBE_INTERVAL);
  }

  /**
   * Whether a failed startup or liveness probe counts now: the runner probes a container that is
   * not ready every {@link #NOT_READY_PROBE_INTERVAL}, to see it start sooner, but counts at most one failure per the probe's
   * {@code periodSeconds}, so that threshold times period is the budget, as with the kubelet.
   */
  private static boolean failureCounts(Run run, Probe probe, Instant now) {
    if (now.isBefore(run.nextFailureCount)) {
      return false;
    }
    long period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
    run.nextFailureCount = now.plusSeconds(period);
    return true;
  }

  private static int threshold(Probe probe) {
    return probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
  }

  private static long period(Probe probe) {
    return probe == null || probe.getPeriodSeconds() == null ? 10 : Math.min(probe.getPeriodSeconds(), 10);
  }

  private void start(Run run) {
    Container c = run.container;
    Executables.Resolved resolved = executables.resolve(c);
    if (resolved.refused().isPresent()) {
      run.refusal = resolved.refusal();
      return;
    }
    run.refusal = null;
    Map<String, String> env;
    try {
      env = ContainerLaunch.ordered(rewrites.env(name(), address), containerEnv(c));
    } catch (PodVolumes.NotReady e) {
      run.refusal = e.getMessage();
      return;
    }
    List<String> args = new ArrayList<>(resolved.command());
    List<String> declared = c.getArgs() == null ? List.of() : c.getArgs();
    args.addAll(Rewrites.args(ContainerLaunch.expand(declared, env), address));
    Path containerDir = dir.resolve("containers").resolve(c.getName());
    List<ContainerLaunch.Mount> mounts = new ArrayList<>();
    if (c.getVolumeMounts() != null) {
      for (VolumeMount m : c.getVolumeMounts()) {
        Path source = volumeDirs.get(m.getName());
        if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
          source = source.resolve(m.getSubPath());
        }
        mounts.add(new ContainerLaunch.Mount(source, m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())));
      }
    }
    Path hosts = names.podFile(dir.resolve("etc").resolve("hosts"), address, ownNames(), podNames.apply(pod));
    mounts.add(new ContainerLaunch.Mount(hosts, Rewrites.HOSTS, true));
    mounts.add(new ContainerLaunch.Mount(rewrites.resolvConf(), Rewrites.RESOLV_CONF, true));
    mounts.add(new ContainerLaunch.Mount(rewrites.caBundle(), Rewrites.CA_BUNDLE, true));
    List<String> command = ContainerLaunch.command(containerDir, mounts, args);
    Path log = dir.resolve(c.getName() + ".log");
    try {
      Files.writeString(log, "# " + shown(args) + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().clear();
      builder.environment().putAll(env);
      run.process = builder.start();
      ProcessLedger.instance().record(run.process.pid(), Path.of(resolved.command().get(0)));
      run.startedAt = Instant.now();
      run.nextProbe = run.startedAt.plusSeconds(
          c.getStartupProbe() != null && c.getStartupProbe().getInitialDelaySeconds() != null
              ? c.getStartupProbe().getInitialDelaySeconds() : 0);
      run.startupFailures = 0;
      run.livenessFailures = 0;
      LOG.info("{}/{} {}: started pid {} at {}: {}", namespace(), name(), c.getName(), run.process.pid(), address, shown(args));
    } catch (IOException e) {
      run.refusal = "cannot start " + command.get(0) + ": " + e.getMessage();
      run.nextStart = Instant.now().plusSeconds(5);
    }
  }

  /** The command line as logged: a Java classpath is shortened, everything else shown. */
  private static String shown(List<String> args) {
    List<String> out = new ArrayList<>(args);
    int cp = out.indexOf("-cp");
    if (cp >= 0 && cp + 1 < out.size()) {
      out.set(cp + 1, "<the enclavectl classpath>");
    }
    return String.join(" ", out);
  }

  /** The container's env as the kubelet resolves it: values, field, Secret and ConfigMap refs. */
  private Map<String, String> containerEnv(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    if (c.getEnv() == null) {
      return env;
    }
    for (EnvVar var : c.getEnv()) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), ContainerLaunch.expand(var.getValue() == null ? "" : var.getValue(), env));
        continue;
      }
      var from = var.getValueFrom();
      if (from.getFieldRef() != null) {
        env.put(var.getName(), from.getFieldRef().getFieldPath().equals("status.podIP") ? address : PodVolumes.field(pod, from.getFieldRef()));
      } else if (from.getSecretKeyRef() != null) {
        Secret secret = host.secrets().inNamespace(namespace()).withName(from.getSecretKeyRef().getName()).get();
        String value = secret == null || secret.getData() == null ? null : secret.getData().get(from.getSecretKeyRef().getKey());
        if (value == null) {
          throw new PodVolumes.NotReady("env " + var.getName() + ": Secret " + from.getSecretKeyRef().getName() + " key " + from.getSecretKeyRef().getKey() + " not found");
        }
        env.put(var.getName(), new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
      } else if (from.getConfigMapKeyRef() != null) {
        ConfigMap map = host.configMaps().inNamespace(namespace()).withName(from.getConfigMapKeyRef().getName()).get();
        String value = map == null || map.getData() == null ? null : map.getData().get(from.getConfigMapKeyRef().getKey());
        if (value == null) {
          throw new PodVolumes.NotReady("env " + var.getName() + ": ConfigMap " + from.getConfigMapKeyRef().getName() + " key " + from.getConfigMapKeyRef().getKey() + " not found");
        }
        env.put(var.getName(), value);
      } else {
        throw new PodVolumes.NotReady("env " + var.getName() + ": this valueFrom is not supported by the playground's pod runner");
      }
    }
    return env;
  }

  private void kill(Run run, String why) {
    LOG.warn("{}/{} {}: {}; killing pid {}", namespace(), name(), run.container.getName(), why, run.process.pid());
    run.process.destroy();
  }

  private ContainerStatus terminated(Run run, int code, Instant now) {
    return new ContainerStatusBuilder()
        .withName(run.container.getName())
        .withNewState()
        .withNewTerminated()
        .withExitCode(code)
        .withReason(code == 0 ? "Completed" : "Error")
        .withStartedAt(run.startedAt == null ? null : run.startedAt.toString())
        .withFinishedAt(now.toString())
        .endTerminated()
        .endState()
        .build();
  }

  /**
   * Writes the pod's status when what the processes do changed. {@code written} is the status as
   * computed, before the server's fields (QoS class, PodScheduled) are merged into a copy: were the
   * merged status kept, no computed one would ever equal it, and every tick would write.
   */
  private void report() {
    PodStatus status = status();
    if (status.equals(written)) {
      return;
    }
    try {
      host.pods().inNamespace(namespace()).withName(name()).editStatus(p -> {
        PodStatus merged = new PodStatusBuilder(status).build();
        if (p.getStatus() != null) {
          merged.setQosClass(p.getStatus().getQosClass());
          List<PodCondition> conditions = new ArrayList<>(merged.getConditions());
          if (p.getStatus().getConditions() != null) {
            p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).forEach(conditions::add);
          }
          merged.setConditions(conditions);
        }
        p.setStatus(merged);
        return p;
      });
      written = status;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("{}/{}: cannot write status: {}", namespace(), name(), e.getMessage());
      }
    }
  }

  private PodStatus status() {
    List<ContainerStatus> containers = new ArrayList<>();
    List<ContainerStatus> inits = new ArrayList<>();
    boolean allStarted = true;
    for (Run run : runs.values()) {
      ContainerStatusBuilder s =
          new ContainerStatusBuilder()
              .withName(run.container.getName())
              .withImage(run.container.getImage())
              .withImageID("")
              .withReady(run.ready)
              .withStarted(run.started)
              .withRestartCount(run.restarts);
      if (run.process != null) {
        s.withContainerID("playground://" + run.process.pid())
            .withNewState().withNewRunning().withStartedAt(run.startedAt.toString()).endRunning().endState();
      } else if (run.completed) {
        s.withState(run.lastTermination.getState());
      } else {
        // Init containers that have not run yet, or have completed, leave the pod Pending only
        // until it is initialized (below); a container without a process keeps it Pending.
        allStarted = allStarted && run.init;
        String reason = waiting != null ? "ContainerCreating" : run.refusal != null ? "ImageNotRunnable" : run.restarts > 0 ? "CrashLoopBackOff" : "ContainerCreating";
        String message = waiting != null ? waiting : run.refusal;
        s.withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState();
      }
      if (run.lastTermination != null && !run.completed) {
        s.withLastState(run.lastTermination.getState());
      }
      (run.init ? inits : containers).add(s.build());
    }
    allStarted = allStarted && initialized;
    boolean ready = ready();
    String now = startTime.toString();
    List<PodCondition> conditions = List.of(
        condition("PodReadyToStartContainers", volumeDirs != null, now),
        condition("Initialized", initialized, now),
        condition("ContainersReady", ready, now),
        condition("Ready", ready, now));
    PodStatus status = new PodStatus();
    status.setPhase(allStarted || runs.values().stream().anyMatch(r -> r.restarts > 0) ? "Running" : "Pending");
    status.setConditions(conditions);
    status.setContainerStatuses(containers);
    if (!inits.isEmpty()) {
      status.setInitContainerStatuses(inits);
    }
    status.setHostIP("127.0.0.1");
    status.setHostIPs(List.of(new HostIP("127.0.0.1")));
    status.setPodIP(address);
    status.setPodIPs(List.of(new PodIP(address)));
    status.setStartTime(now);
    return status;
  }

  private static PodCondition condition(String type, boolean value, String since) {
    return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False").withLastTransitionTime(since).build();
  }

  /** Stops every process (SIGTERM, then SIGKILL after the grace period) and forgets the names. */
  synchronized void stop(Duration grace) {
    stopped = true;
    long deadline = System.nanoTime() + grace.toNanos();
    List<Run> containers = runs.values().stream().filter(r -> !r.init).toList();
    List<Run> sidecars = new ArrayList<>(runs.values().stream().filter(r -> r.init).toList());
    java.util.Collections.reverse(sidecars);
    // As the kubelet: the containers first, then the sidecars, last started first stopped.
    stopAll(containers, deadline);
    stopAll(sidecars, deadline);
    names.forget(dir.resolve("etc").resolve("hosts"));
  }

  private void stopAll(List<Run> stopping, long deadline) {
    for (Run run : stopping) {
      if (run.process != null) {
        run.process.destroy();
      }
    }
    for (Run run : stopping) {
      if (run.process == null) {
        continue;
      }
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!run.process.waitFor(left, TimeUnit.NANOSECONDS)) {
          run.process.destroyForcibly();
          run.process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        run.process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      ProcessLedger.instance().forget(run.process.pid());
      run.process = null;
    }
  }

  /** Pids of the processes running now. */
  synchronized List<Long> pids() {
    return runs.values().stream().map(r -> r.process).filter(Objects::nonNull).filter(Process::isAlive).map(Process::pid).toList();
  }

  String namespace() {
    return pod.getMetadata().getNamespace();
  }

  String name() {
    return pod.getMetadata().getName();
  }
}
