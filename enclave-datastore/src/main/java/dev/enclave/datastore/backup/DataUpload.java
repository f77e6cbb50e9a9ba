package dev.enclave.datastore.backup;

import java.io.OutputStream;

/**
 * The data object of one backup being written: {@link #close} makes it visible whole (multipart
 * completed, temp file renamed), {@link #abort} discards what was written.
 */
public abstract class DataUpload extends OutputStream {
  /** Discards everything written; the data object does not appear. Safe to call twice. */
  public abstract void abort();
}
