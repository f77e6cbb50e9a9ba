package dev.enclave.core.evidence.controls;

import java.util.List;

/**
 * One regulatory control evaluated for one jurisdiction, with the evidence behind the outcome.
 *
 * @param id stable identifier, e.g. "EU-DATA-ACT-28"
 * @param article the article cited, e.g. "Art. 28"
 * @param requirement what the article asks, briefly
 * @param evidence one line per fact that decided the outcome
 * @param objects the objects the facts come from, as {@code KIND/NAMESPACE/NAME} or {@code
 *     KIND/NAME}
 */
public record ControlResult(
    String id,
    String framework,
    String article,
    String title,
    String requirement,
    ControlStatus status,
    List<String> evidence,
    List<String> objects) {

  public ControlResult {
    evidence = List.copyOf(evidence);
    objects = List.copyOf(objects);
  }
}
