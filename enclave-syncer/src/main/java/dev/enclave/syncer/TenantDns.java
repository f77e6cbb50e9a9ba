package dev.enclave.syncer;

import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Finds the tenant CoreDNS address synced pods resolve through: the cluster IP of the tenant's DNS
 * Service in its host namespace. The host allocates it only once the Service exists, so the
 * control-plane builders cannot render it into the syncer's environment; the syncer reads it.
 */
final class TenantDns {
  private static final Duration POLL = Duration.ofSeconds(1);

  private TenantDns() {}

  /** Waits until the DNS Service has a cluster IP; fails with the Service's name after timeout. */
  static String clusterIp(KubernetesClient host, SyncPolicy policy, Duration timeout)
      throws InterruptedException {
    String name = HostNames.dnsService(policy.tenantName());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Service service =
          host.services().inNamespace(policy.hostNamespace()).withName(name).get();
      String ip = service == null || service.getSpec() == null ? null : service.getSpec().getClusterIP();
      if (ip != null && !ip.isBlank() && !"None".equals(ip)) {
        return ip;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Service "
                + policy.hostNamespace()
                + "/"
                + name
                + (service == null ? " does not exist" : " has no cluster IP")
                + " after "
                + timeout.toSeconds()
                + "s; set ENCLAVE_TENANT_DNS_IP or check the tenant's CoreDNS");
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
