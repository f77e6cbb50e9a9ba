package dev.enclave.cli.playground;


import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.cli.playground.kubelet.LoopbackAddresses;
import dev.enclave.cli.playground.kubelet.NameTable;
import dev.enclave.cli.playground.kubelet.PodRunner;
import dev.enclave.cli.playground.kubelet.Rewrites;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.LeafProfile;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.OperatorProcess;
import dev.enclave.operator.tenant.KubeconfigTenantApiClients;
import dev.enclave.operator.webhook.RenewableServingTls;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.HostNodes;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.ManagedProcess;
import dev.enclave.testbed.Ports;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host clusters, operators, pod runners and audit sinks of one playground run, closed together:
 * operators first, then the pod runners (every tenant process, by pid), then the hosts.
 */
public final class PlaygroundSession implements AutoCloseable {
  static final String OPERATOR_NAMESPACE = "enclave-system";
  static final String OPERATOR_ACCOUNT = "enclave-operator";
  static final Duration AUDIT_RETENTION = Duration.ofDays(7);
  /** The kubelet's default port, where a tenant API server asks a node for logs and exec. */
  static final int KUBELET_PORT = 10250;

  /** One jurisdiction's host cluster and what runs beside it. */
  public record LocalHost(
      String name,
      String jurisdiction,
      HostCluster cluster,
      KubernetesClient admin,
      PodRunner runner,
      List<AuditSink> sinks) {}

  private final List<HostTarget> targets = new ArrayList<>();
  private final List<LocalHost> hosts = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<String, SharedStores> stores = new LinkedHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Rewrites firstRewrites;
  private NameTable names;
  private Path dir;

  private PlaygroundSession() {}

  /**
   * One real host cluster per declared jurisdiction, under {@code dir}: the chart installed with
   * helm, the operator running with the chart's ServiceAccount, a pod runner as the kubelet of the
   * tenant control planes and an audit sink per declared sink.
   */
  public static PlaygroundSession local(
      Platform platform, Path dir, int nodes, Path chart, Clock clock, PrintWriter progress) {
    return local(platform, dir, nodes, chart, clock, progress, Set.of());
  }

