package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.List;

/**
 * The cluster IPs a host Service was given, with its IP families and family policy: what a tenant
 * Service must carry for tenant DNS answers to route on the host. Two addresses on a dual-stack
 * host.
 */
record ClusterAddresses(List<String> ips, List<String> families, String familyPolicy) {

  ClusterAddresses {
    ips = List.copyOf(ips);
    families = families == null ? null : List.copyOf(families);
  }

  /** A host Service's addresses; null when it has none yet or is headless. */
  static ClusterAddresses of(Service service) {
    List<String> ips = ipsOf(service);
    if (ips.isEmpty() || "None".equals(ips.get(0))) {
      return null;
    }
    ServiceSpec spec = service.getSpec();
    return new ClusterAddresses(ips, spec.getIpFamilies(), spec.getIpFamilyPolicy());
  }

  /** The cluster IPs of a Service, {@code clusterIPs} or else {@code clusterIP}; maybe empty. */
  static List<String> ipsOf(Service service) {
    ServiceSpec spec = service == null ? null : service.getSpec();
    if (spec == null) {
      return List.of();
    }
    if (spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()) {
      return List.copyOf(spec.getClusterIPs());
    }
    String ip = spec.getClusterIP();
    return ip == null || ip.isEmpty() ? List.of() : List.of(ip);
  }

  String primary() {
    return ips.get(0);
  }

  boolean dualStack() {
    return ips.size() > 1;
  }

  /** Whether the Service already has exactly these addresses. */
  boolean carriedBy(Service service) {
    return ips.equals(ipsOf(service));
  }

  /** The value of {@link ServiceSync#CLUSTER_IP_REFUSED} when these addresses are refused. */
  String marker() {
    return String.join(",", ips);
  }

  /**
   * Sets these addresses on a spec to create. One address: the families are left to the server,
   * which derives them from the IP. Two: the host's families and policy, so both are kept.
   */
  void applyTo(ServiceSpec spec) {
    spec.setClusterIP(primary());
    spec.setClusterIPs(ips);
    if (dualStack()) {
      spec.setIpFamilies(families);
      spec.setIpFamilyPolicy(familyPolicy);
    } else {
      spec.setIpFamilies(null);
    }
  }
}
