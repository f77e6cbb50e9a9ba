package dev.enclave.core.compliance;

import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.core.model.OneLine;
import dev.enclave.core.model.SourceLocation;
import java.util.Comparator;

/**
 * One broken rule: which object, which field path, and a message that says what was found and
 * what is allowed. The same text is printed by {@code enclavectl check}, returned by the admission
 * webhook and written to a TenantCluster's status.
 *
 * @param location where the field was written, or null for objects not read from a file
 */
public record Violation(
    String kind,
    String namespace,
    String name,
    String fieldPath,
    String message,
    SourceLocation location) {

  /** Order of printing: by file and line, then object, then field. Objects without a file last. */
  public static final Comparator<Violation> ORDER =
      Comparator.comparing(
              (Violation v) -> v.location() == null ? "\uffff" : v.location().file())
          .thenComparingInt(v -> v.location() == null ? 0 : v.location().line())
          .thenComparing(Violation::kind)
          .thenComparing(v -> v.namespace() == null ? "" : v.namespace())
          .thenComparing(v -> v.name() == null ? "" : v.name())
          .thenComparing(Violation::fieldPath)
          .thenComparing(Violation::message);

  /** {@code KIND/NAME}, the object as users name it. */
  public String object() {
    return kind + "/" + name;
  }

  /** {@code KIND/NAME: FIELD.PATH: message}, without the file. */
  public String describe() {
    return OneLine.of(object() + ": " + fieldPath + ": " + message);
  }

  /** {@code FILE:LINE: KIND/NAME: FIELD.PATH: message}, the line {@code enclavectl check} prints. */
  public String format() {
    return location == null ? describe() : OneLine.of(location.toString()) + ": " + describe();
  }

  public FieldViolation toFieldViolation() {
    FieldViolation v = new FieldViolation();
    v.setField(fieldPath);
    v.setMessage(message);
    return v;
  }

  @Override
  public String toString() {
    return format();
  }
}
