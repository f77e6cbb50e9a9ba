package dev.enclave.core.gitops;

import dev.enclave.core.model.SourceLocation;

/**
 * Something the loader ignored and the user should know about: a foreign kind, an unknown field.
 *
 * @param location file and line
 * @param object {@code KIND/NAME} when the notice concerns one object's field, else null
 * @param fieldPath the field path within that object, or null
 */
public record Notice(SourceLocation location, String object, String fieldPath, String message) {

  static Notice at(SourceLocation location, String message) {
    return new Notice(location, null, null, message);
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
