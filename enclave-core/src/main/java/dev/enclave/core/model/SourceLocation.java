package dev.enclave.core.model;

/** Where a declared object, or one of its fields, was written: a file relative to the GitOps root, and a 1-based line. */
public record SourceLocation(String file, int line) {

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
