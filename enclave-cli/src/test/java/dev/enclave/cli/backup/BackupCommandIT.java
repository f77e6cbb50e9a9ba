package dev.enclave.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.EnclaveCtl;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.datastore.TenantCredentials;
import dev.enclave.datastore.TenantStore;
import dev.enclave.datastore.TenantStores;
import dev.enclave.datastore.backup.S3BackupTarget;
import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdConnection;
import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.operator.backup.BackupKeys;
import dev.enclave.operator.backup.TenantBackupResolver;
import dev.enclave.testbed.Await;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.PostgresServer;
import dev.enclave.testbed.S3Server;
import dev.enclave.testbed.SecureEtcd;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code enclavectl backup} against a real kube-apiserver holding the Enclave CRDs, a Jurisdiction
 * whose backup target is an s3proxy bucket (credentials in a Secret), a shared etcd DataStore with
 * TLS and client certificates, and TenantClusters provisioned into it the way the operator does.
 */
class BackupCommandIT {
  private static final String BUCKET = "enclave-eu";
  private static final String OPERATOR_NS = "enclave-system";
  private static final String TENANTS_NS = "tenants-eu";

  private static Components components;
  private static Path dir;
  private static Etcd hostEtcd;
  private static KubeApiServer api;
  private static SecureEtcd shared;
  private static S3Server s3;
  private static KubernetesClient client;
  private static TenantStore store;
  private static PostgresServer postgres;
  private static TenantStore postgresStore;

