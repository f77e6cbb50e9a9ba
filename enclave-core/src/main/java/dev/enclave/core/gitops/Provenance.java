package dev.enclave.core.gitops;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Git history behind a GitOps directory: for each file (relative to that directory, as in
 * {@link dev.enclave.core.model.SourceLocation}) the commits that touched it, newest first.
 *
 * @param underVersionControl whether the directory is inside a Git repository
 * @param head the abbreviated id of the checked-out commit, or null
 * @param branch the checked-out branch, or null when detached or not in a repository
 * @param pathInRepository the directory relative to the repository's root ("" for the root)
 * @param note a sentence for readers, e.g. why there is no history
 */
public record Provenance(
    boolean underVersionControl,
    String head,
    String branch,
    String pathInRepository,
    String note,
    Map<String, List<Commit>> commitsByFile) {

  public static final String NOT_UNDER_VERSION_CONTROL = "not under version control";

  public Provenance {
    commitsByFile = commitsByFile == null ? Map.of() : new TreeMap<>(commitsByFile);
  }

  /** Provenance of a directory that is not in a Git repository: no history, and no error. */
  public static Provenance notUnderVersionControl() {
    return new Provenance(false, null, null, null, NOT_UNDER_VERSION_CONTROL, Map.of());
  }

  /** The commits that touched {@code file}, newest first; empty when none are known. */
  public List<Commit> commitsOf(String file) {
    return file == null ? List.of() : commitsByFile.getOrDefault(file, List.of());
  }
}
