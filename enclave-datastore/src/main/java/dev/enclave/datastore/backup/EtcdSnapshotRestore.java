package dev.enclave.datastore.backup;

import dev.enclave.datastore.etcd.EtcdSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Restores an etcd-snapshot backup into a fresh data directory for a single-member etcd with
 * {@code etcdutl snapshot restore}, after checking etcd's own SHA-256 trailer; refuses a data
 * directory that already holds anything. The member then starts on that directory.
 */
public final class EtcdSnapshotRestore implements RestoreSink {
  private static final Duration LIMIT = Duration.ofMinutes(10);

  private final Path etcdutl;
  private final Path dataDir;
  private final String name;
  private final String peerUrl;

  /** {@code name} and {@code peerUrl}: the member's, as it will be started ({@code --name}, peer URL). */
  public EtcdSnapshotRestore(Path etcdutl, Path dataDir, String name, String peerUrl) {
    this.etcdutl = etcdutl;
    this.dataDir = dataDir;
    this.name = name;
    this.peerUrl = peerUrl;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.ETCD_SNAPSHOT;
  }

  @Override
  public void checkTarget() {
    if (Files.exists(dataDir)) {
      try (Stream<Path> entries = Files.list(dataDir)) {
        if (entries.findAny().isPresent()) {
          throw new BackupRefusedException("etcd data directory " + dataDir + " is not empty; restore a snapshot into a fresh one");
        }
      } catch (IOException e) {
        throw new BackupRefusedException("cannot read etcd data directory " + dataDir + ": " + e.getMessage());
      }
    }
  }

  @Override
  public void restoreFrom(InputStream plaintext) throws IOException {
    checkTarget();
    Files.createDirectories(dataDir.toAbsolutePath().getParent());
    Path snapshot =
        Files.createTempFile(dataDir.toAbsolutePath().getParent(), "snapshot-", ".db",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.copy(plaintext, snapshot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (!EtcdSnapshot.verify(snapshot)) {
        throw new BackupRefusedException("etcd snapshot for " + dataDir + " does not end with its own SHA-256 (not an intact snapshot)");
      }
      // etcdutl creates the directory itself and refuses one that exists.
      Files.deleteIfExists(dataDir);
      run(List.of(
          etcdutl.toString(), "snapshot", "restore", snapshot.toString(),
          "--data-dir=" + dataDir, "--name=" + name,
          "--initial-cluster=" + name + "=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl));
    } finally {
      Files.deleteIfExists(snapshot);
    }
  }

  private void run(List<String> command) throws IOException {
    Path output = Files.createTempFile("etcdutl-", ".log");
    try {
      Process process =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean exited;
      try {
        exited = process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted restoring " + dataDir);
      }
      if (!exited) {
        process.destroyForcibly();
        throw new IOException("etcdutl snapshot restore into " + dataDir + " took longer than " + LIMIT.toMinutes() + " min");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "etcdutl snapshot restore into " + dataDir + " exited " + process.exitValue() + ": "
                + Files.readString(output, StandardCharsets.UTF_8).strip());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
