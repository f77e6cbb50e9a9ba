package dev.enclave.core.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * Checks that a private key belongs to a public key by signing a probe and verifying it, so that a
 * Secret whose key and certificate were edited apart is refused when loaded, not when a TLS
 * handshake fails. The probe signature is thrown away, so its randomness never reaches any output.
 */
final class KeyMatch {
  private static final byte[] PROBE = "enclave key match".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      return false;
    }
    String algorithm = "EC".equals(publicKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey, new SecureRandom());
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
