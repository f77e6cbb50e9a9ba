package dev.enclave.core.evidence.controls;

import dev.enclave.core.evidence.Crossing;
import dev.enclave.core.evidence.JurisdictionEvidence;
import dev.enclave.core.evidence.ViolationEvidence;
import java.time.Instant;
import java.util.List;

/**
 * What a control of one jurisdiction is evaluated on.
 *
 * @param crossings what the jurisdiction's tenants reach outside it
 * @param violations the violations of the jurisdiction, its data stores, tenants and grants
 * @param observed whether a live cluster was observed
 * @param undeclaredTenants tenant clusters observed live but declared nowhere in Git
 * @param now the report's time, which observed events are judged recent against
 */
public record ControlContext(
    JurisdictionEvidence jurisdiction,
    List<Crossing> crossings,
    List<ViolationEvidence> violations,
    boolean observed,
    List<String> undeclaredTenants,
    Instant now) {

  public ControlContext {
    crossings = List.copyOf(crossings);
    violations = List.copyOf(violations);
    undeclaredTenants = List.copyOf(undeclaredTenants);
  }
}
