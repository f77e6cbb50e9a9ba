package dev.enclave.operator.webhook;

import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.IssuedCertificate;
import dev.enclave.core.pki.LeafProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A throwaway CA and a localhost serving certificate for the webhook under test. */
final class WebhookTls {
  private static final char[] PASSWORD = "throwaway".toCharArray();

  private final CertificateAuthority ca;
  private final IssuedCertificate serving;

  WebhookTls() {
    SecureRandom random = new SecureRandom();
    ca = CertificateAuthority.create("enclave-webhook-test-ca", Clock.systemUTC(), random);
    serving =
        ca.issue(
            LeafProfile.serving("localhost", List.of("localhost"), List.of("127.0.0.1")),
            Clock.systemUTC(),
            random);
  }

  /** Writes tls.crt and tls.key as cert-manager mounts them. */
  void writeTo(Path dir) throws IOException {
    Files.writeString(dir.resolve("tls.crt"), serving.certificatePem());
    Files.writeString(dir.resolve("tls.key"), serving.privateKeyPem());
  }

  /** The server side: the serving certificate and its key. */
  SSLContext server() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "webhook",
        serving.privateKey(),
        PASSWORD,
        new Certificate[] {serving.certificate(), ca.certificate()});
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }

  /** The client side: trusts the throwaway CA only, like the API server's caBundle. */
  SSLContext client() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