  /**
   * As {@link #local(Platform, Path, int, Path, Clock, PrintWriter)}, and for each jurisdiction in
   * {@code spares} a second host {@code host-<jurisdiction>-2} beside the first: the chart, an
   * operator and a pod runner of its own, the jurisdiction's Jurisdiction and DataStores (the same
   * stores, reached with the same admin credentials) and no tenant: a target for {@code enclavectl
   * migrate}.
   */
  public static PlaygroundSession local(
      Platform platform, Path dir, int nodes, Path chart, Clock clock, PrintWriter progress, Set<String> spares) {
    PlaygroundSession session = new PlaygroundSession();
    session.dir = dir;
    try {
      Components components = Components.fromEnvironment();
      LoopbackAddresses addresses = new LoopbackAddresses();
      session.names = new NameTable(dir.resolve("hosts"));
      CertificateAuthority ca = CertificateAuthority.create("enclave-playground", clock, new SecureRandom());
      Set<String> started = new LinkedHashSet<>();
      for (Declared<Jurisdiction> declared : platform.jurisdictions()) {
        Jurisdiction j = declared.object();
        String name = j.getMetadata().getName();
        if (!started.add(name)) {
          continue;
        }
        List<String> hostNames = spares.contains(name) ? List.of(name, name + "-2") : List.of(name);
        for (String hostName : hostNames) {
          // A new host: volumes and audit logs of an earlier run belong to tenants that are gone.
          dev.enclave.testbed.Directories.recreate(dir.resolve(hostName));
          dev.enclave.testbed.Directories.recreate(dir.resolve("audit").resolve(hostName));
          progress.println("Starting host-" + hostName + ": etcd, kube-apiserver, controller-manager, scheduler, KWOK (" + nodes + " nodes)...");
          progress.flush();
          session.hosts.add(session.startHost(platform, j, hostName, nodes, components, addresses, ca, chart, clock, dir.resolve(hostName), progress));
        }
      }
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private LocalHost startHost(
      Platform platform, Jurisdiction j, String hostName, int nodes, Components components, LoopbackAddresses addresses,
      CertificateAuthority ca, Path chart, Clock clock, Path hostDir, PrintWriter progress) {
    String name = j.getMetadata().getName();
    HostCluster cluster =
        HostCluster.start(
            components, hostDir.resolve("host"), HostNodes.of(List.of(j), Map.of(name, nodes)),
            PodRunner.RUNS, nodeIp(), KUBELET_PORT);
    closeables.add(cluster);
    KubernetesClient admin = cluster.adminClient();
    closeables.add(admin);
    installRuntimeClasses(platform, name, admin);
    int webhookPort = Ports.free();
    String webhookUrl = "https://127.0.0.1:" + webhookPort;
    Command.Result helm =
        cluster.helm(
            "install", "enclave", chart.toString(),
            "--namespace=" + OPERATOR_NAMESPACE, "--create-namespace",
            "--set=jurisdictions={" + name + "}", "--set=replicaCount=0", "--set=webhook.url=" + webhookUrl);
    if (helm.exitCode() != 0) {
      throw new IllegalStateException("host-" + hostName + ": helm install of " + chart + " failed: " + helm.stderr());
    }
    SharedStores running = stores.get(name);
    if (running == null) {
      running = SharedStores.start(platform, name, components, addresses, names, admin, hostDir.resolve("stores"), progress);
      stores.put(name, running);
      closeables.add(running);
    } else {
      running.writeAdminSecrets(admin); // the jurisdiction's stores run once, outside every host
    }
    KubernetesClient operatorClient =
        KubeApiServer.clientFor(
            Config.fromKubeconfig(
                cluster.serviceAccountKubeconfig(OPERATOR_NAMESPACE, OPERATOR_ACCOUNT, Duration.ofDays(7))));
    closeables.add(operatorClient);
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "ENCLAVE_JURISDICTIONS", name,
                "ENCLAVE_NAMESPACE", OPERATOR_NAMESPACE,
                "ENCLAVE_WEBHOOK_PORT", Integer.toString(webhookPort),
                "ENCLAVE_WEBHOOK_URL", webhookUrl,
                "ENCLAVE_BIND_ADDRESS", "127.0.0.1",
                "ENCLAVE_METRICS_PORT", "0",
                "ENCLAVE_HEALTH_PORT", "0",
                "ENCLAVE_LEADER_ELECTION", "false"));
    KubeconfigTenantApiClients tenantApis = new KubeconfigTenantApiClients();
    closeables.add(tenantApis::close);
    OperatorProcess operator = OperatorProcess.start(operatorClient, config, clock, tenantApis);
    closeables.add(operator);
    List<AuditSink> sinks = new ArrayList<>();
    if (j.getSpec().getAuditSinks() != null) {
      for (dev.enclave.api.v1alpha1.AuditSink ref : j.getSpec().getAuditSinks()) {
        URI url = URI.create(ref.getUrl());
        var cert = ca.issue(LeafProfile.serving(url.getHost(), List.of(url.getHost()), List.of()), clock, new SecureRandom());
        AuditSink sink =
            new AuditSink(
                url, RenewableServingTls.serving(cert).context(), dir.resolve("audit").resolve(hostName),
                AUDIT_RETENTION, clock, () -> addresses.next(LoopbackAddresses.Range.EXTERNAL));
        closeables.add(sink);
        sinks.add(sink);
      }
    }
    Rewrites rewrites = new Rewrites("127.0.0.1", cluster.apiServer().port(), hostDir.resolve("runner"), ca.certificatePem());
    if (firstRewrites == null) {
      firstRewrites = rewrites;
    }
    PodRunner runner =
        new PodRunner(admin, components, addresses, names, pod -> sinkNames(pod, sinks), rewrites, hostDir.resolve("runner"))
            .start();
    closeables.add(runner);
    targets.add(new HostTarget("host-" + hostName, admin, Set.of(name)));
    return new LocalHost("host-" + hostName, name, cluster, admin, runner, List.copyOf(sinks));
  }

  /**
   * The RuntimeClasses the jurisdiction's tenants isolate their pods with, as a platform team
   * installs them on a host (KWOK runs no container, so the handler is only a name here).
   */
  private static void installRuntimeClasses(Platform platform, String jurisdiction, KubernetesClient admin) {
    platform.tenantClusters().stream()
        .map(Declared::object)
        .filter(t -> jurisdiction.equals(t.getSpec().getJurisdiction()))
        .map(t -> t.getSpec().getIsolation() == null ? null : t.getSpec().getIsolation().getRuntimeClassName())
        .filter(java.util.Objects::nonNull)
        .distinct()
        .forEach(
            handler ->
                admin
                    .resource(
                        new io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder()
                            .withNewMetadata()
                            .withName(handler)
                            .endMetadata()
                            .withHandler(handler)
                            .build())
                    .create());
  }

  /** Each tenant's pods see the jurisdiction's audit sinks at addresses of that tenant's own. */
  /** 127.0.0.1 for the first host's nodes, 127.0.0.2 for the second's, and so on. */
  private String nodeIp() {
    return "127.0.0." + (hosts.size() + 1);
  }