  @BeforeAll
  static void start() throws IOException {
    components = Components.fromEnvironment();
    dir = fresh(Testbed.directory().resolve("backup-command"));
    hostEtcd = Etcd.start(components, dir.resolve("host-etcd"));
    api = KubeApiServer.start(components, components.newestKubernetes(), "host", dir.resolve("api"), hostEtcd, "/registry", Map.of());
    shared = SecureEtcd.start(components, dir.resolve("shared-etcd"));
    s3 = S3Server.start(dir.resolve("s3"));
    client = api.adminClient();
    api.kubectl(components, "apply", "--server-side", "-f", Testbed.repoRoot().resolve("deploy/crds").toString())
        .requireSuccess();
    api.kubectl(components, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all").requireSuccess();
    for (String ns : List.of(OPERATOR_NS, TENANTS_NS)) {
      namespace(ns);
    }
    try (S3BackupTarget target = S3BackupTarget.connect("eu", "eu-backups", location(), s3.accessKey(), s3.secretKey())) {
      target.client().createBucket(b -> b.bucket(BUCKET));
    }
    client.secrets().inNamespace(OPERATOR_NS).resource(new SecretBuilder().withNewMetadata().withName("eu-backups-s3")
        .endMetadata().addToStringData("accessKeyId", s3.accessKey()).addToStringData("secretAccessKey", s3.secretKey())
        .build()).create();
    client.resource(Serialization.unmarshal(jurisdictionYaml(), Jurisdiction.class)).create();
    DataStore dataStore = Serialization.unmarshal(
        "apiVersion: enclave.dev/v1alpha1\nkind: DataStore\nmetadata: {name: eu-etcd-1}\n"
            + "spec: {jurisdiction: eu, driver: etcd, endpoints: [\"" + shared.hostPort() + "\"],"
            + " credentialsSecretRef: {name: eu-etcd-1-admin, namespace: enclave-system}}\n", DataStore.class);
    client.resource(dataStore).create();
    client.secrets().inNamespace(OPERATOR_NS).resource(new SecretBuilder().withNewMetadata().withName("eu-etcd-1-admin")
        .endMetadata().withStringData(adminSecret()).build()).create();
    store = TenantStores.of(dataStore, adminSecret(), Clock.systemUTC(), new SecureRandom());
    postgres = PostgresServer.start(dir.resolve("postgres"));
    DataStore postgresStoreDeclared = Serialization.unmarshal(
        "apiVersion: enclave.dev/v1alpha1\nkind: DataStore\nmetadata: {name: eu-postgres-1}\n"
            + "spec: {jurisdiction: eu, driver: postgresql, endpoints: [\"" + postgres.hostPort() + "\"],"
            + " credentialsSecretRef: {name: eu-postgres-1-admin, namespace: enclave-system}}\n", DataStore.class);
    client.resource(postgresStoreDeclared).create();
    client.secrets().inNamespace(OPERATOR_NS).resource(new SecretBuilder().withNewMetadata().withName("eu-postgres-1-admin")
        .endMetadata().withStringData(postgres.adminSecretData()).build()).create();
    postgresStore = TenantStores.of(postgresStoreDeclared, postgres.adminSecretData(), Clock.systemUTC(), new SecureRandom());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {client, api, hostEtcd, shared, s3, postgres}) {
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
  void aBackupIsCreatedListedVerifiedAndRestoredIntoTheTenantsPrefixAfterItsKeysWereDeleted() {
    TenantCluster acme = tenant("acme");
    EtcdKeys keys = keysAs(acme);
    Map<String, String> written = putKeys(keys, acme, 300);

    Result create = ctl("backup", "create", TENANTS_NS + "/acme");
    assertThat(create.code()).as(create.err()).isZero();
    String id = create.out().strip();
    assertThat(id).matches("\\d{8}t\\d{6}z-[0-9a-f]{8}");
    assertThat(create.err()).contains("backup tenants-eu/acme: ").contains("MB/s");

    Result list = ctl("backup", "list", TENANTS_NS + "/acme");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("ID").contains(id).contains("etcd-prefix").contains("local:");

    Result verify = ctl("backup", "verify", TENANTS_NS + "/acme", id);
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("backup " + id + " of TenantCluster tenants-eu/acme").contains("verified");

    Result refused = ctl("backup", "restore", TENANTS_NS + "/acme", id);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("already holds 300 keys");

    // The tenant's KMS key lines are kept with its backup key: its Secrets are encrypted under them.
    String kmsKey = HostNames.kmsKeySecret(acme);
    String hostNamespace = HostNames.hostNamespace(acme);
    String oldLine = decoded(client.secrets().inNamespace(hostNamespace).withName(kmsKey).get().getData().get("keys")).strip();
    Secret backupKey = client.secrets().inNamespace(OPERATOR_NS).withName(BackupKeys.secretName(acme.getMetadata().getUid())).get();
    assertThat(decoded(backupKey.getData().get(BackupKeys.KMS_KEYS)).strip()).isEqualTo(oldLine);

    // As if the tenant were created again: its store emptied and a KMS key of its own.
    keys.deletePrefix(EtcdKeys.utf8(HostNames.etcdPrefix(acme) + "/"));
    assertThat(read(keys, acme)).isEmpty();
    String newLine = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
    client.secrets().inNamespace(hostNamespace).withName(kmsKey).edit(k -> {
      k.getData().put("keys", Base64.getEncoder().encodeToString((newLine + "\n").getBytes(StandardCharsets.US_ASCII)));
      return k;
    });
    Result restore = ctl("backup", "restore", TENANTS_NS + "/acme", id);
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(read(keys, acme)).isEqualTo(written);
    assertThat(restore.out()).contains("added 1 KMS key line(s) kept with its backups to acme-kms-key");
    assertThat(decoded(client.secrets().inNamespace(hostNamespace).withName(kmsKey).get().getData().get("keys")))
        .as("its own key stays current, the old one follows for the restored Secrets")
        .isEqualTo(newLine + "\n" + oldLine + "\n");
  }

  @Test
  void aTenantDeclaredAgainWithTheBackupUidOfItsPredecessorRestoresItsBackups_andWithoutItIsRefused() {
    TenantCluster first = tenant("reborn");
    EtcdKeys keys = keysAs(first);
    Map<String, String> written = putKeys(keys, first, 40);
    Result create = ctl("backup", "create", TENANTS_NS + "/reborn");
    assertThat(create.code()).as(create.err()).isZero();
    String id = create.out().strip();
    String oldUid = first.getMetadata().getUid();
    client.resource(first).delete();
    Await.until("the first tenant gone", Duration.ofSeconds(10), () -> client.resource(first).get() == null,
        () -> "still there");
    keys.deletePrefix(EtcdKeys.utf8(HostNames.etcdPrefix(first) + "/"));

    TenantCluster again = client.resource(Serialization.unmarshal(
        "apiVersion: enclave.dev/v1alpha1\nkind: TenantCluster\nmetadata: {name: reborn, namespace: " + TENANTS_NS
            + "}\nspec: {jurisdiction: eu, kubernetesVersion: \"1.37.2\", dataStore: {ref: eu-etcd-1},"
            + " backup: {target: eu-backups, retention: 3}}\n", TenantCluster.class)).create();
    Result foreign = ctl("backup", "restore", TENANTS_NS + "/reborn", id);
    assertThat(foreign.code()).isEqualTo(1);
    assertThat(foreign.err()).contains("(uid " + again.getMetadata().getUid() + ")");

    client.resource(again).edit(t -> {
      t.getMetadata().setAnnotations(Map.of(TenantBackupResolver.BACKUP_UID, oldUid));
      return t;
    });
    assertThat(ctl("backup", "list", TENANTS_NS + "/reborn").out()).contains(id);
    Result restore = ctl("backup", "restore", TENANTS_NS + "/reborn", id);
    assertThat(restore.code()).as(restore.err()).isZero();
    assertThat(read(keys, again)).isEqualTo(written);
  }

  @Test
  void aBackupWhoseDataWasAlteredIsRefusedByVerify() {
    TenantCluster tampered = tenant("tampered");
    putKeys(keysAs(tampered), tampered, 50);
    String id = ctl("backup", "create", TENANTS_NS + "/tampered").out().strip();
    String key = "eu/" + TENANTS_NS + "/tampered/" + id + "/data";
    try (S3BackupTarget target = S3BackupTarget.connect("eu", "eu-backups", location(), s3.accessKey(), s3.secretKey())) {
      byte[] data = target.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
      data[data.length / 2] ^= 0x01;
      target.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
    }

    Result verify = ctl("backup", "verify", TENANTS_NS + "/tampered", id);

    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.err()).contains("backup " + id).contains("SHA-256").contains("the data was altered");
  }

  @Test
  void aBackupWhoseKeyWasShreddedIsRefusedAsUnreadable() {
    TenantCluster shredded = tenant("shredded");
    putKeys(keysAs(shredded), shredded, 10);
    String id = ctl("backup", "create", TENANTS_NS + "/shredded").out().strip();
    assertThat(ctl("backup", "verify", TENANTS_NS + "/shredded", id).code()).isZero();

    assertThat(new BackupKeys(client, OPERATOR_NS, new SecureRandom()).shred(shredded.getMetadata().getUid(), java.time.Instant.now()))
        .isTrue();
    Result verify = ctl("backup", "verify", TENANTS_NS + "/shredded", id);

    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.err())
        .contains("Secret enclave-system/backup-key-" + shredded.getMetadata().getUid() + " was destroyed at")
        .contains("unreadable");
    assertThat(client.secrets().inNamespace(OPERATOR_NS).withName("backup-key-" + shredded.getMetadata().getUid()).get()
        .getData()).as("no key material is left in the tombstone").isNullOrEmpty();
  }

