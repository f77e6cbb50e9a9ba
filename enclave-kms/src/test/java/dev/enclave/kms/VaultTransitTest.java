package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vault/OpenBao transit backend against a JDK HttpServer on 127.0.0.1 that answers as the
 * transit API documents (keys/NAME, encrypt/NAME, decrypt/NAME, the errors array). Not a real
 * Vault: no Vault or OpenBao build is available to this project's tests.
 */
class VaultTransitTest {
  private static final String TOKEN = "s.test-token";

  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger latest = new AtomicInteger(1);
  private final Map<String, String> plaintextByCiphertext = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private Path tokenFile;

  @BeforeEach
  void start() throws IOException {
    tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/kms/", this::transit);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private VaultTransit vault() {
    URI address = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return VaultTransit.connect(address, "kms", "acme", tokenFile, null);
  }

  @Test
  void whenADataKeyIsWrappedThenTheTransitApiIsCalledAndTheKeyIdNamesTheVersion() {
    VaultTransit vault = vault();
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);

    KeyEncryptionKeys.Wrapped wrapped = vault.wrap(dataKey);
    byte[] unwrapped = vault.unwrap(wrapped.keyId(), wrapped.bytes());

    assertThat(wrapped.keyId()).isEqualTo("vault:acme:v1");
    assertThat(new String(wrapped.bytes(), StandardCharsets.US_ASCII)).startsWith("vault:v1:");
    assertThat(unwrapped).isEqualTo(dataKey);
    assertThat(vault.currentKeyId()).isEqualTo("vault:acme:v1");
    assertThat(vault.health()).isEqualTo("ok");
    assertThat(requests)
        .containsExactly(
            "POST /v1/kms/encrypt/acme token=" + TOKEN,
            "POST /v1/kms/decrypt/acme token=" + TOKEN,
            "GET /v1/kms/keys/acme token=" + TOKEN,
            "GET /v1/kms/keys/acme token=" + TOKEN);
  }

  @Test
  void whenTheTransitKeyIsRotatedThenNewWrapsCarryTheNewVersionAndOldOnesStillUnwrap() {
    VaultTransit vault = vault();
    EnvelopeCipher cipher = new EnvelopeCipher(vault, new SecureRandom());
    byte[] before = cipher.seal("seed".getBytes(StandardCharsets.US_ASCII)).ciphertext();

    latest.set(2);
    EnvelopeCipher.Sealed after = cipher.seal("seed".getBytes(StandardCharsets.US_ASCII));

    assertThat(vault.currentKeyId()).isEqualTo("vault:acme:v2");
    assertThat(after.keyId()).isEqualTo("vault:acme:v2");
    assertThat(EnvelopeCipher.keyIdOf(before)).isEqualTo("vault:acme:v1");
    assertThat(cipher.open(before)).asString(StandardCharsets.US_ASCII).isEqualTo("seed");
  }

  @Test
  void whenVaultRefusesThenTheErrorNamesTheUrlStatusAndVaultsMessage() throws IOException {
    Files.writeString(tokenFile, "s.revoked");
    VaultTransit vault = vault();

    assertThat(vault.health())
        .isEqualTo(
            "GET http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1/kms/keys/acme answered 403: permission denied");
  }

  @Test
  void whenTheAddressIsPlainHttpOffLoopbackThenItIsRefused() {
    assertThatThrownBy(
            () -> VaultTransit.connect(URI.create("http://vault.example:8200"), "transit", "k", tokenFile, null))
        .hasMessage("Vault address http://vault.example:8200 must be https:// (plain http only on 127.0.0.1, for tests)");
  }

  @Test
  void whenAKeyIdOfAnotherTransitKeyArrivesThenItIsRefusedWithoutAsking() {
    assertThatThrownBy(() -> vault().unwrap("vault:other:v1", "vault:v1:x".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("is not a version of transit key acme");
    assertThat(requests).isEmpty();
  }

  /** As documented at /api-docs/secret/transit: read key, encrypt, decrypt. */
  private void transit(HttpExchange exchange) throws IOException {
    String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path + " token=" + token);
    if (!TOKEN.equals(token)) {
      reply(exchange, 403, Map.of("errors", List.of("permission denied")));
      return;
    }
    JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
    switch (path) {
      case "/v1/kms/keys/acme" ->
          reply(exchange, 200, Map.of("data", Map.of("name", "acme", "type", "aes256-gcm96", "latest_version", latest.get(), "min_decryption_version", 1)));
      case "/v1/kms/encrypt/acme" -> {
        String ciphertext = "vault:v" + latest.get() + ":" + java.util.UUID.randomUUID();
        plaintextByCiphertext.put(ciphertext, body.path("plaintext").asText());
        reply(exchange, 200, Map.of("data", Map.of("ciphertext", ciphertext, "key_version", latest.get())));
      }
      case "/v1/kms/decrypt/acme" -> {
        String plaintext = plaintextByCiphertext.get(body.path("ciphertext").asText());
        if (plaintext == null) {
          reply(exchange, 400, Map.of("errors", List.of("invalid ciphertext: unable to decrypt")));
        } else {
          reply(exchange, 200, Map.of("data", Map.of("plaintext", plaintext)));
        }
      }
      default -> reply(exchange, 404, Map.of("errors", List.of()));
    }
  }

  private void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
