package dev.enclave.datastore.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.core.pki.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * etcd's v3 API through the JSON gateway every etcd server serves on its client port ({@code POST
 * /v3/kv/range}, {@code /v3/auth/...}): HTTPS with the connection's CA and client certificate,
 * etcd's token when a user and password are given, and the next endpoint when one does not answer.
 * Keys and values travel base64-encoded, as the gateway expects; {@link #base64} and {@link #bytes}
 * convert. Reads of a whole store (snapshots, backups of a prefix) go over gRPC ({@link EtcdRpc}).
 */
public final class EtcdClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final EtcdConnection connection;
  private final HttpClient http;
  private volatile String token;

  private EtcdClient(EtcdConnection connection, HttpClient http) {
    this.connection = connection;
    this.http = http;
  }

  public static EtcdClient connect(EtcdConnection connection) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
    if (!connection.plainHttp()) {
      builder.sslContext(sslContext(connection));
    }
    HttpClient http = builder.build();
    EtcdClient client = new EtcdClient(connection, http);
    if (connection.user() != null) {
      client.token =
          client.send("auth/authenticate", Map.of("name", connection.user(), "password", connection.password()), false)
              .path("token").asText();
    }
    return client;
  }

  public EtcdConnection connection() {
    return connection;
  }

  /** etcd's token for the connection's user, which {@link EtcdRpc} sends too; null without one. */
  String token() {
    return token;
  }

  /** One call, e.g. {@code call("kv/range", Map.of("key", base64("/a")))}; etcd's answer as JSON. */
  public JsonNode call(String method, Object body) {
    return send(method, body, true);
  }

  private JsonNode send(String method, Object body, boolean authenticated) {
    EtcdException last = null;
    for (String endpoint : connection.endpoints()) {
      try {
        HttpRequest request = request(endpoint, method, body, TIMEOUT);
        if (!authenticated) {
          request = HttpRequest.newBuilder(request, (k, v) -> !k.equalsIgnoreCase("Authorization")).build();
        }
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw refusal(endpoint, method, response.statusCode(), response.body());
        }
        return JSON.readTree(response.body());
      } catch (IOException e) {
        last = unreachable(endpoint, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EtcdException(connection + ": interrupted", -1);
      }
    }
    throw last;
  }

  private HttpRequest request(String endpoint, String method, Object body, Duration timeout) throws IOException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create((endpoint.contains("://") ? endpoint : "https://" + endpoint) + "/v3/" + method))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (token != null) {
      builder.header("Authorization", token);
    }
    return builder.build();
  }

  private EtcdException refusal(String endpoint, String method, int status, String body) {
    int code = -1;
    String message = body;
    try {
      JsonNode error = JSON.readTree(body);
      code = error.path("code").asInt(-1);
      message = error.hasNonNull("message") ? error.path("message").asText() : error.path("error").asText(body);
    } catch (IOException e) {
      // not JSON: keep etcd's text
    }
    return new EtcdException(connection + ": " + method + " at " + endpoint + " refused (HTTP " + status + "): " + message, code);
  }

  private EtcdException unreachable(String endpoint, IOException e) {
    return new EtcdException(connection + ": " + endpoint + " does not answer: " + e.getMessage(), -1);
  }

  /** The gateway's encoding of a key or value. */
  public static String base64(String text) {
    return base64(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static byte[] bytes(JsonNode base64) {
    return base64 == null || base64.isMissingNode() || base64.isNull() ? new byte[0] : Base64.getDecoder().decode(base64.asText());
  }

  /** The end of the range of every key starting with {@code prefix}, as etcd defines it. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return java.util.Arrays.copyOf(end, i + 1);
      }
    }
    return new byte[] {0};
  }

  private static SSLContext sslContext(EtcdConnection c) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      List<X509Certificate> cas = Pem.readCertificates(c.caPem());
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (c.certPem() != null && c.keyPem() != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] none = new char[0];
        keys.setKeyEntry(
            "client", Pem.readPrivateKey(c.keyPem()), none,
            Pem.readCertificates(c.certPem()).toArray(Certificate[]::new));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, none);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(c + ": cannot build its TLS context: " + e.getClass().getSimpleName());
    }
  }
}
