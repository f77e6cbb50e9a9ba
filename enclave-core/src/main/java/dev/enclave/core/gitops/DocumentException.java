package dev.enclave.core.gitops;

/** A document that cannot be read, and the line that says why. Never leaves the package. */
final class DocumentException extends RuntimeException {
  private final int line;
  private final String fieldPath;

  DocumentException(int line, String message) {
    this(line, null, message);
  }

  /** An error about one field of the document, e.g. {@code spec.audit.sink}. */
  DocumentException(int line, String fieldPath, String message) {
    super(message, null, false, false);
    this.line = line;
    this.fieldPath = fieldPath;
  }

  int line() {
    return line;
  }

  /** The field path concerned, or null when the whole document is. */
  String fieldPath() {
    return fieldPath;
  }
}
