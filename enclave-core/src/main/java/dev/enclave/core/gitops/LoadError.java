package dev.enclave.core.gitops;

import dev.enclave.core.model.SourceLocation;

/**
 * Input the loader could not read: malformed YAML, a missing name, a value of the wrong type. The
 * object is skipped; {@code enclavectl check} exits 2 when there is any.
 *
 * @param location file and line; line 0 when the whole file or root is concerned
 * @param object {@code KIND/NAME} when the error concerns one object, else null
 * @param fieldPath the field path within that object, e.g. {@code spec.controlPlane.replicas}, or
 *     null
 */
public record LoadError(SourceLocation location, String object, String fieldPath, String message) {

  static LoadError at(SourceLocation location, String message) {
    return new LoadError(location, null, null, message);
  }

  /** {@code FILE:LINE: message}, or {@code FILE:LINE: KIND/NAME: FIELD.PATH: message}. */
  public String format() {
    return Locations.format(location, object, fieldPath, message);
  }

  @Override
  public String toString() {
    return format();
  }
}
