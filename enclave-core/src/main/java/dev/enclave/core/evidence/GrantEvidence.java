package dev.enclave.core.evidence;

import dev.enclave.core.gitops.Commit;
import dev.enclave.core.model.SourceLocation;
import java.time.Instant;
import java.util.List;

/**
 * One break-glass AccessGrant and its state at report time.
 *
 * @param state "declared" (in Git, no live status), "pending", "active", "expired" or "denied"
 * @param grantedAt when access started, or null
 * @param expiresAt when access ends (or ended), or null
 */
public record GrantEvidence(
    String namespace,
    String name,
    String tenantCluster,
    String group,
    String role,
    String duration,
    String justification,
    String state,
    Instant grantedAt,
    Instant expiresAt,
    SourceLocation source,
    List<Commit> history) {

  public GrantEvidence {
    history = List.copyOf(history);
  }
}
