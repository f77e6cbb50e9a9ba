package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.datastore.backup.BackupCatalog;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.FilesystemBackupTarget;
import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdConnection;
import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.operator.EnclaveOperator;
import dev.enclave.operator.Fixtures;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.Poll;
import dev.enclave.operator.TestClock;
import dev.enclave.operator.WebhookCertificateConfig;
import dev.enclave.operator.backup.BackupDeletion;
import dev.enclave.operator.backup.BackupEvents;
import dev.enclave.operator.backup.BackupKeys;
import dev.enclave.operator.backup.BackupShredder;
import dev.enclave.operator.backup.BackupTargets;
import dev.enclave.operator.backup.TenantBackupResolver;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.SecureEtcd;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator on a real kube-apiserver takes a tenant's scheduled backups from a shared etcd into
 * its Jurisdiction's backup directory as its (injected) clock passes the schedule, keeps the newest
 * {@code retention}, reports {@code BackupHealthy}, takes a final backup when the tenant is
 * deleted, and shreds the tenant's backup key once its last backup has expired.
 */
class BackupScheduleIT {
  private static final String PREFIX = "/enclave/tenants-eu/acme/";

  private static Components components;
  private static Path dir;
  private static Etcd hostEtcd;
  private static KubeApiServer api;
  private static SecureEtcd shared;
  private static KubernetesClient client;
  private static TestClock clock;
  private static EnclaveOperator operator;

