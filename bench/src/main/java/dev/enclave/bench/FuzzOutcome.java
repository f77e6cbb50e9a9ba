package dev.enclave.bench;

/** What one fuzz case got from one path: accepted, rejected naming a field, or a failure. */
record FuzzOutcome(Kind kind, String detail) {
  enum Kind {
    ACCEPTED,
    REJECTED,
    /** A rejection that does not say which field (or, for unreadable YAML, which line). */
    UNNAMED,
    /** An exception, a stack trace, an unexpected exit code, a 5xx or a timeout. */
    CRASH,
    /** Not sent on this path, e.g. YAML the API server could not be sent. */
    SKIPPED
  }

  static FuzzOutcome accepted() {
    return new FuzzOutcome(Kind.ACCEPTED, null);
  }

  static FuzzOutcome rejected() {
    return new FuzzOutcome(Kind.REJECTED, null);
  }

  static FuzzOutcome unnamed(String detail) {
    return new FuzzOutcome(Kind.UNNAMED, detail);
  }

  static FuzzOutcome crash(String detail) {
    return new FuzzOutcome(Kind.CRASH, detail);
  }

  static FuzzOutcome skipped() {
    return new FuzzOutcome(Kind.SKIPPED, null);
  }

  boolean failed() {
    return kind == Kind.UNNAMED || kind == Kind.CRASH;
  }
}
