package dev.enclave.datastore.backup;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a PostgreSQL backup's tables back with {@code COPY ... FROM STDIN (FORMAT binary)} in one
 * transaction, into tables that exist and are empty (kine or the provisioning created them), then
 * moves each serial column's sequence past the restored ids.
 */
public final class PostgresRestore implements RestoreSink {
  /** Larger than any COPY chunk the server sends (it sends one row per message). */
  private static final int MAX_CHUNK = 1 << 30;

  private final PostgresTables database;

  public PostgresRestore(PostgresTables database) {
    this.database = database;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRESQL;
  }

  @Override
  public void checkTarget() {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
      for (String table : database.tables()) {
        try (ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
          rows.next();
          if (rows.getBoolean(1)) {
            throw new BackupRefusedException(database.jdbcUrl() + ": table " + table + " already holds rows; restore into empty tables");
          }
        }
      }
    } catch (SQLException e) {
      throw new BackupRefusedException(database + ": cannot check the tables: " + e.getMessage());
    }
  }

  @Override
  public void restoreFrom(InputStream plaintext) throws IOException {
    DataInputStream in = new DataInputStream(plaintext);
    if (!Arrays.equals(in.readNBytes(PostgresSource.MAGIC.length), PostgresSource.MAGIC)) {
      throw new BackupRefusedException(database.jdbcUrl() + ": backup plaintext is not a PostgreSQL export");
    }
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      for (int t = 0; t <= database.tables().size(); t++) {
        String table = in.readUTF();
        if (table.isEmpty()) {
          break;
        }
        if (!database.tables().contains(table)) {
          throw new BackupRefusedException(
              database.jdbcUrl() + ": backup holds table " + table + "; this restore takes " + database.tables());
        }
        copyIn(connection, table, in);
        advanceSequences(connection, table);
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IOException(database + ": restore failed: " + e.getMessage(), e);
    }
  }

  private static void copyIn(Connection connection, String table, DataInputStream in) throws SQLException, IOException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT binary)");
    try {
      while (true) {
        int length = in.readInt();
        if (length == 0) {
          break;
        }
        if (length < 0 || length > MAX_CHUNK) {
          throw new BackupRefusedException("backup table " + table + ": chunk length " + length + "; allowed: 1.." + MAX_CHUNK);
        }
        byte[] chunk = in.readNBytes(length);
        copy.writeToCopy(chunk, 0, chunk.length);
      }
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void advanceSequences(Connection connection, String table) throws SQLException {
    String columns =
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            + " AND table_name = ? AND column_default LIKE 'nextval(%'";
    try (PreparedStatement query = connection.prepareStatement(columns)) {
      query.setString(1, table);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String column = rows.getString(1);
          try (PreparedStatement setval =
              connection.prepareStatement(
                  "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT max(\"" + column.replace("\"", "")
                      + "\") FROM " + table + "), 1))")) {
            setval.setString(1, table);
            setval.setString(2, column);
            setval.execute();
          }
        }
      }
    }
  }
}
