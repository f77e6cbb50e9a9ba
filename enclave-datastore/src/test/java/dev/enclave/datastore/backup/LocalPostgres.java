package dev.enclave.datastore.backup;

import dev.enclave.testbed.Await;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.ManagedProcess;
import dev.enclave.testbed.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * TEST-ONLY, TO BE REPLACED by the testbed's {@code PostgresServer} (branch ds-provision) when the
 * branches merge: Debian's PostgreSQL 15 on 127.0.0.1 with its data under {@code dir}, run as
 * {@code nobody} (PostgreSQL refuses root), trust authentication on loopback only, stopped by pid.
 */
final class LocalPostgres implements AutoCloseable {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final List<String> AS_NOBODY = List.of("--reuid=nobody", "--regid=nogroup", "--clear-groups");

  private final ManagedProcess process;
  private final int port;

  private LocalPostgres(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static LocalPostgres start(Path dir) {
    Path data = dir.resolve("data");
    try {
      Files.createDirectories(dir);
      chownToNobody(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Command.Result init =
        Command.run(SETPRIV, concat(AS_NOBODY, BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--no-sync"), Map.of(), Duration.ofMinutes(2));
    if (init.exitCode() != 0) {
      throw new IllegalStateException("initdb failed: " + init.stdout() + init.stderr());
    }
    int port = Ports.free();
    ManagedProcess process =
        ManagedProcess.start("postgres", SETPRIV,
            concat(AS_NOBODY, BIN.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir, "-c", "fsync=off"),
            Map.of(), dir.resolve("postgres.log"));
    LocalPostgres server = new LocalPostgres(process, port);
    Await.until("PostgreSQL accepts connections", Duration.ofSeconds(60), server::answers, () -> process.tail(30));
    return server;
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
  }

  private boolean answers() {
    process.requireAlive();
    try (Connection c = connect("postgres")) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void chownToNobody(Path dir) throws IOException {
    UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Files.setOwner(p, nobody);
      }
    }
  }

  private static List<String> concat(List<String> first, String... rest) {
    return Stream.concat(first.stream(), Stream.of(rest)).toList();
  }

  @Override
  public void close() {
    process.close();
  }
}
