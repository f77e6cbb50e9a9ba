package dev.enclave.datastore.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Backups in a directory: each object written to a temp name, fsynced, renamed atomically into
 * place and its directory fsynced, so a crash leaves either the whole object or none.
 */
public final class FilesystemBackupTarget implements BackupTarget {
  private final Path root;

  public FilesystemBackupTarget(Path root) {
    this.root = root.toAbsolutePath();
  }

  @Override
  public String describe() {
    return "filesystem target " + root;
  }

  @Override
  public DataUpload upload(BackupPath path) {
    Path finalFile = root.resolve(path.data());
    Path temp = finalFile.resolveSibling(BackupPath.DATA + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(finalFile.getParent());
      FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new FileUpload(channel, temp, finalFile);
    } catch (IOException e) {
      throw new UncheckedIOException(describe() + ": cannot create " + temp, e);
    }
  }

  @Override
  public void putManifest(BackupPath path, byte[] json) {
    try (DataUpload upload = uploadTo(root.resolve(path.manifest()))) {
      upload.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(describe() + ": cannot write " + path.manifest(), e);
    }
  }

  private DataUpload uploadTo(Path file) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.createDirectories(file.getParent());
    return new FileUpload(FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), temp, file);
  }

  @Override
  public Optional<byte[]> manifest(BackupPath path) {
    Path file = root.resolve(path.manifest());
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(describe() + ": cannot read " + file, e);
    }
  }

  @Override
  public Optional<Long> dataSize(BackupPath path) {
    Path file = root.resolve(path.data());
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.size(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(describe() + ": cannot read " + file, e);
    }
  }

  @Override
  public InputStream openData(BackupPath path) {
    try {
      return Files.newInputStream(root.resolve(path.data()));
    } catch (IOException e) {
      throw new UncheckedIOException(describe() + ": cannot open " + path.data(), e);
    }
  }

  @Override
  public List<String> backupIds(String tenantFolder) {
    Path folder = root.resolve(tenantFolder);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(describe() + ": cannot list " + folder, e);
    }
  }

  @Override
  public void delete(BackupPath path) {
    Path folder = root.resolve(path.folder());
    try {
      Files.deleteIfExists(folder.resolve(BackupPath.MANIFEST));
      if (Files.isDirectory(folder)) {
        try (Stream<Path> rest = Files.list(folder)) {
          for (Path file : rest.toList()) {
            Files.delete(file);
          }
        }
        Files.delete(folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(describe() + ": cannot delete " + folder, e);
    }
  }

  /** A temp file renamed into place on close. */
  private static final class FileUpload extends DataUpload {
    private final FileChannel channel;
    private final OutputStream out;
    private final Path temp;
    private final Path target;
    private boolean done;

    FileUpload(FileChannel channel, Path temp, Path target) {
      this.channel = channel;
      this.out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
      this.temp = temp;
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      out.flush();
      channel.force(true);
      channel.close();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    }

    @Override
    public void abort() {
      if (done) {
        return;
      }
      done = true;
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot discard " + temp, e);
      }
    }
  }
}
