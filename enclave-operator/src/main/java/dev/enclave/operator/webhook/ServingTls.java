package dev.enclave.operator.webhook;

import dev.enclave.core.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The webhook's serving certificate as cert-manager mounts it: {@code tls.crt} and a PKCS#8 {@code
 * tls.key} in one directory. Read once at start; a renewed certificate is served after the next
 * restart (the old one stays valid for {@code renewBefore}).
 */
public final class ServingTls {
  private static final char[] IN_MEMORY = new char[0];

  private ServingTls() {}

  /** An SSLContext serving the certificate and key found in {@code dir}. */
  public static SSLContext fromDirectory(Path dir) {
    X509Certificate certificate = Pem.readCertificate(read(dir.resolve("tls.crt")));
    PrivateKey key = Pem.readPrivateKey(read(dir.resolve("tls.key")));
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("webhook", key, IN_MEMORY, new Certificate[] {certificate});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, IN_MEMORY);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot build the webhook's TLS context from " + dir + ": " + e.getClass().getName());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the webhook's serving certificate " + file, e);
    }
  }
}
