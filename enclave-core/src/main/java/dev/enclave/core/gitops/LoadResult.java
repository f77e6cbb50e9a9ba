package dev.enclave.core.gitops;

import dev.enclave.core.model.Platform;
import java.util.List;

/**
 * What a GitOps directory declares, with what was ignored and what could not be read.
 *
 * @param platform every Enclave object read, in file order
 * @param notices ignored kinds and fields, by file and line
 * @param errors unreadable input, by file and line; objects concerned are not in the platform
 */
public record LoadResult(Platform platform, List<Notice> notices, List<LoadError> errors) {

  public LoadResult {
    notices = List.copyOf(notices);
    errors = List.copyOf(errors);
  }

  /** True when every file and object could be read. */
  public boolean readable() {
    return errors.isEmpty();
  }
}
