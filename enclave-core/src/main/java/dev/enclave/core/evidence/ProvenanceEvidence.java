package dev.enclave.core.evidence;

/**
 * Where the declarations come from: the Git repository state, or "not under version control".
 * Per-object commits are on each object's {@code history}.
 */
public record ProvenanceEvidence(
    boolean underVersionControl,
    String head,
    String branch,
    String pathInRepository,
    String note) {}
