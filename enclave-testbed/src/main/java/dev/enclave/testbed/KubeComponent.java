package dev.enclave.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-controller-manager or kube-scheduler of the host cluster: a client certificate of its
 * bootstrap identity ({@code system:kube-controller-manager}, {@code system:kube-scheduler}), its
 * health endpoint on a loopback port, no leader election (one replica), no profiling.
 */
public final class KubeComponent implements AutoCloseable {
  /**
   * The controllers a host needs to run Enclave's objects and tenant workloads: tokens and
   * service accounts for pods, namespace deletion, garbage collection of owned objects, the
   * workload controllers, endpoint slices for Services, the root CA ConfigMap pods mount, and
   * node lifecycle, which lifts the not-ready taint the API server puts on every new node once
   * KWOK reports it Ready, and the PV binder that completes what the scheduler starts for volumes
   * bound on first use.
   */
  public static final String CONTROLLERS =
      String.join(
          ",",
          "serviceaccount-token-controller",
          "serviceaccount-controller",
          "namespace-controller",
          "garbage-collector-controller",
          "replicaset-controller",
          "deployment-controller",
          "statefulset-controller",
          "endpointslice-controller",
          "root-ca-certificate-publisher-controller",
          "resourcequota-controller",
          "disruption-controller",
          "node-lifecycle-controller",
          "persistentvolume-binder-controller");

  private final ManagedProcess process;

  private KubeComponent(ManagedProcess process) {
    this.process = process;
  }

  public static KubeComponent controllerManager(
      Components components, KubeApiServer api, Path dir) {
    return controllerManager(components, api, dir, CONTROLLERS);
  }

  /** As above with only {@code controllers} (comma-separated, kube-controller-manager's names). */
  public static KubeComponent controllerManager(
      Components components, KubeApiServer api, Path dir, String controllers) {
    Path kubeconfig =
        api.pki()
            .kubeconfigFile(
                "controller-manager.kubeconfig", api.url(), "system:kube-controller-manager");
    Map<String, String> f = common(kubeconfig, dir.resolve("controller-manager"));
    f.put("controllers", controllers);
    f.put("use-service-account-credentials", "true");
    f.put("root-ca-file", api.pki().file("ca.crt").toString());
    f.put("service-account-private-key-file", api.pki().file("sa.key").toString());
    f.put("concurrent-gc-syncs", "5");
    return start(components, api, "kube-controller-manager", f, dir);
  }

  public static KubeComponent scheduler(Components components, KubeApiServer api, Path dir) {
    Path kubeconfig =
        api.pki().kubeconfigFile("scheduler.kubeconfig", api.url(), "system:kube-scheduler");
    return start(
        components, api, "kube-scheduler", common(kubeconfig, dir.resolve("scheduler")), dir);
  }

  private static Map<String, String> common(Path kubeconfig, Path certDir) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("kubeconfig", kubeconfig.toString());
    f.put("authentication-kubeconfig", kubeconfig.toString());
    f.put("authorization-kubeconfig", kubeconfig.toString());
    f.put("bind-address", "127.0.0.1");
    f.put("secure-port", Integer.toString(Ports.free()));
    f.put("cert-dir", certDir.toString());
    f.put("leader-elect", "false");
    f.put("profiling", "false");
    return f;
  }

  private static KubeComponent start(
      Components components,
      KubeApiServer api,
      String binary,
      Map<String, String> flags,
      Path dir) {
    List<String> args = new ArrayList<>();
    flags.forEach((k, v) -> args.add("--" + k + "=" + v));
    ManagedProcess process =
        ManagedProcess.start(
            binary,
            components.kubernetes(api.version(), binary),
            args,
            Map.of(),
            dir.resolve(binary + ".log"));
    String healthz = "https://127.0.0.1:" + flags.get("secure-port") + "/healthz";
    String[] last = {"no answer yet"};
    Health.await(
        process,
        "/healthz",
        Duration.ofSeconds(60),
        () -> (last[0] = Health.probe(healthz)).isEmpty(),
        () -> last[0]);
    return new KubeComponent(process);
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
