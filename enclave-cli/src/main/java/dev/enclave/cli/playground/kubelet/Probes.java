package dev.enclave.cli.playground.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The kubelet's probes against a pod's address: tcpSocket connects, httpGet expects a 2xx or 3xx
 * (HTTPS without verifying the certificate, as the kubelet does). Exec probes are not run: the
 * playground has no container to exec in, and says so.
 */
final class Probes {
  private static final SSLContext TRUST_ALL = trustAll();

  private Probes() {}

  /** Whether {@code probe} of {@code container} succeeds now against {@code address}. */
  static boolean check(Probe probe, Container container, String address) {
    int timeoutMillis = Math.min(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds(), 2) * 1000;
    try {
      if (probe.getTcpSocket() != null) {
        int port = port(probe.getTcpSocket().getPort(), container);
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, port), timeoutMillis);
          return true;
        }
      }
      if (probe.getHttpGet() != null) {
        var get = probe.getHttpGet();
        int port = port(get.getPort(), container);
        String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
        String path = get.getPath() == null ? "/" : get.getPath();
        HttpURLConnection connection =
            (HttpURLConnection) URI.create(scheme + "://" + address + ":" + port + path).toURL().openConnection();
        if (connection instanceof HttpsURLConnection https) {
          https.setSSLSocketFactory(TRUST_ALL.getSocketFactory());
          https.setHostnameVerifier((host, session) -> true);
        }
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setInstanceFollowRedirects(false);
        try {
          int code = connection.getResponseCode();
          return code >= 200 && code < 400;
        } finally {
          connection.disconnect();
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static int port(IntOrString port, Container container) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    if (container.getPorts() != null) {
      for (ContainerPort p : container.getPorts()) {
        if (port.getStrVal().equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    throw new IllegalArgumentException("no port named " + port.getStrVal());
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager accept =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      context.init(null, new TrustManager[] {accept}, new SecureRandom());
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("no TLS context", e);
    }
  }
}
