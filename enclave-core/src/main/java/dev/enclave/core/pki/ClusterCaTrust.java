package dev.enclave.core.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's cluster CA as its Secret holds it: the CA that signs, every CA trusted ({@code
 * ca.crt}), and the CA a rotation's first step made trusted before it signs ({@code next.crt}).
 */
public record ClusterCaTrust(
    X509Certificate signer, List<X509Certificate> trusted, Optional<X509Certificate> incoming) {

  /** More than one CA trusted: a rotation is under way. */
  public boolean rotating() {
    return trusted.size() > 1;
  }

  /** The trusted CA that neither signs nor is incoming: the one a rotation replaces. */
  public Optional<X509Certificate> retiring() {
    return trusted.stream()
        .filter(c -> !c.equals(signer) && incoming.map(i -> !i.equals(c)).orElse(true))
        .findFirst();
  }
}
