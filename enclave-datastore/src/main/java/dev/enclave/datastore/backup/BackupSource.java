package dev.enclave.datastore.backup;

import java.io.IOException;
import java.io.OutputStream;

/** A tenant's state as a stream of plaintext: an etcd snapshot, an etcd prefix, a database. */
public interface BackupSource {
  SourceKind kind();

  /** Writes the whole state to {@code out} (which encrypts it); does not close it. */
  void writeTo(OutputStream out) throws IOException;
}
