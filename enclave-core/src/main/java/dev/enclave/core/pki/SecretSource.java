package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiSecret.KUBECONFIG;
import static dev.enclave.core.pki.PkiSecret.SA_KEY;
import static dev.enclave.core.pki.PkiSecret.SA_PUB;
import static dev.enclave.core.pki.PkiSecret.TLS_CRT;
import static dev.enclave.core.pki.PkiSecret.TLS_KEY;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.function.Function;

/** Reads the parts of a tenant PKI from Secret text; each refusal names the Secret and data key. */
final class SecretSource {
  /** A CA and the Secret it was read from, to name both when a leaf does not chain to it. */
  record Issuer(String secretName, CertificateAuthority ca) {}

  private final Map<String, Map<String, String>> dataBySecretName;

  SecretSource(Map<String, Map<String, String>> dataBySecretName) {
    this.dataBySecretName = dataBySecretName;
  }

  Issuer issuer(String secretName) {
    return new Issuer(
        secretName,
        read(
            secretName,
            data -> CertificateAuthority.fromPem(data.get(TLS_CRT), data.get(TLS_KEY)),
            TLS_CRT,
            TLS_KEY));
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

  private static IssuedCertificate signedBy(IssuedCertificate pair, Issuer issuer, String where) {
    try {
      pair.certificate().verify(issuer.ca().certificate().getPublicKey());
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "secret " + where + " is not signed by the CA in secret " + issuer.secretName());
    }
  }
}