  @Test
  void aTenantThatDoesNotExistOrIsNotNamespaceSlashNameIsBadInput() {
    assertThat(ctl("backup", "list", TENANTS_NS + "/nobody").code()).isEqualTo(2);
    Result malformed = ctl("backup", "list", "nobody");
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("is not NAMESPACE/NAME");
  }

  @Test
  void aTenantOnPostgresqlIsBackedUpFromItsOwnDatabaseAndRestoredIntoItsEmptiedTable() throws SQLException {
    TenantCluster claims = tenantOn("claims", "eu-postgres-1", postgresStore);
    Map<String, String> login = client.secrets().inNamespace(HostNames.hostNamespace(claims))
        .withName(HostNames.dataStoreCredentialsSecret(claims)).get().getData();
    String database = decoded(login.get("database"));
    try (Connection c = postgres.connect(database, decoded(login.get("username")), decoded(login.get("password")));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kine (id BIGSERIAL UNIQUE, name text COLLATE \"C\", created INTEGER, deleted INTEGER,"
          + " create_revision BIGINT, prev_revision BIGINT, lease INTEGER, value bytea, old_value bytea, PRIMARY KEY (id))");
      s.execute("INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value)"
          + " SELECT '/registry/configmaps/default/c' || g, 1, 0, g, 0, 0, decode(md5(g::text), 'hex')"
          + " FROM generate_series(1, 500) g");
    }
    Result create = ctl("backup", "create", TENANTS_NS + "/claims");
    assertThat(create.code()).as(create.err()).isZero();
    String id = create.out().strip();
    assertThat(ctl("backup", "list", TENANTS_NS + "/claims").out()).contains(id).contains("postgresql");
    try (Connection c = postgres.connect(database, decoded(login.get("username")), decoded(login.get("password")));
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM kine");
    }
    Result restore = ctl("backup", "restore", TENANTS_NS + "/claims", id);
    assertThat(restore.code()).as(restore.err()).isZero();
    try (Connection c = postgres.connect(database, decoded(login.get("username")), decoded(login.get("password")));
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*), count(DISTINCT name) FROM kine")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(500);
      assertThat(rows.getInt(2)).isEqualTo(500);
    }
    Result again = ctl("backup", "restore", TENANTS_NS + "/claims", id);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already holds rows");
  }

  private static String decoded(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private record Result(int code, String out, String err) {}

  private static Result ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--kubeconfig=" + api.adminKubeconfig());
    int code = EnclaveCtl.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  /** A TenantCluster on the shared etcd, provisioned and its Secrets written as the operator does. */
  private static TenantCluster tenant(String name) {
    return tenantOn(name, "eu-etcd-1", store);
  }

  private static TenantCluster tenantOn(String name, String dataStore, TenantStore into) {
    TenantCluster created = client.resource(Serialization.unmarshal(
        "apiVersion: enclave.dev/v1alpha1\nkind: TenantCluster\nmetadata: {name: " + name + ", namespace: " + TENANTS_NS
            + "}\nspec: {jurisdiction: eu, kubernetesVersion: \"1.37.2\", dataStore: {ref: " + dataStore + "},"
            + " backup: {target: eu-backups, retention: 3}}\n", TenantCluster.class)).create();
    String hostNs = HostNames.hostNamespace(created);
    namespace(hostNs);
    TenantCredentials credentials = into.provision(created, TenantCredentials.none());
    credentials.secrets().forEach((secret, data) -> client.secrets().inNamespace(hostNs).resource(
        new SecretBuilder().withNewMetadata().withName(secret).endMetadata().withStringData(data).build()).create());
    byte[] kmsKey = new byte[32];
    new SecureRandom().nextBytes(kmsKey);
    client.secrets().inNamespace(hostNs).resource(new SecretBuilder().withNewMetadata()
        .withName(HostNames.kmsKeySecret(created)).endMetadata()
        .addToStringData("keys", Base64.getEncoder().encodeToString(kmsKey) + "\n").build()).create();
    return created;
  }

  /** The shared etcd as its admin: the JSON gateway ignores client certificate names. */
  private static EtcdKeys keysAs(TenantCluster tenant) {
    return new EtcdKeys(EtcdClient.connect(new EtcdConnection(List.of(shared.hostPort()), shared.caPem(),
        shared.gatewayCertPem(), shared.gatewayKeyPem(), SecureEtcd.ROOT, shared.rootPassword())));
  }

  private static Map<String, String> putKeys(EtcdKeys keys, TenantCluster tenant, int count) {
    Map<String, String> written = new LinkedHashMap<>();
    List<EtcdKeys.KeyValue> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = HostNames.etcdPrefix(tenant) + "/registry/configmaps/shop/settings-" + i;
      String value = "{\"index\":" + i + ",\"region\":\"eu-central-1\"}";
      written.put(key, value);
      batch.add(new EtcdKeys.KeyValue(EtcdKeys.utf8(key), EtcdKeys.utf8(value)));
      if (batch.size() == EtcdKeys.TXN_OPS) {
        keys.putAll(batch);
        batch = new ArrayList<>();
      }
    }
    keys.putAll(batch);
    return written;
  }

  private static Map<String, String> read(EtcdKeys keys, TenantCluster tenant) {
    byte[] prefix = EtcdKeys.utf8(HostNames.etcdPrefix(tenant) + "/");
    EtcdKeys.Page page = keys.page(prefix, EtcdClient.prefixEnd(prefix), 10_000, 0);
    Map<String, String> found = new LinkedHashMap<>();
    for (EtcdKeys.KeyValue kv : page.entries()) {
      found.put(new String(kv.key(), StandardCharsets.UTF_8), new String(kv.value(), StandardCharsets.UTF_8));
    }
    return found;
  }

  private static void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  private static dev.enclave.api.v1alpha1.S3Location location() {
    dev.enclave.api.v1alpha1.S3Location location = new dev.enclave.api.v1alpha1.S3Location();
    location.setEndpoint(s3.endpoint());
    location.setBucket(BUCKET);
    location.setRegion(s3.region());
    return location;
  }

  private static String jurisdictionYaml() {
    return "apiVersion: enclave.dev/v1alpha1\nkind: Jurisdiction\nmetadata: {name: eu}\nspec:\n"
        + "  placement: {nodeSelector: {enclave.dev/jurisdiction: eu}}\n"
        + "  backupTargets:\n"
        + "    - name: eu-backups\n"
        + "      s3: {endpoint: \"" + s3.endpoint() + "\", bucket: " + BUCKET + ", region: " + s3.region()
        + ", credentialsSecretRef: {name: eu-backups-s3}}\n";
  }

  /** The shared etcd's admin Secret as docs/datastores.md lists its keys. */
  private static Map<String, String> adminSecret() {
    Map<String, String> secret = new LinkedHashMap<>();
    secret.put("ca.crt", shared.caPem());
    secret.put("tls.crt", shared.gatewayCertPem());
    secret.put("tls.key", shared.gatewayKeyPem());
    secret.put("username", SecureEtcd.ROOT);
    secret.put("password", shared.rootPassword());
    secret.put("client-ca.crt", shared.clientCa().certificatePem());
    secret.put("client-ca.key", shared.clientCa().privateKeyPem());
    return secret;
  }

  private static Path fresh(Path path) throws IOException {
    if (Files.exists(path)) {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(path);
  }
}
