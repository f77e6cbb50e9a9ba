package dev.enclave.core.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * The key pair with which the tenant's kube-apiserver signs service-account tokens and verifies
 * them ({@code --service-account-signing-key-file}, {@code --service-account-key-file}).
 *
 * <p>ECDSA P-256, so tokens are ES256 JWTs: kube-apiserver signs with whatever key type it is given
 * and has accepted EC keys for years, generation takes milliseconds instead of RSA's seconds on a
 * small control-plane node, and tokens are shorter. The one reason to prefer RSA would be an
 * external OIDC consumer of the tenant's issuer that only understands RS256; loading accepts RSA
 * keys, so such a tenant can be given one without changing this class's callers.
 */
public final class ServiceAccountKeys {
  private final PublicKey publicKey;
  private final PrivateKey privateKey;

  private ServiceAccountKeys(PublicKey publicKey, PrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  public static ServiceAccountKeys generate(SecureRandom random) {
    KeyPair keys = KeyPairs.ecdsaP256(random);
    return new ServiceAccountKeys(keys.getPublic(), keys.getPrivate());
  }

  /** Loads the pair from PEM, refusing a private key that does not belong to the public key. */
  public static ServiceAccountKeys fromPem(String privateKeyPem, String publicKeyPem) {
    PublicKey publicKey = Pem.readPublicKey(publicKeyPem);
    PrivateKey privateKey = Pem.readPrivateKey(privateKeyPem);
    if (!KeyMatch.matches(publicKey, privateKey)) {
      throw new IllegalArgumentException(
          "the service-account private key does not belong to its public key");
    }
    return new ServiceAccountKeys(publicKey, privateKey);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public String publicKeyPem() {
    return Pem.publicKey(publicKey);
  }

  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  /** SHA-256 of the public key's SubjectPublicKeyInfo. */
  public String fingerprint() {
    return Fingerprints.sha256(publicKey.getEncoded());
  }

  @Override
  public String toString() {
    return "ServiceAccountKeys[" + publicKey.getAlgorithm() + ", " + fingerprint() + "]";
  }
}
