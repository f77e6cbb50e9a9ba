package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.core.model.Declared;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two objects of one kind with the same namespace and name: every one after the first is refused.
 */
final class DuplicateRules {
  private DuplicateRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    Map<String, Declared<?>> first = new HashMap<>();
    for (Declared<? extends HasMetadata> declared : catalog.all()) {
      HasMetadata object = declared.object();
      String name = Catalog.nameOf(object);
      if (name == null) {
        continue;
      }
      String namespace = Catalog.namespaceOf(object);
      String id = namespace == null ? name : namespace + "/" + name;
      String key = Catalog.kindOf(object) + " " + id;
      Declared<?> original = first.putIfAbsent(key, declared);
      if (original != null) {
        Findings.on(declared, out)
            .add(
                "metadata.name",
                "duplicate "
                    + Catalog.kindOf(object)
                    + " "
                    + quote(id)
                    + "; first declared "
                    + (original.location() == null ? "earlier" : "at " + original.location()));
      }
    }
  }
}
