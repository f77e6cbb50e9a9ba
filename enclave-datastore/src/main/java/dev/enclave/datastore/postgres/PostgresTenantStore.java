package dev.enclave.datastore.postgres;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.controlplane.KineFlags;
import dev.enclave.datastore.TenantCredentials;
import dev.enclave.datastore.TenantNames;
import dev.enclave.datastore.TenantStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant in a shared PostgreSQL: its own database, owned by its own login role (same name, see
 * {@link TenantNames#postgres}), with CONNECT and TEMPORARY revoked from PUBLIC and the public
 * schema closed to PUBLIC, so no other tenant's role can connect to it or read it. The password is
 * 64 hex digits from SecureRandom (safe unescaped in kine's DSN); one passed back in {@code
 * existing} is kept (and set again, so the role surely has it); without one a new one is set.
 */
public final class PostgresTenantStore implements TenantStore {
  public static final String CA_KEY = "ca.crt";
  private static final String ADMIN_DATABASE = "postgres";

  private final PostgresAdmin admin;
  private final SecureRandom random;

  public PostgresTenantStore(PostgresAdmin admin, SecureRandom random) {
    this.admin = admin;
    this.random = random;
  }

  @Override
  public TenantCredentials provision(TenantCluster tenant, TenantCredentials existing) {
    String name = TenantNames.postgres(tenant);
    String secret = HostNames.dataStoreCredentialsSecret(tenant);
    String password = existing.value(secret, KineFlags.PASSWORD_KEY).orElseGet(this::newPassword);
    try (Connection c = admin.connect(ADMIN_DATABASE)) {
      ensureRole(c, name, password);
      ensureDatabase(c, name);
      run(c, "revoke CONNECT and TEMPORARY on database " + name + " from PUBLIC",
          "REVOKE CONNECT, TEMPORARY ON DATABASE " + quote(name) + " FROM PUBLIC");
      run(c, "grant CONNECT on database " + name + " to its role",
          "GRANT CONNECT, TEMPORARY ON DATABASE " + quote(name) + " TO " + quote(name));
    } catch (SQLException e) {
      throw admin.failure("closing the admin connection", e);
    }
    try (Connection c = admin.connect(name)) {
      run(c, "revoke the public schema of database " + name + " from PUBLIC",
          "REVOKE ALL ON SCHEMA public FROM PUBLIC");
    } catch (SQLException e) {
      throw admin.failure("closing the admin connection", e);
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put(KineFlags.USERNAME_KEY, name);
    data.put(KineFlags.PASSWORD_KEY, password);
    data.put(KineFlags.DATABASE_KEY, name);
    data.put(CA_KEY, admin.caPem());
    return new TenantCredentials(Map.of(secret, data));
  }

  @Override
  public void deprovision(TenantCluster tenant) {
    String name = TenantNames.postgres(tenant);
    try (Connection c = admin.connect(ADMIN_DATABASE)) {
      run(c, "drop database " + name, "DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
      if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
        run(c, "drop what role " + name + " owns", "DROP OWNED BY " + quote(name));
        run(c, "drop role " + name, "DROP ROLE " + quote(name));
      }
    } catch (SQLException e) {
      throw admin.failure("closing the admin connection", e);
    }
  }

  private void ensureRole(Connection c, String name, String password) {
    String attributes =
        " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD "
            + literal(password);
    if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
      run(c, "set the attributes and password of role " + name, "ALTER ROLE " + quote(name) + attributes);
    } else {
      run(c, "create role " + name, "CREATE ROLE " + quote(name) + attributes);
    }
  }

  private void ensureDatabase(Connection c, String name) {
    if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
      run(c, "create database " + name,
          "CREATE DATABASE " + quote(name) + " OWNER " + quote(name) + " ENCODING 'UTF8' TEMPLATE template0");
    } else {
      run(c, "give database " + name + " to its role", "ALTER DATABASE " + quote(name) + " OWNER TO " + quote(name));
    }
  }

  private boolean exists(Connection c, String query, String name) {
    try (PreparedStatement s = c.prepareStatement(query)) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw admin.failure("looking up " + name, e);
    }
  }

  /** Runs one statement; {@code what} (never the SQL, which may hold a password) names it in errors. */
  private void run(Connection c, String what, String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw admin.failure(what, e);
    }
  }

  private String newPassword() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A quoted identifier: {@code "} doubled inside double quotes. */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A standard string literal: {@code '} doubled, backslashes are literal (standard_conforming_strings). */
  static String literal(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a NUL character cannot be in a PostgreSQL string");
    }
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
