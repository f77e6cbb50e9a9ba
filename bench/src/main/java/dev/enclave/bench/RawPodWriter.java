package dev.enclave.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The benchmark's load: creates pods over HTTP/1.1 keep-alive TLS connections (one per thread,
 * the admin's client certificate) from JSON serialized before the clock starts, so that generating
 * load costs as little CPU as a client can and the machine's CPU goes to what is measured. The
 * tenant load and the bare baseline client both use it.
 */
final class RawPodWriter {
  private final String host;
  private final int port;
  private final String userAgent;
  private final SSLSocketFactory tls;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();

  /** One keep-alive connection. */
  private record Connection(SSLSocket socket, OutputStream out, InputStream in) {}

  RawPodWriter(BareApiServer server, String userAgent) {
    URI uri = server.uri();
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.userAgent = userAgent;
    this.tls = server.sslContext().getSocketFactory();
  }

  static byte[] json(Pod pod) {
    return Serialization.asJson(pod).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * POSTs one serialized pod to its namespace; anything but 200 or 201 fails the benchmark. A
   * connection the server closed while idle (kube-apiserver does between phases) is replaced once:
   * the request had not been sent.
   */
  void create(String namespace, byte[] pod) throws IOException {
    try {
      send(namespace, pod);
    } catch (IdleConnectionClosed e) {
      connections.remove();
      send(namespace, pod);
    }
  }

  /** The server had closed the connection before the request reached it. */
  private static final class IdleConnectionClosed extends IOException {
    IdleConnectionClosed(Throwable cause) {
      super(cause);
    }
  }

  private void send(String namespace, byte[] pod) throws IOException {
    Connection c = connection();
    String head =
        "POST /api/v1/namespaces/" + namespace + "/pods HTTP/1.1\r\nHost: " + host + ":" + port
            + "\r\nUser-Agent: " + userAgent + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + pod.length + "\r\n\r\n";
    try {
      c.out().write(head.getBytes(StandardCharsets.US_ASCII));
      c.out().write(pod);
      c.out().flush();
    } catch (IOException e) {
      throw new IdleConnectionClosed(e);
    }
    int first = c.in().read();
    if (first < 0) {
      throw new IdleConnectionClosed(new IOException("connection closed before the response"));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = readResponse(first, c.in(), body);
    if (status != 201 && status != 200) {
      throw new IllegalStateException(
          "creating a pod in " + namespace + " at " + host + ":" + port + " answered " + status
              + ": " + body.toString(StandardCharsets.UTF_8));
    }
  }

  private Connection connection() throws IOException {
    Connection c = connections.get();
    if (c == null) {
      SSLSocket socket = (SSLSocket) tls.createSocket(host, port);
      socket.setTcpNoDelay(true);
      socket.startHandshake();
      c = new Connection(socket, socket.getOutputStream(), new BufferedInputStream(socket.getInputStream()));
      connections.set(c);
    }
    return c;
  }

  /**
   * Reads one response (Content-Length or chunked body) and returns its status code; the body of
   * a refusal is kept in {@code refusal}, for the error.
   */
  private static int readResponse(int first, InputStream in, ByteArrayOutputStream refusal)
      throws IOException {
    String statusLine = (char) first + line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    long length = -1;
    boolean chunked = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String h = header.toLowerCase(Locale.ROOT);
      if (h.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).trim());
      } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line(in).trim(), 16); size > 0;
          size = Long.parseLong(line(in).trim(), 16)) {
        skip(in, size, status >= 300 ? refusal : null);
        line(in);
      }
      line(in);
    } else if (length > 0) {
      skip(in, length, status >= 300 ? refusal : null);
    }
    return status;
  }

  private static void skip(InputStream in, long n, ByteArrayOutputStream keep) throws IOException {
    if (keep != null) {
      keep.write(in.readNBytes((int) n));
      return;
    }
    while (n > 0) {
      long skipped = in.skip(n);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed in a response body");
        }
        skipped = 1;
      }
      n -= skipped;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in a response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
