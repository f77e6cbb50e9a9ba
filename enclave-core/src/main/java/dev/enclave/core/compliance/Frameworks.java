package dev.enclave.core.compliance;

import java.util.List;

/** The regulatory frameworks a Jurisdiction may name in {@code spec.frameworks}. */
public final class Frameworks {
  /** Known frameworks, in the order messages list them. */
  public static final List<String> KNOWN =
      List.of("EU-DATA-ACT", "GDPR", "NIS2", "DORA", "EU-AI-ACT", "UK-GDPR", "UK-DUAA");

  private Frameworks() {}
}
