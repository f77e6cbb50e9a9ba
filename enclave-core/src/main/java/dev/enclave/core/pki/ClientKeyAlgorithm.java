package dev.enclave.core.pki;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.CertUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Names the algorithm of a kubeconfig's PKCS#8 client key ({@code BEGIN PRIVATE KEY}, no label),
 * which fabric8 otherwise reads as RSA: an ECDSA key (kubeadm's ECDSA clusters, Enclave's own PKI)
 * fails with "Invalid DER: object is not integer" before a single request is sent. Every place
 * that builds a client from a kubeconfig calls {@link #detect}.
 */
public final class ClientKeyAlgorithm {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private ClientKeyAlgorithm() {}

  /** Sets {@code clientKeyAlgo} to RSA or EC when the client key is unlabelled PKCS#8. */
  public static void detect(Config config) {
    String pem = pem(config);
    int begin = pem == null ? -1 : pem.indexOf(BEGIN);
    int end = begin < 0 ? -1 : pem.indexOf(END, begin);
    if (end < 0) {
      return;
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      return;
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        config.setClientKeyAlgo(algorithm);
        return;
      } catch (GeneralSecurityException e) {
        // not this algorithm; fabric8 reports a key it cannot read at all
      }
    }
  }

  private static String pem(Config config) {
    if (config.getClientKeyData() == null && config.getClientKeyFile() == null) {
      return null;
    }
    try (ByteArrayInputStream in =
        CertUtils.getInputStreamFromDataOrFile(
            config.getClientKeyData(), config.getClientKeyFile())) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null;
    }
  }
}
