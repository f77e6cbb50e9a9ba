package dev.enclave.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Kine;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.PostgresServer;
import dev.enclave.testbed.Sockets;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenants in a shared PostgreSQL (the testbed's, TLS and SCRAM only): isolated, idempotent, removable. */
class PostgresTenantStoreIT {
  private static PostgresServer postgres;
  private static TenantStore store;

  @BeforeAll
  static void startPostgres() {
    postgres = PostgresServer.start(Testbed.directory().resolve("postgres-tenant-store"));
    store = TenantStores.of(
        Tenants.dataStore("eu-postgres-1", "postgresql", List.of(postgres.hostPort())),
        Map.of("username", postgres.adminUser(), "password", postgres.adminPassword(), "ca.crt", postgres.caPem()),
        Clock.systemUTC(), new SecureRandom());
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void tenantACredentialsCannotConnectToOrReadTenantBDatabase() throws SQLException {
    Creds a = Creds.of(tenant("iso-a"), store.provision(tenant("iso-a"), TenantCredentials.none()));
    Creds b = Creds.of(tenant("iso-b"), store.provision(tenant("iso-b"), TenantCredentials.none()));
    try (Connection cb = postgres.connect(b.database, b.user, b.password); Statement s = cb.createStatement()) {
      s.execute("CREATE TABLE secrets (v text)");
      s.execute("INSERT INTO secrets VALUES ('only-b')");
    }
    try (Connection ca = postgres.connect(a.database, a.user, a.password); Statement s = ca.createStatement()) {
      s.execute("CREATE TABLE mine (v text)");
    }
    assertThatThrownBy(() -> postgres.connect(b.database, a.user, a.password).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied for database");
    assertThatThrownBy(() -> postgres.connect(a.database, b.user, b.password).close())
        .hasMessageContaining("permission denied for database");
    try (Connection admin = postgres.adminConnection(b.database)) {
      assertThat(bool(admin, "SELECT has_database_privilege(?, current_database(), 'CONNECT')", a.user)).isFalse();
      assertThat(bool(admin, "SELECT has_schema_privilege(?, 'public', 'USAGE')", a.user)).isFalse();
      assertThat(bool(admin, "SELECT has_table_privilege(?, 'public.secrets', 'SELECT')", a.user)).isFalse();
      assertThat(bool(admin, "SELECT has_table_privilege(?, 'public.secrets', 'SELECT')", b.user)).isTrue();
    }
    try (Connection other = postgres.connect("postgres", a.user, a.password)) {
      assertThat(bool(other, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = ?", a.user))
          .isFalse();
    }
  }

  @Test
  void provisioningTwiceKeepsTheRoleItsPasswordAndItsData() throws SQLException {
    TenantCluster t = tenant("twice");
    TenantCredentials first = store.provision(t, TenantCredentials.none());
    Creds c = Creds.of(t, first);
    try (Connection conn = postgres.connect(c.database, c.user, c.password); Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE kept (v text)");
      s.execute("INSERT INTO kept VALUES ('still here')");
    }
    TenantCredentials second = store.provision(t, first);
    assertThat(second.secrets()).isEqualTo(first.secrets());
    try (Connection conn = postgres.connect(c.database, c.user, c.password)) {
      assertThat(string(conn, "SELECT v FROM kept WHERE v = ?", "still here")).isEqualTo("still here");
    }
    try (Connection admin = postgres.adminConnection("postgres")) {
      assertThat(count(admin, "SELECT count(*) FROM pg_roles WHERE rolname = ?", c.user)).isEqualTo(1);
      assertThat(count(admin, "SELECT count(*) FROM pg_database WHERE datname = ?", c.database)).isEqualTo(1);
      assertThat(string(admin, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", c.database))
          .isEqualTo(c.user);
      assertThat(bool(admin, "SELECT has_database_privilege('public', ?, 'CONNECT')", c.database)).isFalse();
    }
    assertThat(c.user).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9.-]+");
  }

  @Test
  void deprovisioningDropsTheDatabaseAndTheRoleAndLeavesOthers() throws SQLException {
    TenantCluster gone = tenant("gone");
    TenantCluster stays = tenant("stays");
    Creds g = Creds.of(gone, store.provision(gone, TenantCredentials.none()));
    Creds s = Creds.of(stays, store.provision(stays, TenantCredentials.none()));
    Connection open = postgres.connect(g.database, g.user, g.password); // FORCE ends this session
    try (Statement st = open.createStatement()) {
      st.execute("CREATE TABLE t (v text)");
    }
    store.deprovision(gone);
    store.deprovision(gone); // again: nothing left to drop, no error
    open.close();
    try (Connection admin = postgres.adminConnection("postgres")) {
      assertThat(count(admin, "SELECT count(*) FROM pg_roles WHERE rolname = ?", g.user)).isZero();
      assertThat(count(admin, "SELECT count(*) FROM pg_database WHERE datname = ?", g.database)).isZero();
      assertThat(count(admin, "SELECT count(*) FROM pg_roles WHERE rolname = ?", s.user)).isEqualTo(1);
    }
    assertThatThrownBy(() -> postgres.connect("postgres", g.user, g.password).close())
        .hasMessageContaining("password authentication failed");
    postgres.connect(s.database, s.user, s.password).close();
  }

  @Test
  void aTenantApiServerRunsOnKineWithTheTenantsCredentialsAndItsKeysStayInItsDatabase() throws SQLException {
    TenantCluster t = RenderedFlags.tenant("eu", "insurer-claims.yaml");
    TenantCredentials credentials = store.provision(t, TenantCredentials.none());
    Creds c = Creds.of(t, credentials);
    Components components = Components.fromEnvironment();
    Path dir = Testbed.directory().resolve("postgres-kine");
    // kine's --endpoint as KineFlags renders it for the example tenant, variables expanded from its Secret.
    String dsn = RenderedFlags.kineEndpoint("eu", "insurer-claims.yaml", "datastore-postgres.yaml",
        List.of(postgres.hostPort()), credentials.secrets().get(HostNames.dataStoreCredentialsSecret(t)));
    assertThat(dsn).startsWith("postgres://" + c.user + ":").endsWith("/" + c.database + "?sslmode=verify-full");
    try (Kine kine = Kine.start(components, dir, dsn, postgres.caFile());
        KubeApiServer api = KubeApiServer.start(components, components.newestKubernetes(), "tenant-kine",
            dir, kine.endpoint(), HostNames.etcdPrefix(t), Map.of());
        KubernetesClient client = api.adminClient()) {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
          .withNewMetadata().withName("landed").endMetadata().addToData("k", "v").build()).create();
      List<String> keys = new ArrayList<>();
      try (Connection conn = postgres.connect(c.database, c.user, c.password);
          Statement s = conn.createStatement();
          ResultSet r = s.executeQuery("SELECT DISTINCT name FROM kine")) {
        while (r.next()) {
          keys.add(r.getString(1));
        }
      }
      assertThat(keys).contains(HostNames.etcdPrefix(t) + "/configmaps/default/landed");
      List<Long> pids = List.of(postgres.process().pid(), kine.process().pid(), api.process().pid());
      assertThat(Sockets.of(postgres.process().pid())).anyMatch(Sockets.Socket::listening);
      assertThat(Sockets.offLoopback(pids)).as("sockets off loopback").isEmpty();
      // kine's own bookkeeping rows: its health probe key and compact_rev_key (no leading slash).
      assertThat(keys.stream().filter(k -> !k.startsWith(HostNames.etcdPrefix(t) + "/")))
          .as("keys outside the tenant's prefix")
          .allMatch(k -> k.equals("/registry/health") || !k.startsWith("/"));
    }
  }

  private static TenantCluster tenant(String name) {
    return Tenants.tenant("tenants-eu", name);
  }

  private static boolean bool(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private static long count(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String string(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  /** The datastore Secret of one tenant, as kine reads it. */
  private record Creds(String user, String password, String database) {
    static Creds of(TenantCluster t, TenantCredentials credentials) {
      String secret = HostNames.dataStoreCredentialsSecret(t);
      return new Creds(credentials.value(secret, "username").orElseThrow(),
          credentials.value(secret, "password").orElseThrow(), credentials.value(secret, "database").orElseThrow());
    }
  }
}