  @BeforeAll
  static void start() throws IOException {
    components = Components.fromEnvironment();
    dir = fresh(Testbed.directory().resolve("backup-schedule"));
    hostEtcd = Etcd.start(components, dir.resolve("host-etcd"));
    api = KubeApiServer.start(components, components.newestKubernetes(), "host", dir.resolve("api"), hostEtcd, "/registry", Map.of());
    shared = SecureEtcd.start(components, dir.resolve("shared-etcd"));
    client = api.adminClient();
    api.kubectl(components, "apply", "--server-side", "-f", Testbed.repoRoot().resolve("deploy/crds").toString()).requireSuccess();
    api.kubectl(components, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all").requireSuccess();
    for (String ns : List.of("enclave-system", "tenants-eu")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    Jurisdiction eu = Fixtures.eu();
    BackupTarget target = new BackupTarget();
    target.setName("eu-backups");
    target.setPath(dir.resolve("backups").toString());
    eu.getSpec().setBackupTargets(new ArrayList<>(List.of(target)));
    client.resource(eu).create();
    client.secrets().inNamespace("enclave-system").resource(new SecretBuilder().withNewMetadata()
        .withName("eu-etcd-1-admin").endMetadata()
        .addToStringData("ca.crt", shared.caPem()).addToStringData("tls.crt", shared.gatewayCertPem())
        .addToStringData("tls.key", shared.gatewayKeyPem()).addToStringData("username", SecureEtcd.ROOT)
        .addToStringData("password", shared.rootPassword())
        .addToStringData("client-ca.crt", shared.clientCa().certificatePem())
        .addToStringData("client-ca.key", shared.clientCa().privateKeyPem()).build()).create();
    client.resource(Serialization.unmarshal(
        "apiVersion: enclave.dev/v1alpha1\nkind: DataStore\nmetadata: {name: eu-etcd-1}\n"
            + "spec: {jurisdiction: eu, driver: etcd, endpoints: [\"" + shared.hostPort() + "\"],"
            + " credentialsSecretRef: {name: eu-etcd-1-admin, namespace: enclave-system}}\n", DataStore.class)).create();
    EtcdKeys keys = admin();
    List<EtcdKeys.KeyValue> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      entries.add(new EtcdKeys.KeyValue(EtcdKeys.utf8(PREFIX + "registry/configmaps/shop/c" + i), EtcdKeys.utf8("v" + i)));
    }
    keys.putAll(entries);
    // An hour and a minute ahead of the server: the tenant's first scheduled time has passed.
    clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(61)));
    OperatorConfig config = new OperatorConfig(Set.of("eu"), "enclave-system", 0, 0, 0, Duration.ofSeconds(2), false,
        "enclave-operator", WebhookCertificateConfig.defaults(), true, OperatorConfig.LOOPBACK);
    operator = EnclaveOperator.start(client, config, clock);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {operator, client, api, hostEtcd, shared}) {
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
  void scheduledBackupsKeepTheNewestRetentionAFinalBackupPrecedesDeletionAndTheKeyIsShreddedWhenTheLastExpires() {
    TenantCluster acme = Fixtures.acme();
    DataStoreBinding ref = new DataStoreBinding();
    ref.setRef("eu-etcd-1");
    acme.getSpec().setDataStore(ref);
    acme.getSpec().getBackup().setSchedule("0 * * * *");
    acme.getSpec().getBackup().setRetention(2);
    String uid = client.resource(acme).create().getMetadata().getUid();

    Poll.until("the first scheduled backup", Duration.ofSeconds(60), () -> backupId() != null);
    assertThat(condition("BackupHealthy")).startsWith("True/BackupSucceeded/last backup " + backupId() + " at ");
    for (int hour = 2; hour <= 3; hour++) {
      String before = backupId();
      clock.advance(Duration.ofHours(1));
      Poll.until("backup of hour " + hour, Duration.ofSeconds(60), () -> !before.equals(backupId()));
    }
    List<BackupManifest> kept = complete(uid);
    assertThat(kept).hasSize(2);
    assertThat(kept.get(0).backupId()).isEqualTo(backupId());
    assertThat(kept.get(0).keyId()).isEqualTo(tenant().getStatus().getBackup().getKeyId()).startsWith("local:");

    clock.advance(Duration.ofMinutes(10));
    client.resource(tenant()).delete();
    Poll.until("the final backup's expiry on the key Secret", Duration.ofSeconds(60),
        () -> key(uid).getMetadata().getAnnotations().containsKey(BackupDeletion.EXPIRES_AT));
    // A bare kube-apiserver has no namespace controller: the host namespace never finishes deleting,
    // so the operator's finalizer is taken off here once the final backup is recorded.
    client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme")
        .edit(t -> {
          t.getMetadata().setFinalizers(List.of());
          return t;
        });
    Poll.until("the tenant is gone", Duration.ofSeconds(60), () -> tenant() == null);
    List<BackupManifest> afterDeletion = complete(uid);
    // The final backup is the newest and retention still holds: two are kept.
    assertThat(afterDeletion).hasSize(2).first()
        .satisfies(m -> assertThat(m.createdAt()).isEqualTo(clock.instant().toString()));
    assertThat(client.v1().events().inNamespace("tenants-eu").list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(BackupEvents.FINAL_BACKUP_TAKEN));
    Secret key = key(uid);
    Instant expires = Instant.parse(key.getMetadata().getAnnotations().get(BackupDeletion.EXPIRES_AT));
    // Retention 2 on an hourly schedule: the final backup would have left retention two hours on.
    assertThat(expires).isEqualTo(clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2)));

    BackupShredder shredder = shredder();
    assertThat(shredder.sweep()).as("nothing has expired yet").isEmpty();
    clock.advance(Duration.between(clock.instant(), expires));
    assertThat(shredder.sweep()).containsExactly(uid);

    Secret tombstone = client.secrets().inNamespace("enclave-system").withName(BackupKeys.secretName(uid)).get();
    assertThat(tombstone.getData()).as("no key material left").isNullOrEmpty();
    assertThat(tombstone.getMetadata().getAnnotations()).containsEntry(BackupKeys.SHREDDED_AT, expires.toString());
    assertThat(complete(uid)).isEmpty();
    assertThat(client.v1().events().inNamespace("tenants-eu").list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(BackupEvents.KEY_SHREDDED);
          assertThat(e.getInvolvedObject().getUid()).isEqualTo(uid);
          assertThat(e.getMessage()).contains("crypto-shredding").contains("2 expired backup(s) deleted");
        });
  }

  private static Secret key(String uid) {
    return client.secrets().inNamespace("enclave-system").withName(BackupKeys.secretName(uid)).get();
  }

  private static BackupShredder shredder() {
    TenantBackupResolver resolver = new TenantBackupResolver(client, "enclave-system", new SecureRandom());
    return new BackupShredder(client, resolver.keys(), new BackupTargets(client, "enclave-system"),
        new BackupEvents(client, clock), clock);
  }

  private static List<BackupManifest> complete(String uid) {
    try (FilesystemBackupTarget target = new FilesystemBackupTarget(dir.resolve("backups"))) {
      return BackupCatalog.complete(target,
          new dev.enclave.datastore.backup.TenantIdentity(uid, "tenants-eu", "acme", "eu", "1.37.2"));
    }
  }

  private static TenantCluster tenant() {
    return client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme").get();
  }

  private static String backupId() {
    TenantCluster t = tenant();
    return t == null || t.getStatus() == null || t.getStatus().getBackup() == null ? null : t.getStatus().getBackup().getLastBackupId();
  }

  private static String condition(String type) {
    return tenant().getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus() + "/" + c.getReason() + "/" + c.getMessage()).findFirst().orElse("absent");
  }

  private static EtcdKeys admin() {
    return new EtcdKeys(EtcdClient.connect(new EtcdConnection(List.of(shared.hostPort()), shared.caPem(),
        shared.gatewayCertPem(), shared.gatewayKeyPem(), SecureEtcd.ROOT, shared.rootPassword())));
  }

  private static Path fresh(Path path) throws IOException {
    if (Files.exists(path)) {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(path);
  }
}
