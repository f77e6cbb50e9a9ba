package dev.enclave.syncer.translate;

import java.util.List;

/** Builds refusals that say what was found and what is allowed, in one wording. */
final class Refusals {
  private Refusals() {}

  static Refusal found(String field, Object found, String allowed) {
    return new Refusal(field, "found " + quote(found) + "; allowed: " + allowed);
  }

  static void add(List<Refusal> into, String field, Object found, String allowed) {
    into.add(found(field, found, allowed));
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
