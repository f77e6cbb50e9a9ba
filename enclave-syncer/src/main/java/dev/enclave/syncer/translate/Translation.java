package dev.enclave.syncer.translate;

import java.util.List;

/** The outcome of translating one tenant object for the host: synced as given, or refused. */
public sealed interface Translation<T> {

  /** The host object to create or update. */
  record Synced<T>(T hostObject) implements Translation<T> {}

  /** Not synced, with every reason. */
  record Refused<T>(List<Refusal> reasons) implements Translation<T> {
    public Refused {
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a refusal needs at least one reason");
      }
    }
  }

  static <T> Translation<T> synced(T hostObject) {
    return new Synced<>(hostObject);
  }

  static <T> Translation<T> refused(List<Refusal> reasons) {
    return new Refused<>(reasons);
  }
}
