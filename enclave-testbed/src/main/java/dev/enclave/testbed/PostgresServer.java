package dev.enclave.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Debian's PostgreSQL server on 127.0.0.1 with TLS (a serving certificate for 127.0.0.1 and
 * localhost from its own CA) and only {@code hostssl ... scram-sha-256} in pg_hba.conf, as a shared
 * DataStore runs. PostgreSQL refuses to run as root, so initdb and postgres run as {@code nobody}
 * through {@code setpriv}, in a directory chowned to it; the unix socket stays in that directory.
 * The superuser {@code enclave} has a generated password. Stopped by pid with SIGINT (fast
 * shutdown), so open sessions do not hold it up.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String SUPERUSER = "enclave";
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final List<String> AS_NOBODY =
      List.of("--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");

  private final ManagedProcess process;
  private final String address;
  private final int port;
  private final String password;
  private final String caPem;
  private final Path caFile;

  private PostgresServer(
      ManagedProcess process, String address, int port, String password, String caPem, Path caFile) {
    this.process = process;
    this.address = address;
    this.port = port;
    this.password = password;
    this.caPem = caPem;
    this.caFile = caFile;
  }

  /** Initialises a cluster under {@code dir} and starts it; fails (never skips) without the binaries. */
  public static PostgresServer start(Path dir) {
    return start(dir, "127.0.0.1", Ports.free(), List.of());
  }

  /**
   * As {@link #start(Path)}, listening on {@code address:port} (a loopback address) with a serving
   * certificate also valid for {@code names}, as a store declared under those names runs.
   */
  public static PostgresServer start(Path dir, String address, int port, List<String> names) {
    Path bin = binDirectory();
    Directories.recreate(dir);
    ClusterPki pki = ClusterPki.create(dir.resolve("pki"), "postgres");
    List<String> dnsNames = new ArrayList<>(List.of("localhost"));
    dnsNames.addAll(names);
    pki.serving("server", "postgres", dnsNames, address.equals("127.0.0.1") ? List.of(address) : List.of("127.0.0.1", address));
    String password = HexFormat.of().formatHex(randomBytes(24));
    Path data = dir.resolve("data");
    Path socket = dir.resolve("socket");
    Path pwfile = dir.resolve("pwfile");
    try {
      Files.createDirectories(socket);
      Files.writeString(pwfile, password + "\n");
      Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    chownToNobody(dir);
    Command.run(SETPRIV, asNobody(bin.resolve("initdb"), List.of(
            "--pgdata=" + data, "--username=" + SUPERUSER, "--pwfile=" + pwfile,
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--encoding=UTF8",
            "--no-instructions", "--no-sync")),
        Map.of(), Duration.ofMinutes(2)).requireSuccess();
    deleteQuietly(pwfile);
    writeHba(data);
    List<String> flags = List.of(
        "-D", data.toString(),
        "-c", "listen_addresses=" + address,
        "-c", "port=" + port,
        "-c", "unix_socket_directories=" + socket,
        "-c", "ssl=on",
        "-c", "ssl_cert_file=" + pki.file("server.crt"),
        "-c", "ssl_key_file=" + pki.file("server.key"),
        "-c", "ssl_min_protocol_version=TLSv1.2",
        "-c", "password_encryption=scram-sha-256",
        "-c", "fsync=off",
        "-c", "max_connections=200");
    chownToNobody(dir);
    ManagedProcess process = ManagedProcess.start(
        "postgres", SETPRIV, asNobody(bin.resolve("postgres"), flags), Map.of(), dir.resolve("postgres.log"));
    // setpriv execs postgres in the same pid: the ledger must know it by postgres's command line.
    ProcessLedger.instance().record(process.pid(), bin.resolve("postgres"));
    PostgresServer server = new PostgresServer(process, address, port, password, pki.caPem(), pki.file("ca.crt"));
    Health.await(process, "a superuser connection", Duration.ofSeconds(60), server::answers);
    return server;
  }

  private static List<String> asNobody(Path binary, List<String> args) {
    List<String> all = new ArrayList<>(AS_NOBODY);
    all.add(binary.toString());
    all.addAll(args);
    return all;
  }

  private static void writeHba(Path data) {
    String hba = String.join("\n",
        "# Written by the testbed: TLS and SCRAM only, loopback only.",
        "local all " + SUPERUSER + " scram-sha-256",
        "hostssl all all 127.0.0.0/8 scram-sha-256",
        "");
    try {
      Files.writeString(data.resolve("pg_hba.conf"), hba);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest {@code /usr/lib/postgresql/<major>/bin} with a postgres binary. */
  static Path binDirectory() {
    Path root = Path.of("/usr/lib/postgresql");
    Path best = null;
    int bestMajor = -1;
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> majors = Files.newDirectoryStream(root)) {
        for (Path major : majors) {
          String name = major.getFileName().toString();
          if (name.matches("\\d+") && Files.isExecutable(major.resolve("bin/postgres"))
              && Integer.parseInt(name) > bestMajor) {
            bestMajor = Integer.parseInt(name);
            best = major.resolve("bin");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "/usr/lib/postgresql/<major>/bin/postgres is missing: run scripts/setup-test-deps"
              + " (installs Debian's postgresql package)");
    }
    return best;
  }

  private boolean answers() {
    try (Connection c = adminConnection("postgres")) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** A superuser connection over TLS (verify-full against the server's CA) to {@code database}. */
  public Connection adminConnection(String database) throws SQLException {
    return connect(database, SUPERUSER, password);
  }

  /** A connection as {@code user} over TLS, verify-full, to {@code database}. */
  public Connection connect(String database, String user, String userPassword) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", userPassword);
    props.setProperty("sslmode", "verify-full");
    props.setProperty("sslrootcert", caFile.toString());
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /** {@code jdbc:postgresql://ADDRESS:PORT/<database>}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + hostPort() + "/" + database;
  }

  /** {@code ADDRESS:PORT} (127.0.0.1 unless started on another address), a DataStore's endpoint. */
  public String hostPort() {
    return address + ":" + port;
  }

  public int port() {
    return port;
  }

  public String adminUser() {
    return SUPERUSER;
  }

  public String adminPassword() {
    return password;
  }

  /** The data of a DataStore admin Secret for this server (docs/datastores.md): superuser and CA. */
  public Map<String, String> adminSecretData() {
    return Map.of("username", SUPERUSER, "password", password, "ca.crt", caPem);
  }

  public String caPem() {
    return caPem;
  }

  public Path caFile() {
    return caFile;
  }

  public ManagedProcess process() {
    return process;
  }

  /** SIGINT to the postmaster's pid (fast shutdown), then the usual SIGTERM/SIGKILL fallback. */
  @Override
  public void close() {
    if (process.isAlive()) {
      Command.run(Path.of("/bin/kill"), List.of("-INT", Long.toString(process.pid())), Map.of(), Duration.ofSeconds(10));
      Instant deadline = Instant.now().plusSeconds(15);
      while (process.isAlive() && Instant.now().isBefore(deadline)) {
        sleep(100);
      }
    }
    process.close();
  }

  private static void chownToNobody(Path dir) {
    Command.run(Path.of("/bin/chown"), List.of("-R", "nobody:nogroup", dir.toString()), Map.of(), Duration.ofSeconds(30))
        .requireSuccess();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
