package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.testbed.Await;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.Testbed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real kube-apiserver encrypting Secrets through this plugin: the value in etcd is a KMS v2
 * envelope, reads come back through the API and kubectl, and after the local KEK is rotated old
 * Secrets still read (also after an API server restart, when its DEK cache is gone) while new
 * writes carry the new key id.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KmsEncryptionIT {
  private static final String PROVIDER = "tenant-kms";
  private static final String NS = "kms-it";

  private static Components components;
  private static Path keyFile;
  private static UnixSocketServer plugin;
  private static Etcd etcd;
  private static KubeApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws IOException {
    components = Components.fromEnvironment();
    Path dir = fresh(Testbed.directory().resolve("kms-encryption"));
    keyFile = KeyFiles.create(dir, KeyFiles.newKey());
    KeyEncryptionKeys keys = LocalKeyFile.open(keyFile, new SecureRandom());
    plugin =
        UnixSocketServer.start(
            dir.resolve("kms.sock"), new KmsService(keys, new EnvelopeCipher(keys, new SecureRandom())));
    Path config =
        Files.writeString(
            dir.resolve("encryption-config.yaml"),
            """
            apiVersion: apiserver.config.k8s.io/v1
            kind: EncryptionConfiguration
            resources:
              - resources: [secrets]
                providers:
                  - kms:
                      apiVersion: v2
                      name: %s
                      endpoint: unix://%s
                      timeout: 5s
                  - identity: {}
            """
                .formatted(PROVIDER, plugin.socket()));
    etcd = Etcd.start(components, dir.resolve("etcd"));
    api =
        KubeApiServer.start(
            components,
            components.newestKubernetes(),
            "kms",
            dir.resolve("apiserver"),
            etcd,
            "/registry",
            Map.of("encryption-provider-config", config.toString()));
    client = api.adminClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
    if (etcd != null) {
      etcd.close();
    }
    if (plugin != null) {
      plugin.close();
    }
  }

  @Test
  @Order(1)
  void whenASecretIsWrittenThenEtcdHoldsAKmsV2EnvelopeAndTheApiReadsItBack() {
    write("first", "hunter2");

    String stored = stored("first");

    assertThat(stored).startsWith("k8s:enc:kms:v2:" + PROVIDER + ":");
    assertThat(stored).contains(currentKeyId()).doesNotContain("hunter2");
    assertThat(read("first")).isEqualTo("hunter2");
    String viaKubectl =
        api.kubectl(components, "get", "secret", "first", "-n", NS, "-o", "jsonpath={.data.password}")
            .requireSuccess()
            .stdout();
    assertThat(new String(Base64.getDecoder().decode(viaKubectl.trim()), StandardCharsets.UTF_8))
        .isEqualTo("hunter2");
  }

  @Test
  @Order(2)
  void whenTheKekIsRotatedThenNewWritesCarryTheNewKeyIdAndOldSecretsStillRead() {
    String oldKeyId = currentKeyId();
    String newKeyId = KeyFiles.idOf(KeyFiles.rotate(keyFile));
    assertThat(newKeyId).isNotEqualTo(oldKeyId);

    // The API server learns the new key id from its Status poll (about once a minute), then
    // makes a new DEK seed and asks the plugin to encrypt it under the new KEK.
    int[] attempt = {0};
    Await.until(
        "a Secret written after the rotation is stored under " + newKeyId,
        Duration.ofMinutes(3),
        () -> attempt[0]++ % 10 == 0 && write("second", "swordfish-" + attempt[0]) && stored("second").contains(newKeyId),
        () -> "etcd holds: " + printable(stored("second")) + "\nAPI server log:\n" + api.process().tail(20));

    assertThat(stored("first")).contains(oldKeyId);
    assertThat(read("first")).isEqualTo("hunter2");

    api.restart();
    try (KubernetesClient fresh = api.adminClient()) {
      assertThat(value(fresh.secrets().inNamespace(NS).withName("first").get())).isEqualTo("hunter2");
      assertThat(value(fresh.secrets().inNamespace(NS).withName("second").get())).startsWith("swordfish-");
    }
  }

  private static boolean write(String name, String password) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withStringData(Map.of("password", password))
            .build();
    client.secrets().inNamespace(NS).resource(secret).createOr(s -> s.update());
    return true;
  }

  private static String read(String name) {
    return value(client.secrets().inNamespace(NS).withName(name).get());
  }

  private static String value(Secret secret) {
    return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
  }

  /** The bytes etcd holds for a Secret, as ISO-8859-1 (etcdctl's JSON output base64s them). */
  private static String stored(String name) {
    String out =
        etcd.etcdctl(components, "get", "/registry/secrets/" + NS + "/" + name, "-w", "json")
            .requireSuccess()
            .stdout();
    try {
      JsonNode kvs = new ObjectMapper().readTree(out).path("kvs");
      return kvs.isEmpty()
          ? ""
          : new String(Base64.getDecoder().decode(kvs.get(0).path("value").asText()), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException("etcdctl printed no JSON: " + out, e);
    }
  }

  private static String currentKeyId() {
    return LocalKeyFile.open(keyFile, new SecureRandom()).currentKeyId();
  }

  private static String printable(String value) {
    String head = value.length() > 120 ? value.substring(0, 120) : value;
    return head.replaceAll("[^\\x20-\\x7e]", ".");
  }

  private static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
