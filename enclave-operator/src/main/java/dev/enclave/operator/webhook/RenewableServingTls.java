package dev.enclave.operator.webhook;

import dev.enclave.core.pki.IssuedCertificate;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * An SSLContext that serves a key pair held in memory and replaceable while the server runs: the
 * key manager is asked at every handshake, so the next handshake after {@link #serve} presents
 * the new certificate, without a restart and without a file. Each pair is offered under an alias
 * of its own fingerprint, so a handshake that straddles a switch never mixes one pair's
 * certificate with the other's key.
 */
public final class RenewableServingTls {
  private final ServingKeys keys;
  private final SSLContext context;

  private RenewableServingTls(ServingKeys keys, SSLContext context) {
    this.keys = keys;
    this.context = context;
  }

  /** Serves {@code pair} until {@link #serve} is given another. */
  public static RenewableServingTls serving(IssuedCertificate pair) {
    ServingKeys keys = new ServingKeys(pair);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, null, null);
      return new RenewableServingTls(keys, context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot build a TLS context: " + e.getMessage());
    }
  }

  public SSLContext context() {
    return context;
  }

  /** Serves {@code pair} from the next handshake on; false if it is the one already served. */
  public boolean serve(IssuedCertificate pair) {
    return keys.serve(pair);
  }

  /** The certificate new handshakes present. */
  public X509Certificate certificate() {
    return keys.current.get().pair().certificate();
  }

  private record Served(String alias, IssuedCertificate pair) {
    static Served of(IssuedCertificate pair) {
      return new Served(pair.fingerprint(), pair);
    }
  }

  /** A server-side key manager over the current pair and the one it replaced. */
  private static final class ServingKeys extends X509ExtendedKeyManager {
    private final AtomicReference<Served> current;
    private final AtomicReference<Served> previous = new AtomicReference<>();

    ServingKeys(IssuedCertificate pair) {
      current = new AtomicReference<>(Served.of(pair));
    }

    synchronized boolean serve(IssuedCertificate pair) {
      Served next = Served.of(pair);
      Served replaced = current.get();
      if (replaced.alias().equals(next.alias())) {
        return false;
      }
      previous.set(replaced);
      current.set(next);
      return true;
    }

    private String aliasFor(String keyType) {
      Served served = current.get();
      return served.pair().privateKey().getAlgorithm().equals(keyType) ? served.alias() : null;
    }

    private Served find(String alias) {
      for (Served served : new Served[] {current.get(), previous.get()}) {
        if (served != null && served.alias().equals(alias)) {
          return served;
        }
      }
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      String alias = aliasFor(keyType);
      return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Served served = find(alias);
      return served == null ? null : new X509Certificate[] {served.pair().certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      Served served = find(alias);
      return served == null ? null : served.pair().privateKey();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
