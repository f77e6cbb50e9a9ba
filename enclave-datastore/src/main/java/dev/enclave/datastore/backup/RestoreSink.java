package dev.enclave.datastore.backup;

import java.io.IOException;
import java.io.InputStream;

/** Where a verified, decrypted backup goes: an etcd prefix, a database. */
public interface RestoreSink {
  SourceKind kind();

  /** Refuses a destination that cannot take the backup, before anything is downloaded. */
  default void checkTarget() {}

  /** Writes the verified plaintext back; only called once every check has passed. */
  void restoreFrom(InputStream plaintext) throws IOException;
}
