package dev.enclave.syncer.translate;

import java.util.Locale;
import java.util.Set;

/**
 * Which label and annotation keys a tenant may not set on host objects. Keys of Enclave's own
 * namespace claim host objects and jurisdictions; keys of Kubernetes' namespaces and of the tools a
 * platform runs on its hosts (GitOps, Helm, service meshes, policy engines, secret injectors) make
 * host components adopt, inject into or exempt an object.
 */
final class ReservedKeys {
  static final String ENCLAVE_DOMAIN = "enclave.dev";

  /** Key prefixes reserved for the host, including their subdomains. */
  private static final Set<String> HOST_DOMAINS =
      Set.of(
          "kubernetes.io",
          "k8s.io",
          "helm.sh",
          "argoproj.io",
          "fluxcd.io",
          "k14s.io",
          "istio.io",
          "linkerd.io",
          "kyverno.io",
          "hashicorp.com",
          "cert-manager.io",
          "gatekeeper.sh");

  private ReservedKeys() {}

  /** True for keys in the {@code enclave.dev} namespace: tenants never set those. */
  static boolean isEnclave(String key) {
    return inDomain(prefix(key), ENCLAVE_DOMAIN);
  }

  /** True for keys in a namespace the host's own components read. */
  static boolean isHost(String key) {
    String prefix = prefix(key);
    return HOST_DOMAINS.stream().anyMatch(domain -> inDomain(prefix, domain));
  }

  static boolean isReserved(String key) {
    return isEnclave(key) || isHost(key);
  }

  static String prefix(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash).toLowerCase(Locale.ROOT);
  }

  private static boolean inDomain(String prefix, String domain) {
    return prefix.equals(domain) || prefix.endsWith("." + domain);
  }
}
