package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiSecret.CA_CRT;
import static dev.enclave.core.pki.PkiSecret.KUBECONFIG;
import static dev.enclave.core.pki.PkiSecret.NEXT_CRT;
import static dev.enclave.core.pki.PkiSecret.NEXT_KEY;
import static dev.enclave.core.pki.PkiSecret.SA_KEY;
import static dev.enclave.core.pki.PkiSecret.SA_PUB;
import static dev.enclave.core.pki.PkiSecret.TLS_CRT;
import static dev.enclave.core.pki.PkiSecret.TLS_KEY;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads the parts of a tenant PKI from Secret text; each refusal names the Secret and data key. */
final class SecretSource {
  /**
   * A CA and the Secret it was read from, to name both when a leaf does not chain to it; every CA
   * its {@code ca.crt} trusts (the CA alone, or two during a rotation), and the incoming CA of a
   * rotation's first step ({@code next.crt}, {@code next.key}).
   */
  record Issuer(
      String secretName,
      CertificateAuthority ca,
      List<X509Certificate> trusted,
      Optional<CertificateAuthority> incoming) {}

  private final Map<String, Map<String, String>> dataBySecretName;

  SecretSource(Map<String, Map<String, String>> dataBySecretName) {
    this.dataBySecretName = dataBySecretName;
  }

  Issuer issuer(String secretName) {
    CertificateAuthority ca =
        read(
            secretName,
            data -> CertificateAuthority.fromPem(data.get(TLS_CRT), data.get(TLS_KEY)),
            TLS_CRT,
            TLS_KEY);
    Map<String, String> data = dataBySecretName.get(secretName);
    List<X509Certificate> trusted =
        blank(data.get(CA_CRT))
            ? List.of(ca.certificate())
            : read(secretName, d -> Pem.readCertificates(d.get(CA_CRT)), CA_CRT);
    if (!trusted.contains(ca.certificate())) {
      throw new IllegalArgumentException(
          "secret " + secretName + ": " + CA_CRT + " does not trust the CA in " + TLS_CRT);
    }
    Optional<CertificateAuthority> incoming = Optional.empty();
    if (!blank(data.get(NEXT_CRT)) || !blank(data.get(NEXT_KEY))) {
      CertificateAuthority next =
          read(
              secretName,
              d -> CertificateAuthority.fromPem(d.get(NEXT_CRT), d.get(NEXT_KEY)),
              NEXT_CRT,
              NEXT_KEY);
      if (!trusted.contains(next.certificate())) {
        throw new IllegalArgumentException(
            "secret " + secretName + ": " + CA_CRT + " does not trust the CA in " + NEXT_CRT);
      }
      incoming = Optional.of(next);
    }
    return new Issuer(secretName, ca, trusted, incoming);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  IssuedCertificate pair(String secretName, String certKey, String keyKey, Issuer issuer) {
    IssuedCertificate pair =
        read(
            secretName,
            data -> IssuedCertificate.fromPem(data.get(certKey), data.get(keyKey)),
            certKey,
            keyKey);
    return signedBy(pair, issuer, secretName + ": " + certKey);
  }

  IssuedCertificate client(String secretName, Issuer issuer) {
    IssuedCertificate pair =
        read(secretName, data -> Kubeconfig.parse(data.get(KUBECONFIG)).client(), KUBECONFIG);
    return signedBy(pair, issuer, secretName + ": " + KUBECONFIG);
  }

  ServiceAccountKeys serviceAccountKeys(String secretName) {
    return read(
        secretName,
        data -> ServiceAccountKeys.fromPem(data.get(SA_KEY), data.get(SA_PUB)),
        SA_KEY,
        SA_PUB);
  }

  private <T> T read(String secretName, Function<Map<String, String>, T> parser, String... keys) {
    Map<String, String> data = dataBySecretName.get(secretName);
    if (data == null) {
      throw new IllegalArgumentException("secret " + secretName + ": not found");
    }
    for (String key : keys) {
      if (data.get(key) == null || data.get(key).isBlank()) {
        throw new IllegalArgumentException("secret " + secretName + ": missing key " + key);
      }
    }
    try {
      return parser.apply(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("secret " + secretName + ": " + e.getMessage(), e);
    }
  }

  /** Signed by a CA the issuer's Secret trusts: a rotation's previous CA is still one. */
  private static IssuedCertificate signedBy(IssuedCertificate pair, Issuer issuer, String where) {
    for (X509Certificate ca : issuer.trusted()) {
      try {
        pair.certificate().verify(ca.getPublicKey());
        return pair;
      } catch (GeneralSecurityException e) {
        // not this one: try the next trusted CA
      }
    }
    throw new IllegalArgumentException(
        "secret " + where + " is not signed by a CA trusted in secret " + issuer.secretName());
  }
}
