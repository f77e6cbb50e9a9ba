package dev.enclave.datastore.backup;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backups are kept (an S3 bucket, a directory): objects under {@link BackupPath}s, the data
 * object written before the manifest, so a backup without a manifest is not complete.
 */
public interface BackupTarget extends AutoCloseable {
  /** What this target is, for messages: kind, name, bucket or directory. */
  String describe();

  /** Starts writing the data object of {@code path}. */
  DataUpload upload(BackupPath path);

  /** Writes the manifest of {@code path}, last. */
  void putManifest(BackupPath path, byte[] json);

  Optional<byte[]> manifest(BackupPath path);

  /** Size of the data object, or empty when there is none. */
  Optional<Long> dataSize(BackupPath path);

  InputStream openData(BackupPath path);

  /** Ids of every backup folder under {@code tenantFolder}, complete or not. */
  List<String> backupIds(String tenantFolder);

  /** Deletes the manifest first, then the data. */
  void delete(BackupPath path);

  @Override
  default void close() {}
}
