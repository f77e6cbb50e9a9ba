package dev.enclave.syncer.translate;

/**
 * What the runtime knows about the host that a pod translation needs. Names of referenced
 * ConfigMaps, Secrets and claims are not listed: {@link NameTranslator#hostName} derives them.
 *
 * @param apiServerHost address of the tenant API Service on the host (its cluster IP, or the {@code
 *     <tenant>.<hostNamespace>.svc} name), given to pods as {@code KUBERNETES_SERVICE_HOST}
 * @param apiServerPort its port, normally 443
 * @param dnsServerIp cluster IP of the tenant's CoreDNS Service, the pods' only nameserver
 * @param hostNodeName the node the host copy already runs on (reported back to the tenant as {@code
 *     spec.nodeName}), or null before it is scheduled; a tenant pod naming that node is not refused
 */
public record PodContext(
    String apiServerHost, int apiServerPort, String dnsServerIp, String hostNodeName) {

  public static final int API_SERVER_PORT = 443;

  public PodContext {
    if (apiServerHost == null || apiServerHost.isBlank()) {
      throw new IllegalArgumentException("the tenant API server's address is required");
    }
    if (dnsServerIp == null || dnsServerIp.isBlank()) {
      throw new IllegalArgumentException("the tenant DNS server's address is required");
    }
  }

  /** The context of a pod not yet scheduled on the host. */
  public static PodContext of(String apiServerHost, String dnsServerIp) {
    return new PodContext(apiServerHost, API_SERVER_PORT, dnsServerIp, null);
  }

  public PodContext withHostNodeName(String nodeName) {
    return new PodContext(apiServerHost, apiServerPort, dnsServerIp, nodeName);
  }
}
