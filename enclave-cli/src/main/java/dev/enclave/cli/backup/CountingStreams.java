package dev.enclave.cli.backup;

import dev.enclave.datastore.backup.BackupPath;
import dev.enclave.datastore.backup.BackupSource;
import dev.enclave.datastore.backup.BackupTarget;
import dev.enclave.datastore.backup.DataUpload;
import dev.enclave.datastore.backup.SourceKind;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/** A backup source and a backup target whose transfers are counted into a {@link TransferProgress}. */
final class CountingStreams {
  private CountingStreams() {}

  static BackupSource source(BackupSource source, TransferProgress progress) {
    return new BackupSource() {
      @Override
      public SourceKind kind() {
        return source.kind();
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        source.writeTo(
            new FilterOutputStream(out) {
              @Override
              public void write(int b) throws IOException {
                out.write(b);
                progress.add(1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                progress.add(len);
              }
            });
      }
    };
  }

  /** {@code target} whose data downloads are counted. */
  static BackupTarget downloads(BackupTarget target, TransferProgress progress) {
    return new BackupTarget() {
      @Override
      public String describe() {
        return target.describe();
      }

      @Override
      public DataUpload upload(BackupPath path) {
        return target.upload(path);
      }

      @Override
      public void putManifest(BackupPath path, byte[] json) {
        target.putManifest(path, json);
      }

      @Override
      public Optional<byte[]> manifest(BackupPath path) {
        return target.manifest(path);
      }

      @Override
      public Optional<Long> dataSize(BackupPath path) {
        return target.dataSize(path);
      }

      @Override
      public InputStream openData(BackupPath path) {
        return new FilterInputStream(target.openData(path)) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
              progress.add(1);
            }
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
              progress.add(n);
            }
            return n;
          }
        };
      }

      @Override
      public List<String> backupIds(String tenantFolder) {
        return target.backupIds(tenantFolder);
      }

      @Override
      public void delete(BackupPath path) {
        target.delete(path);
      }

      @Override
      public void close() {
        target.close();
      }
    };
  }
}
