package dev.enclave.datastore.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * A tenant's PostgreSQL tables as {@code COPY ... TO STDOUT (FORMAT binary)} streams, read in one
 * repeatable-read transaction (one consistent view across tables). Plaintext: the magic line
 * {@code enclave-postgresql/1\n}, then per table its name (UTF) and the COPY bytes in chunks
 * {@code int length, bytes} ended by a 0 length; then an empty name.
 */
public final class PostgresSource implements BackupSource {
  static final byte[] MAGIC = "enclave-postgresql/1\n".getBytes(StandardCharsets.US_ASCII);

  private final PostgresTables database;

  public PostgresSource(PostgresTables database) {
    this.database = database;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.POSTGRESQL;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      for (String table : database.tables()) {
        data.writeUTF(table);
        CopyOut copy =
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT (FORMAT binary)");
        byte[] chunk;
        while ((chunk = copy.readFromCopy()) != null) {
          data.writeInt(chunk.length);
          data.write(chunk);
        }
        data.writeInt(0);
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IOException(database + ": export failed: " + e.getMessage(), e);
    }
    data.writeUTF("");
    data.flush();
  }
}
