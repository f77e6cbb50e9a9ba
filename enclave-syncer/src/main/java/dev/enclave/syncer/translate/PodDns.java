package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pods resolve names through their tenant's CoreDNS, never the host's: {@code dnsPolicy: None} with
 * the tenant DNS first, the tenant's search path, and the tenant's own extra nameservers, searches
 * and options after Enclave's (as Kubernetes merges them).
 */
final class PodDns {
  static final String CLUSTER_DOMAIN = "cluster.local";
  static final String NONE = "None";
  private static final int MAX_NAMESERVERS = 3;

  private PodDns() {}

  static void apply(
      PodSpec host, String tenantNamespace, String tenantPodName, PodContext context) {
    PodDNSConfig tenant = host.getDnsConfig();
    Set<String> nameservers = new LinkedHashSet<>(List.of(context.dnsServerIp()));
    Set<String> searches =
        new LinkedHashSet<>(
            List.of(
                tenantNamespace + ".svc." + CLUSTER_DOMAIN,
                "svc." + CLUSTER_DOMAIN,
                CLUSTER_DOMAIN));
    Map<String, PodDNSConfigOption> options = new LinkedHashMap<>();
    options.put("ndots", new PodDNSConfigOption("ndots", "5"));
    if (tenant != null) {
      addAll(nameservers, tenant.getNameservers());
      addAll(searches, tenant.getSearches());
      if (tenant.getOptions() != null) {
        tenant.getOptions().stream()
            .filter(o -> o != null && o.getName() != null)
            .forEach(o -> options.put(o.getName(), o));
      }
    }
    host.setDnsPolicy(NONE);
    host.setDnsConfig(
        new PodDNSConfig(
            new ArrayList<>(nameservers).subList(0, Math.min(MAX_NAMESERVERS, nameservers.size())),
            new ArrayList<>(options.values()),
            new ArrayList<>(searches)));
    if (host.getHostname() == null && tenantPodName.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      host.setHostname(tenantPodName);
    }
    host.setSubdomain(null);
    host.setSetHostnameAsFQDN(null);
    host.setEnableServiceLinks(false);
  }

  private static void addAll(Set<String> into, List<String> values) {
    if (values != null) {
      values.stream().filter(v -> v != null && !v.isBlank()).forEach(into::add);
    }
  }
}
