package dev.enclave.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * KEKs in a HashiCorp Vault or OpenBao transit secrets engine: a data key is wrapped by
 * {@code POST /v1/<mount>/encrypt/<key>} and unwrapped by {@code /decrypt/<key>}; the key id is
 * {@code vault:<key>:v<N>}, N the transit key version that wrapped it ({@code latest_version} for
 * the current one). Rotating the transit key changes the key id; older versions keep decrypting
 * while Vault keeps them ({@code min_decryption_version}). The token is re-read from its file on
 * every request, so a renewed token file takes effect without a restart.
 */
public final class VaultTransit implements KeyEncryptionKeys {
  private static final Pattern CIPHERTEXT_VERSION = Pattern.compile("^vault:v(\\d+):");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI address;
  private final String mount;
  private final String key;
  private final Path tokenFile;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  private VaultTransit(URI address, String mount, String key, Path tokenFile, HttpClient http) {
    this.address = address;
    this.mount = mount;
    this.key = key;
    this.tokenFile = tokenFile;
    this.http = http;
  }

  /**
   * A client of {@code address} (https, or http only for loopback tests), trusting the PEM
   * certificates of {@code caFile} if not null, else the JDK's trust store.
   */
  public static VaultTransit connect(URI address, String mount, String key, Path tokenFile, Path caFile) {
    boolean loopback = "127.0.0.1".equals(address.getHost()) || "localhost".equals(address.getHost());
    if (!"https".equals(address.getScheme()) && !("http".equals(address.getScheme()) && loopback)) {
      throw new KeyBackendException(
          "Vault address " + address + " must be https:// (plain http only on 127.0.0.1, for tests)");
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (caFile != null) {
      builder.sslContext(trusting(caFile));
    }
    String base = address.toString().replaceAll("/+$", "");
    return new VaultTransit(URI.create(base), mount, key, tokenFile, builder.build());
  }

  @Override
  public String currentKeyId() {
    JsonNode data = call("GET", "keys/" + key, null).path("data");
    JsonNode latest = data.path("latest_version");
    if (!latest.canConvertToInt() || latest.asInt() < 1) {
      throw new KeyBackendException(where("keys/" + key) + ": response has no data.latest_version");
    }
    return keyId(latest.asInt());
  }

  @Override
  public Wrapped wrap(byte[] dataKey) {
    String plaintext = Base64.getEncoder().encodeToString(dataKey);
    JsonNode data = call("POST", "encrypt/" + key, Map.of("plaintext", plaintext)).path("data");
    String ciphertext = data.path("ciphertext").asText("");
    Matcher version = CIPHERTEXT_VERSION.matcher(ciphertext);
    if (!version.find()) {
      throw new KeyBackendException(where("encrypt/" + key) + ": response has no vault:vN: ciphertext");
    }
    return new Wrapped(keyId(Integer.parseInt(version.group(1))), ciphertext.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped) {
    if (!keyId.startsWith("vault:" + key + ":v")) {
      throw new KeyBackendException(
          "key " + keyId + " is not a version of transit key " + key + " at " + address + "/v1/" + mount);
    }
    String ciphertext = new String(wrapped, StandardCharsets.US_ASCII);
    JsonNode data = call("POST", "decrypt/" + key, Map.of("ciphertext", ciphertext)).path("data");
    String plaintext = data.path("plaintext").asText("");
    try {
      return Base64.getDecoder().decode(plaintext);
    } catch (IllegalArgumentException e) {
      throw new KeyBackendException(where("decrypt/" + key) + ": data.plaintext is not base64");
    }
  }

  @Override
  public String health() {
    try {
      currentKeyId();
      return "ok";
    } catch (KeyBackendException e) {
      return e.getMessage();
    }
  }

  private String keyId(int version) {
    return "vault:" + key + ":v" + version;
  }

  private String where(String path) {
    return address + "/v1/" + mount + "/" + path;
  }

  private JsonNode call(String method, String path, Map<String, String> body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(where(path)))
            .timeout(TIMEOUT)
            .header("X-Vault-Token", token())
            .header("Accept", "application/json");
    try {
      if (body == null) {
        request.GET();
      } else {
        request
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode answer = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
      if (response.statusCode() / 100 != 2) {
        throw new KeyBackendException(
            method + " " + where(path) + " answered " + response.statusCode() + errors(answer));
      }
      return answer;
    } catch (IOException e) {
      throw new KeyBackendException(method + " " + where(path) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyBackendException(method + " " + where(path) + " was interrupted", e);
    }
  }

  /** Vault's {@code errors} array: messages about the request, never key material. */
  private static String errors(JsonNode answer) {
    JsonNode errors = answer.path("errors");
    if (!errors.isArray() || errors.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(":");
    errors.forEach(e -> out.append(' ').append(e.asText()));
    return out.toString();
  }

  private String token() {
    try {
      String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new KeyBackendException("Vault token file " + tokenFile + " is empty");
      }
      return token;
    } catch (IOException e) {
      throw new KeyBackendException("cannot read Vault token file " + tokenFile + ": " + e.getMessage(), e);
    }
  }

  private static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new KeyBackendException(caFile + " holds no PEM certificate");
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyBackendException("cannot read CA file " + caFile + ": " + e.getMessage(), e);
    }
  }
}
