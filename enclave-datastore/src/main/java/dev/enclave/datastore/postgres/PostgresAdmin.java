package dev.enclave.datastore.postgres;

import dev.enclave.datastore.DataStoreException;
import dev.enclave.datastore.DataStoreException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * How the operator reaches a shared PostgreSQL as its administrator: the DataStore's endpoints,
 * TLS with {@code sslmode=verify-full} against the store's CA, and the admin role's password
 * (SCRAM). {@link #toString} never shows the password.
 */
public final class PostgresAdmin {
  private final String dataStore;
  private final List<String> endpoints;
  private final String user;
  private final String password;
  private final String caPem;

  public PostgresAdmin(String dataStore, List<String> endpoints, String user, String password, String caPem) {
    if (endpoints == null || endpoints.isEmpty()) {
      throw new DataStoreException(Reason.ProvisioningFailed, "DataStore " + dataStore + ": spec.endpoints is empty");
    }
    this.dataStore = dataStore;
    this.endpoints = List.copyOf(endpoints);
    this.user = user;
    this.password = password;
    this.caPem = caPem;
  }

  public String dataStore() {
    return dataStore;
  }

  public List<String> endpoints() {
    return endpoints;
  }

  public String caPem() {
    return caPem;
  }

  /** An admin connection to {@code database}, autocommit on (CREATE DATABASE needs it). */
  public Connection connect(String database) {
    return connect(database, user, password);
  }

  /** A connection as {@code role} to {@code database}, with the same TLS checks. */
  public Connection connect(String database, String role, String rolePassword) {
    Path ca = null;
    try {
      ca = Files.createTempFile("enclave-datastore-ca", ".crt");
      Files.writeString(ca, caPem);
      Properties props = new Properties();
      props.setProperty("user", role);
      props.setProperty("password", rolePassword);
      props.setProperty("sslmode", "verify-full");
      props.setProperty("sslrootcert", ca.toString());
      props.setProperty("connectTimeout", "10");
      props.setProperty("socketTimeout", "60");
      props.setProperty("ApplicationName", "enclave-operator");
      Connection c = DriverManager.getConnection(url(database), props);
      c.setAutoCommit(true);
      return c;
    } catch (SQLException e) {
      throw failure("cannot connect to database " + database + " as " + role, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CA of DataStore " + dataStore + " to a temporary file", e);
    } finally {
      if (ca != null) {
        try {
          Files.deleteIfExists(ca);
        } catch (IOException e) {
          // a public CA certificate left in the temp directory; nothing secret
        }
      }
    }
  }

  /** A person's error naming this store, its endpoints and {@code what}; the reason from the SQL state. */
  public DataStoreException failure(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    Reason reason =
        state.startsWith("08") ? Reason.StoreUnreachable
            : state.startsWith("28") ? Reason.CredentialsMissing
            : Reason.ProvisioningFailed;
    return new DataStoreException(
        reason,
        "DataStore " + dataStore + " (postgresql at " + String.join(",", endpoints) + "): " + what + ": "
            + e.getMessage() + (state.isEmpty() ? "" : " (SQL state " + state + ")"));
  }

  private String url(String database) {
    return "jdbc:postgresql://" + String.join(",", endpoints) + "/" + database + "?targetServerType=primary";
  }

  @Override
  public String toString() {
    return "PostgresAdmin[" + dataStore + " " + String.join(",", endpoints) + " as " + user + "]";
  }
}
