package dev.enclave.syncer;

import dev.enclave.core.net.NameResolution;
import dev.enclave.core.pki.ClientKeyAlgorithm;
import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.core.sync.SyncPolicyJson;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The syncer container's entry point. Reads {@code ENCLAVE_TENANT_KUBECONFIG} (path of the tenant
 * API server's kubeconfig), {@code ENCLAVE_SYNC_POLICY} (path of the SyncPolicy JSON), optional
 * {@code ENCLAVE_TENANT_DNS_IP} (the tenant CoreDNS Service's cluster IP; when unset, read from the
 * tenant's DNS Service in the host namespace, which the rendered container relies on), optional {@code
 * ENCLAVE_TENANT_API_HOST} (see {@link SyncerOptions}), {@code ENCLAVE_HEALTH_PORT} (default
 * 8081) and {@code ENCLAVE_BIND_ADDRESS} (the address health is served on; default every
 * interface); talks to the host with the pod's in-cluster service account, in the namespace that account
 * belongs to. Exits 2 with one line on standard error when the configuration is unusable.
 */
public final class SyncerMain {
  static final String TENANT_KUBECONFIG = "ENCLAVE_TENANT_KUBECONFIG";
  static final String SYNC_POLICY = "ENCLAVE_SYNC_POLICY";
  static final String HEALTH_PORT = "ENCLAVE_HEALTH_PORT";
  static final String BIND_ADDRESS = "ENCLAVE_BIND_ADDRESS";
  static final String TENANT_DNS_IP = "ENCLAVE_TENANT_DNS_IP";
  static final String TENANT_API_HOST = "ENCLAVE_TENANT_API_HOST";
  static final java.time.Duration DNS_WAIT = java.time.Duration.ofMinutes(2);

  private SyncerMain() {}

  public static void main(String[] args) throws Exception {
    NameResolution.jdkOnly();
    Settings settings;
    try {
      settings = Settings.from(System.getenv());
    } catch (BadConfig e) {
      System.err.println("enclave-syncer: " + e.getMessage());
      System.exit(2);
      return;
    }
    // The syncer's tenant kubeconfig carries an ECDSA key of the tenant's PKI.
    Config tenantConfig = Config.fromKubeconfig(Files.readString(settings.tenantKubeconfig()));
    ClientKeyAlgorithm.detect(tenantConfig);
    KubernetesClient tenant = new KubernetesClientBuilder().withConfig(tenantConfig).build();
    Config hostConfig = Config.autoConfigure(null);
    String podNamespace = hostConfig.getNamespace();
    if (podNamespace != null && !podNamespace.equals(settings.policy().hostNamespace())) {
      System.err.println(
          "enclave-syncer: "
              + SYNC_POLICY
              + ": the policy is for host namespace "
              + settings.policy().hostNamespace()
              + ", but this pod's service account is in "
              + podNamespace);
      tenant.close();
      System.exit(2);
    }
    KubernetesClient host =
        new KubernetesClientBuilder()
            .withConfig(hostConfig)
            .withKubernetesSerialization(HostSerialization.create())
            .build();
    Syncer[] running = new Syncer[1];
    try (SyncerHealth health =
        SyncerHealth.start(
            System.getenv(BIND_ADDRESS), settings.healthPort(), () -> running[0] != null && running[0].isReady())) {
      SyncerOptions options = settings.options();
      if (options.dnsServerIp() == null || options.dnsServerIp().isBlank()) {
        String dns = TenantDns.clusterIp(host, settings.policy(), DNS_WAIT);
        options = options.withTenantEndpoints(options.apiServerHost(), dns);
      }
      running[0] = startWhenCachesSync(tenant, host, settings.policy(), options);
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    } finally {
      if (running[0] != null) {
        running[0].close();
      }
      tenant.close();
      host.close();
    }
  }

  /**
   * Starts the syncer, trying again (after 1 s, doubling to 30 s) while its caches cannot sync: its
   * API server may still be starting, or the machine slow. Exiting instead would restart the
   * container and, as a container of the control-plane pod, take the tenant's API server out of
   * its Service each time.
   */
  static Syncer startWhenCachesSync(
      KubernetesClient tenant, KubernetesClient host, SyncPolicy policy, SyncerOptions options)
      throws InterruptedException {
    long backoff = 1000;
    for (int attempt = 1; ; attempt++) {
      try {
        return Syncer.start(tenant, host, policy, options);
      } catch (IllegalStateException e) {
        System.err.println(
            "enclave-syncer: attempt " + attempt + ": " + Settings.firstLine(e.getMessage())
                + "; trying again in " + backoff / 1000 + " s");
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /** A configuration problem, said in one line. */
  static final class BadConfig extends Exception {
    BadConfig(String message) {
      super(message);
    }
  }

  /** The validated environment. */
  record Settings(Path tenantKubeconfig, SyncPolicy policy, int healthPort, SyncerOptions options) {

    static Settings from(Map<String, String> env) throws BadConfig {
      Path kubeconfig = readablePath(env, TENANT_KUBECONFIG);
      Path policyFile = readablePath(env, SYNC_POLICY);
      SyncPolicy policy;
      try {
        policy = SyncPolicyJson.read(Files.readString(policyFile), SYNC_POLICY + "=" + policyFile);
      } catch (IllegalArgumentException e) {
        throw new BadConfig(firstLine(e.getMessage()));
      } catch (IOException | RuntimeException e) {
        throw new BadConfig(
            SYNC_POLICY + "=" + policyFile + ": not a sync policy: " + firstLine(e.getMessage()));
      }
      if (policy.hostNamespace() == null || policy.hostNamespace().isBlank()) {
        throw new BadConfig(SYNC_POLICY + "=" + policyFile + ": hostNamespace is missing");
      }
      int port = 8081;
      String portText = env.get(HEALTH_PORT);
      if (portText != null && !portText.isBlank()) {
        try {
          port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
          throw new BadConfig(HEALTH_PORT + "=" + portText + ": not a port number");
        }
        if (port < 0 || port > 65535) {
          throw new BadConfig(HEALTH_PORT + "=" + portText + ": not a port number (0-65535)");
        }
      }
      SyncerOptions options =
          SyncerOptions.defaults()
              .withTenantEndpoints(env.get(TENANT_API_HOST), env.get(TENANT_DNS_IP));
      return new Settings(kubeconfig, policy, port, options);
    }

    private static Path readablePath(Map<String, String> env, String name) throws BadConfig {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new BadConfig(name + " is not set (expected the path of a mounted file)");
      }
      Path path = Path.of(value);
      if (!Files.isReadable(path) || Files.isDirectory(path)) {
        throw new BadConfig(name + "=" + value + ": no readable file there");
      }
      return path;
    }

    private static String firstLine(String message) {
      if (message == null) {
        return "unreadable";
      }
      int nl = message.indexOf('\n');
      return nl < 0 ? message : message.substring(0, nl);
    }
  }
}
