package dev.enclave.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.testbed.PostgresServer;
import dev.enclave.testbed.S3Server;
import dev.enclave.testbed.Testbed;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tenant's kine table in a real PostgreSQL, backed up to S3 and restored into another database. */
class PostgresBackupIT {
  private static final String BUCKET = "enclave-eu";
  private static final String KINE =
      """
      CREATE TABLE kine (
        id BIGSERIAL UNIQUE, name text COLLATE "C", created INTEGER, deleted INTEGER,
        create_revision BIGINT, prev_revision BIGINT, lease INTEGER, value bytea, old_value bytea,
        PRIMARY KEY (id))
      """;

  private static Path dir;
  private static PostgresServer postgres;
  private static S3Server s3;
  private static S3BackupTarget target;

  @BeforeAll
  static void start() throws SQLException {
    dir = BackupBed.fresh(Testbed.directory().resolve("postgres-backup"));
    postgres = PostgresServer.start(dir.resolve("postgres"));
    s3 = S3Server.start(dir.resolve("s3"));
    BackupBed.createBucket(s3, BUCKET);
    target = BackupBed.target(s3, BUCKET);
    try (Connection c = postgres.adminConnection("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE acme");
      s.execute("CREATE DATABASE acme_restored");
    }
    for (String db : List.of("acme", "acme_restored")) {
      try (Connection c = postgres.adminConnection(db); Statement s = c.createStatement()) {
        s.execute(KINE);
      }
    }
    Random random = new Random(3);
    try (Connection c = postgres.adminConnection("acme");
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease, value) VALUES (?, 1, 0, ?, 0, 0, ?)")) {
      for (int i = 0; i < 2_000; i++) {
        byte[] value = new byte[512];
        random.nextBytes(value);
        insert.setString(1, "/registry/configmaps/shop/cm-" + i);
        insert.setLong(2, i + 1);
        insert.setBytes(3, value);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {target, s3, postgres}) {
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
  void whenAKineTableIsRestoredIntoAnEmptyDatabaseThenEveryRowIsBackAndIdsContinue() throws SQLException {
    KeyEncryptionKeys keys = BackupBed.newKeys(dir, "eu");
    PostgresTables source = PostgresTables.kine(tls(postgres.jdbcUrl("acme")), postgres.adminUser(), postgres.adminPassword());
    PostgresTables into = PostgresTables.kine(tls(postgres.jdbcUrl("acme_restored")), postgres.adminUser(), postgres.adminPassword());
    BackupManifest manifest =
        new BackupWriter(keys, Clock.systemUTC(), new SecureRandom()).write(BackupBed.ACME, new PostgresSource(source), target);
    assertThat(manifest.sourceKind()).isEqualTo("postgresql");
    BackupRestorer restorer = new BackupRestorer(keys, dir.resolve("work"));
    restorer.restore(target, BackupBed.ACME, manifest.backupId(), new PostgresRestore(into));
    assertThat(rows("acme_restored")).hasSize(2_000).isEqualTo(rows("acme"));
    try (Connection c = postgres.adminConnection("acme_restored"); Statement s = c.createStatement();
        ResultSet next = s.executeQuery("INSERT INTO kine (name) VALUES ('/after') RETURNING id")) {
      next.next();
      assertThat(next.getLong(1)).isEqualTo(2_001);
    }
    assertThatThrownBy(() -> restorer.restore(target, BackupBed.ACME, manifest.backupId(), new PostgresRestore(into)))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("table kine already holds rows");
  }

  private static List<String> rows(String db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = postgres.adminConnection(db); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id, name, create_revision, value FROM kine WHERE name <> '/after' ORDER BY id")) {
      while (r.next()) {
        rows.add(r.getLong(1) + " " + r.getString(2) + " " + r.getLong(3) + " " + Base64.getEncoder().encodeToString(r.getBytes(4)));
      }
    }
    return rows;
  }

  /** The server's TLS, verified against its CA, as every connection to it must use. */
  private static String tls(String jdbcUrl) {
    return jdbcUrl + "?sslmode=verify-full&sslrootcert=" + postgres.caFile();
  }
}
