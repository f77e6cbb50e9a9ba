package dev.enclave.core.gitops;

/** A document that cannot be read, and the line that says why. Never leaves the package. */
final class DocumentException extends RuntimeException {
  private final int line;

  DocumentException(int line, String message) {
    super(message, null, false, false);
    this.line = line;
  }

  int line() {
    return line;
  }
}
