package dev.enclave.datastore.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The tables of one tenant's PostgreSQL database that a backup holds (kine's {@code kine} table),
 * and how to reach the database: a JDBC URL, user and password ({@link #toString} shows no
 * password). Table names are plain lower-case identifiers, so they are safe in SQL text.
 */
public record PostgresTables(String jdbcUrl, String user, String password, List<String> tables) {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public PostgresTables {
    tables = List.copyOf(tables);
    if (tables.isEmpty()) {
      throw new IllegalArgumentException(jdbcUrl + ": a PostgreSQL backup needs at least one table");
    }
    for (String table : tables) {
      if (!IDENTIFIER.matcher(table).matches()) {
        throw new IllegalArgumentException(
            jdbcUrl + ": table '" + table + "'; allowed: lower-case identifiers ([a-z_][a-z0-9_]*)");
      }
    }
  }

  /** The tables of kine, the etcd shim a tenant API server on PostgreSQL talks to. */
  public static PostgresTables kine(String jdbcUrl, String user, String password) {
    return new PostgresTables(jdbcUrl, user, password, List.of("kine"));
  }

  Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  @Override
  public String toString() {
    return "PostgreSQL " + jdbcUrl + " as " + user + " tables " + tables;
  }
}
