package dev.enclave.syncer.runtime;

import dev.enclave.core.controlplane.HostNames;
import dev.enclave.syncer.translate.PodContext;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the cluster IP of the host Service in front of the tenant API server, from {@link
 * dev.enclave.syncer.SyncerOptions#apiServerHost()}: an IP is taken as it is, {@code
 * <service>.<namespace>.svc[...]} is read from the host, and no host at all means {@code
 * <tenant>.<hostNamespace>.svc}. Read when needed, never cached: it changes only if the operator
 * recreates the Service.
 */
final class TenantApiService {
  private static final Logger LOG = LoggerFactory.getLogger(TenantApiService.class);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private final SyncContext ctx;
  private final AtomicBoolean unknownLogged = new AtomicBoolean();

  TenantApiService(SyncContext ctx) {
    this.ctx = ctx;
  }

  /**
   * What synced pods are given as {@code KUBERNETES_SERVICE_HOST}. When the syncer keeps the
   * tenant's {@code default/kubernetes} Service at the host Service's IP (no API host, or a host
   * Service's name), that is {@link PodContext#TENANT_API_NAME}, which the tenant's CoreDNS
   * resolves; a host Service's own name it cannot. An IP or any other name is passed as it is:
   * whoever configured it answers for its DNS and for its place in the API server's certificate.
   */
  static String podAddress(String apiServerHost) {
    return isServiceName(apiServerHost) ? PodContext.TENANT_API_NAME : apiServerHost;
  }

  /** Null, blank or {@code <service>.<namespace>.svc[...]}: a Service in the host. */
  private static boolean isServiceName(String host) {
    if (host == null || host.isBlank()) {
      return true;
    }
    if (isIp(host)) {
      return false;
    }
    String[] labels = host.split("\\.");
    return labels.length >= 3 && "svc".equals(labels[2]);
  }

  private static boolean isIp(String host) {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  /**
   * Its addresses, or null when the API host is a DNS name that is not a Service's.
   *
   * @throws IllegalStateException when the Service is missing or has no cluster IP (retried)
   */
  ClusterAddresses addresses() {
    String host = ctx.options().apiServerHost();
    if (host == null || host.isBlank()) {
      return read(ctx.hostNamespace(), HostNames.apiService(ctx.policy().tenantName()));
    }
    if (isIp(host)) {
      return new ClusterAddresses(List.of(host), null, null);
    }
    if (isServiceName(host)) {
      String[] labels = host.split("\\.");
      return read(labels[1], labels[0]);
    }
    if (unknownLogged.compareAndSet(false, true)) {
      LOG.warn(
          "tenant API host {} is neither an IP nor a Service name: the tenant's default/kubernetes"
              + " Service keeps its cluster IP, which on the host routes to the host's API server",
          host);
    }
    return null;
  }

  private ClusterAddresses read(String namespace, String name) {
    Service service = ctx.host().services().inNamespace(namespace).withName(name).get();
    ClusterAddresses addresses = service == null ? null : ClusterAddresses.of(service);
    if (addresses == null) {
      throw new IllegalStateException(
          "host Service "
              + namespace
              + "/"
              + name
              + ", in front of the tenant API server, "
              + (service == null ? "does not exist" : "has no cluster IP")
              + "; the tenant's default/kubernetes Service waits for it");
    }
    return addresses;
  }
}