  private static Map<String, String> sinkNames(Pod pod, List<AuditSink> sinks) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String tenant = labels.get("enclave.dev/tenant-namespace") + "/" + labels.get("enclave.dev/tenant-cluster");
    Map<String, String> out = new LinkedHashMap<>();
    sinks.forEach(s -> out.put(s.host(), s.addressFor(tenant)));
    return out;
  }

  /**
   * Points this JVM at the playground's state directory {@code state}, before anything resolves a
   * name or starts a process: names resolve from its hosts file (the playground's DNS), and its pid
   * ledger records every process started.
   */
  public static void useStateDirectory(Path state) {
    System.setProperty("jdk.net.hosts.file", state.resolve("hosts").toString());
    System.setProperty("enclave.testbed.dir", state.toString());
  }

  /** A real cluster from a kubeconfig file, serving the given jurisdictions. */
  static PlaygroundSession real(File kubeconfig, String context, Set<String> jurisdictions) {
    Config config = Config.fromKubeconfig(context, kubeconfig);
    KubernetesClient client = KubeApiServer.clientFor(config);
    PlaygroundSession session = new PlaygroundSession();
    session.closeables.add(client);
    String name =
        context != null
            ? context
            : config.getCurrentContext() == null ? "cluster" : config.getCurrentContext().getName();
    session.targets.add(new HostTarget(name, client, jurisdictions));
    return session;
  }

  /** Starts the operator on a real cluster (local hosts start theirs with the host). */
  void startOperators(OperatorStarter starter) {
    if (isLocal()) {
      return;
    }
    for (HostTarget target : targets) {
      closeables.add(starter.start(target.client(), target.jurisdictions(), new KubeconfigTenantApiClients()));
    }
  }

  public List<HostTarget> targets() {
    return Collections.unmodifiableList(targets);
  }

  public List<LocalHost> hosts() {
    return Collections.unmodifiableList(hosts);
  }

  boolean isLocal() {
    return !hosts.isEmpty();
  }

  /** What the pod runners change between a rendered container and its process. */
  List<String> rewrites() {
    return firstRewrites == null ? List.of() : firstRewrites.describe();
  }

  /**
   * The kubeconfig entries: each host as admin, then each tenant cluster whose admin kubeconfig
   * exists, at its Service's proxy address.
   */
  List<PlaygroundKubeconfig.Entry> kubeconfigEntries() {
    List<PlaygroundKubeconfig.Entry> entries = new ArrayList<>();
    for (LocalHost host : hosts) {
      entries.add(PlaygroundKubeconfig.Entry.of(host.name(), host.cluster().apiServer().adminKubeconfigYaml()));
    }
    for (LocalHost host : hosts) {
      for (Secret secret : host.admin().secrets().inAnyNamespace().withLabel(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY).list().getItems()) {
        String name = secret.getMetadata().getName();
        Map<String, String> labels = secret.getMetadata().getLabels();
        if (secret.getData() == null || !secret.getData().containsKey("kubeconfig")) {
          continue;
        }
        if (labels.containsKey(EnclaveApi.ACCESS_GRANT_LABEL)) {
          grantEntry(host, secret).ifPresent(entries::add);
          continue;
        }
        if (!name.endsWith("-admin-kubeconfig")) {
          continue;
        }
        String tenant = labels.get(EnclaveApi.TENANT_NAME_LABEL);
        atTenantProxy(host, labels.get(EnclaveApi.TENANT_NAMESPACE_LABEL) + "." + tenant, secret,
                secret.getMetadata().getNamespace(), tenant)
            .ifPresent(entries::add);
      }
    }
    // A tenant moving between hosts is briefly on both: the later host (the target) wins.
    Map<String, PlaygroundKubeconfig.Entry> byContext = new LinkedHashMap<>();
    entries.forEach(e -> {
      byContext.remove(e.context());
      byContext.put(e.context(), e);
    });
    return new ArrayList<>(byContext.values());
  }

  /**
   * An Active AccessGrant's delivered kubeconfig, as context {@code grant.<namespace>.<grant>} at
   * its tenant's Service proxy: the certificate and key exactly as the operator issued them.
   */
  private static Optional<PlaygroundKubeconfig.Entry> grantEntry(LocalHost host, Secret secret) {
    String namespace = secret.getMetadata().getNamespace();
    String grantName = secret.getMetadata().getLabels().get(EnclaveApi.ACCESS_GRANT_LABEL);
    AccessGrant grant = host.admin().resources(AccessGrant.class).inNamespace(namespace).withName(grantName).get();
    if (grant == null || grant.getSpec() == null || grant.getSpec().getTenantCluster() == null) {
      return Optional.empty();
    }
    String tenant = grant.getSpec().getTenantCluster();
    return atTenantProxy(host, "grant." + namespace + "." + grantName, secret,
        HostNames.hostNamespace(namespace, tenant), tenant);
  }

  /**
   * The kubeconfig in {@code secret} as context {@code context}, pointed at the loopback proxy of
   * the tenant's API Service in {@code hostNamespace} and verifying the Service's name; empty
   * while that Service has no proxy yet.
   */
  private static Optional<PlaygroundKubeconfig.Entry> atTenantProxy(
      LocalHost host, String context, Secret secret, String hostNamespace, String tenant) {
    String address = host.runner().serviceAddress(hostNamespace, tenant);
    if (address == null) {
      return Optional.empty();
    }
    String kubeconfig = new String(Base64.getDecoder().decode(secret.getData().get("kubeconfig")), StandardCharsets.UTF_8);
    return Optional.of(new PlaygroundKubeconfig.Entry(
        context, kubeconfig, "https://" + address + ":443", tenant + "." + hostNamespace + ".svc"));
  }

  /** Every process of the playground: host components, then tenant processes. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (LocalHost host : hosts) {
      host.cluster().processes().stream().map(ManagedProcess::pid).forEach(pids::add);
      pids.addAll(host.runner().pids());
    }
    return pids;
  }

  Path directory() {
    return dir;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // shutting down: keep closing the others
      }
    }
  }
}
