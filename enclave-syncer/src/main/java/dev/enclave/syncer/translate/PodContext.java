package dev.enclave.syncer.translate;

/**
 * What the runtime knows about the host that a pod translation needs. Names of referenced
 * ConfigMaps, Secrets and claims are not listed: {@link NameTranslator#hostName} derives them.
 *
 * @param apiServerHost how pods reach the tenant API server, given to them as {@code
 *     KUBERNETES_SERVICE_HOST}: {@link #TENANT_API_NAME} unless an address is configured
 * @param apiServerPort its port, normally 443
 * @param dnsServerIp cluster IP of the tenant's CoreDNS Service, the pods' only nameserver
 * @param hostNodeName the node the host copy already runs on (reported back to the tenant as {@code
 *     spec.nodeName}), or null before it is scheduled; a tenant pod naming that node is not refused
 */
public record PodContext(
    String apiServerHost, int apiServerPort, String dnsServerIp, String hostNodeName) {

  public static final int API_SERVER_PORT = 443;

  /**
   * The name synced pods reach their API server by when the syncer keeps the tenant's {@code
   * default/kubernetes} Service at the cluster IP of the host Service in front of the tenant API
   * server. The tenant's CoreDNS, the pods' only nameserver, resolves it to that Service, and the
   * API server's certificate has it among its names.
   */
  public static final String TENANT_API_NAME = "kubernetes.default.svc";

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
