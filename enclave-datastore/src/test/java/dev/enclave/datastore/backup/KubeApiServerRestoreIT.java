package dev.enclave.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.S3Server;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant's real kube-apiserver writes ConfigMaps and Secrets into its etcd prefix; the prefix is
 * backed up to S3 and restored into a fresh etcd; a new kube-apiserver on that etcd serves the same
 * objects.
 */
class KubeApiServerRestoreIT {
  private static final String PREFIX = "/enclave/tenants-eu/acme";
  private static final String BUCKET = "enclave-eu";
  private static final String NS = "shop";

  private static Components components;
  private static Path dir;
  private static Etcd original;
  private static Etcd fresh;
  private static S3Server s3;
  private static S3BackupTarget target;
  private static KubeApiServer api;

  @BeforeAll
  static void start() {
    components = Components.fromEnvironment();
    dir = BackupBed.fresh(Testbed.directory().resolve("apiserver-restore"));
    original = Etcd.start(components, dir.resolve("etcd-original"));
    s3 = S3Server.start(dir.resolve("s3"));
    BackupBed.createBucket(s3, BUCKET);
    target = BackupBed.target(s3, BUCKET);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {api, target, s3, fresh, original}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep stopping the others
      }
    }
  }

  @Test
  void whenATenantsPrefixIsRestoredIntoAFreshEtcdThenItsApiServerServesTheSameObjects() {
    String version = components.newestKubernetes();
    api = KubeApiServer.start(components, version, "acme", dir.resolve("api-original"), original, PREFIX, Map.of());
    Map<String, Map<String, String>> configMaps;
    Map<String, Map<String, String>> secrets;
    try (KubernetesClient client = api.adminClient()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      for (int i = 0; i < 20; i++) {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder()
            .withNewMetadata().withName("settings-" + i).endMetadata()
            .addToData("index", Integer.toString(i)).addToData("region", "eu-central-1").build()).create();
      }
      for (int i = 0; i < 5; i++) {
        client.secrets().inNamespace(NS).resource(new SecretBuilder()
            .withNewMetadata().withName("db-" + i).endMetadata()
            .addToStringData("password", "s3cret-" + i).build()).create();
      }
      configMaps = configMapsOf(client);
      secrets = secretsOf(client);
    }
    String seenBefore = kubectlGet();
    assertThat(seenBefore).contains("ConfigMap/settings-19=", "Secret/db-4=");
    api.close();
    api = null;

    KeyEncryptionKeys keys = BackupBed.newKeys(dir, "eu");
    BackupManifest backup =
        new BackupWriter(keys, Clock.systemUTC(), new SecureRandom())
            .write(BackupBed.ACME, new EtcdPrefixSource(BackupBed.keysOf(original), PREFIX), target);

    fresh = Etcd.start(components, dir.resolve("etcd-fresh"));
    new BackupRestorer(keys, dir.resolve("work"))
        .restore(target, BackupBed.ACME, backup.backupId(), new EtcdPrefixRestore(BackupBed.keysOf(fresh), PREFIX, false));
    api = KubeApiServer.start(components, version, "acme-restored", dir.resolve("api-restored"), fresh, PREFIX, Map.of());
    // What an operator of the tenant sees: kubectl get answers with the objects it had before.
    assertThat(kubectlGet()).isEqualTo(seenBefore);
    try (KubernetesClient client = api.adminClient()) {
      assertThat(configMapsOf(client)).hasSize(20).isEqualTo(configMaps);
      assertThat(secretsOf(client)).hasSize(5).isEqualTo(secrets);
      assertThat(client.secrets().inNamespace(NS).withName("db-3").get().getData().get("password"))
          .isEqualTo(java.util.Base64.getEncoder().encodeToString("s3cret-3".getBytes()));
    }
  }

  /** The tenant's ConfigMaps and Secrets in {@code NS} as kubectl lists them: name and data. */
  private static String kubectlGet() {
    var result =
        api.kubectl(components, "get", "configmaps,secrets", "-n", NS, "--sort-by=.metadata.name", "-o",
            "jsonpath={range .items[*]}{.kind}/{.metadata.name}={.data}{\"\\n\"}{end}");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout().lines()
        .filter(l -> l.startsWith("ConfigMap/settings-") || l.startsWith("Secret/db-"))
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, Map<String, String>> configMapsOf(KubernetesClient client) {
    return client.configMaps().inNamespace(NS).list().getItems().stream()
        .filter(cm -> cm.getMetadata().getName().startsWith("settings-"))
        .collect(Collectors.toMap(cm -> cm.getMetadata().getName(), ConfigMap::getData, (a, b) -> a, TreeMap::new));
  }

  private static Map<String, Map<String, String>> secretsOf(KubernetesClient client) {
    return client.secrets().inNamespace(NS).list().getItems().stream()
        .filter(s -> s.getMetadata().getName().startsWith("db-"))
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), Secret::getData, (a, b) -> a, TreeMap::new));
  }
}
