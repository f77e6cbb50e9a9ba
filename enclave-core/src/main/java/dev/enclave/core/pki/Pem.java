package dev.enclave.core.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * PEM text as Kubernetes components read it: certificates, PKCS#8 private keys ({@code PRIVATE
 * KEY}) and X.509 SubjectPublicKeyInfo public keys ({@code PUBLIC KEY}). Errors about private keys
 * never carry the input or a cause, so no key material can reach a log.
 */
public final class Pem {
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PRIVATE_KEY = "PRIVATE KEY";
  private static final String PUBLIC_KEY = "PUBLIC KEY";

  private Pem() {}

  public static String certificate(X509Certificate certificate) {
    try {
      return encode(CERTIFICATE, certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(
          "cannot encode certificate " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** PKCS#8, which Go's {@code tls.X509KeyPair} and kube-apiserver's key loaders accept. */
  public static String privateKey(PrivateKey key) {
    return encode(PRIVATE_KEY, key.getEncoded());
  }

  public static String publicKey(PublicKey key) {
    return encode(PUBLIC_KEY, key.getEncoded());
  }

  /** PEM blocks of every certificate, in order: a {@code ca.crt} or {@code caBundle}. */
  public static String bundle(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    certificates.forEach(c -> pem.append(certificate(c)));
    return pem.toString();
  }

  public static X509Certificate readCertificate(String pem) {
    return certificate(decode(CERTIFICATE, pem));
  }

  /** Every certificate of a bundle (a caBundle, a {@code ca.crt}), in order; at least one. */
  public static List<X509Certificate> readCertificates(String pem) {
    String end = "-----END " + CERTIFICATE + "-----";
    List<X509Certificate> certificates = new ArrayList<>();
    int from = 0;
    int stop = pem == null ? -1 : pem.indexOf(end);
    while (stop >= 0) {
      int next = stop + end.length();
      certificates.add(certificate(decode(CERTIFICATE, pem.substring(from, next))));
      from = next;
      stop = pem.indexOf(end, from);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("expected a PEM block '-----BEGIN CERTIFICATE-----'");
    }
    return List.copyOf(certificates);
  }

  private static X509Certificate certificate(byte[] der) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a valid X.509 certificate: " + e.getMessage(), e);
    }
  }

  public static PrivateKey readPrivateKey(String pem) {
    byte[] der = decode(PRIVATE_KEY, pem);
    try {
      ASN1ObjectIdentifier oid =
          PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm();
      return KeyFactory.getInstance(keyAlgorithm(oid))
          .generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a valid PKCS#8 EC or RSA private key");
    }
  }

  public static PublicKey readPublicKey(String pem) {
    byte[] der = decode(PUBLIC_KEY, pem);
    try {
      ASN1ObjectIdentifier oid =
          SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm();
      return KeyFactory.getInstance(keyAlgorithm(oid)).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a valid EC or RSA public key: " + e.getMessage(), e);
    }
  }

  private static String keyAlgorithm(ASN1ObjectIdentifier oid) throws GeneralSecurityException {
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
      return "EC";
    }
    if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
      return "RSA";
    }
    throw new GeneralSecurityException("unsupported key algorithm " + oid);
  }

  private static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The first block of the given type; text around it (e.g. openssl comments) is ignored. */
  private static byte[] decode(String type, String pem) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int start = pem == null ? -1 : pem.indexOf(begin);
    int stop = start < 0 ? -1 : pem.indexOf(end, start);
    if (stop < 0) {
      throw new IllegalArgumentException("expected a PEM block '" + begin + "'");
    }
    String body = pem.substring(start + begin.length(), stop);
    try {
      return Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM block '" + begin + "' is not valid base64");
    }
  }
}
