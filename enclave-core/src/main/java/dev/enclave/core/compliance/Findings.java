package dev.enclave.core.compliance;

import dev.enclave.core.model.Declared;
import java.util.List;

/** Collects the violations of one declared object, each located at the line of its field. */
final class Findings {
  private final Declared<?> declared;
  private final List<Violation> out;

  private Findings(Declared<?> declared, List<Violation> out) {
    this.declared = declared;
    this.out = out;
  }

  static Findings on(Declared<?> declared, List<Violation> out) {
    return new Findings(declared, out);
  }

  void add(String fieldPath, String message) {
    out.add(
        new Violation(
            Catalog.kindOf(declared.object()),
            Catalog.namespaceOf(declared.object()),
            Catalog.nameOf(declared.object()),
            fieldPath,
            message,
            declared.locationOf(fieldPath).orElse(null)));
  }

  /** Adds "PATH is required" when the value is null or blank; answers whether it was present. */
  boolean require(String fieldPath, Object value) {
    boolean missing = value == null || (value instanceof String s && s.isBlank());
    if (missing) {
      add(fieldPath, Messages.required(fieldPath));
    }
    return !missing;
  }
}
