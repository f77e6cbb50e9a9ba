package dev.enclave.core.pki;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.util.IPAddress;

/**
 * What a leaf certificate says: subject (common name and organizations, which Kubernetes reads as
 * user and groups), extended key usages, subject alternative names and lifetime.
 */
public record LeafProfile(
    String commonName,
    List<String> organizations,
    Set<Usage> usages,
    List<String> dnsNames,
    List<String> ipAddresses,
    Duration validity) {

  /**
   * One year, as kubeadm issues its leaves; renewal starts well before (see CertificateRenewal).
   */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  /** Extended key usages: TLS server, TLS client, or both (etcd peers). */
  public enum Usage {
    SERVER_AUTH,
    CLIENT_AUTH
  }

  public LeafProfile {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("a leaf certificate needs a common name");
    }
    if (usages == null || usages.isEmpty()) {
      throw new IllegalArgumentException(commonName + ": a leaf certificate needs a key usage");
    }
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException(
          commonName + ": validity must be positive, got " + validity);
    }
    for (String ip : ipAddresses) {
      if (!IPAddress.isValid(ip)) {
        throw new IllegalArgumentException(commonName + ": '" + ip + "' is not an IP address");
      }
    }
    organizations = List.copyOf(organizations);
    usages = Collections.unmodifiableSet(EnumSet.copyOf(usages));
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /** A TLS server certificate for the given DNS names and IP addresses. */
  public static LeafProfile serving(
      String commonName, List<String> dnsNames, List<String> ipAddresses) {
    return new LeafProfile(
        commonName, List.of(), Set.of(Usage.SERVER_AUTH), dnsNames, ipAddresses, DEFAULT_VALIDITY);
  }

  /** A TLS client certificate: Kubernetes authenticates it as user {@code commonName}. */
  public static LeafProfile client(String commonName, String... groups) {
    return new LeafProfile(
        commonName,
        List.of(groups),
        Set.of(Usage.CLIENT_AUTH),
        List.of(),
        List.of(),
        DEFAULT_VALIDITY);
  }

  /** Server and client at once, as an etcd member presents the same certificate to its peers. */
  public static LeafProfile peer(
      String commonName, List<String> dnsNames, List<String> ipAddresses) {
    return new LeafProfile(
        commonName,
        List.of(),
        Set.of(Usage.SERVER_AUTH, Usage.CLIENT_AUTH),
        dnsNames,
        ipAddresses,
        DEFAULT_VALIDITY);
  }

  public LeafProfile withValidity(Duration newValidity) {
    return new LeafProfile(commonName, organizations, usages, dnsNames, ipAddresses, newValidity);
  }
}
