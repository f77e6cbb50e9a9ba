package dev.enclave.core.gitops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Reads the Git history of a GitOps directory with JGit: one walk over the commits reachable from
 * HEAD, newest first, diffing each commit against its parents and collecting, per file under the
 * directory, the commits that touched it. Renames are followed, so a file's history includes the
 * commits made under its earlier names. A directory outside any repository is not an error.
 */
public final class GitProvenance {
  public static final int DEFAULT_COMMITS_PER_FILE = 20;

  private GitProvenance() {}

  public static Provenance read(Path dir) {
    return read(dir, DEFAULT_COMMITS_PER_FILE);
  }

  /** The history of every file under {@code dir} (or of {@code dir} itself when it is a file). */
  public static Provenance read(Path dir, int commitsPerFile) {
    Path start = dir.toAbsolutePath().normalize();
    if (Files.isRegularFile(start)) {
      start = start.getParent();
    }
    if (!Files.isDirectory(start)) {
      return Provenance.notUnderVersionControl();
    }
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toFile());
    if (builder.getGitDir() == null) {
      return Provenance.notUnderVersionControl();
    }
    try (Repository repository = builder.setMustExist(true).build()) {
      if (repository.isBare()) {
        return Provenance.notUnderVersionControl();
      }
      return read(repository, start, commitsPerFile);
    } catch (IOException | RuntimeException e) {
      String note = "Git history could not be read: " + e.getMessage();
      return new Provenance(false, null, null, null, note, Map.of());
    }
  }

  private static Provenance read(Repository repository, Path start, int cap) throws IOException {
    Path workTree = repository.getWorkTree().toPath().toRealPath();
    String prefix = workTree.relativize(start.toRealPath()).toString().replace('\\', '/');
    String full = repository.getFullBranch();
    String branch =
        full != null && full.startsWith(Constants.R_HEADS)
            ? full.substring(Constants.R_HEADS.length())
            : null;
    ObjectId head = repository.resolve(Constants.HEAD);
    if (head == null) {
      return new Provenance(true, null, branch, prefix, "no commits yet", Map.of());
    }
    Map<String, List<Commit>> commits = new HistoryWalk(repository, prefix, cap).walk(head);
    String note = "commits that touched each file, newest first, at most " + cap + " per file";
    return new Provenance(true, abbreviate(head), branch, prefix, note, commits);
  }

  static String abbreviate(ObjectId id) {
    return id.abbreviate(12).name();
  }

  /** One pass over the history, attributing each commit to the files it changed. */
  private static final class HistoryWalk {
    private final Repository repository;
    private final String prefix;
    private final int cap;
    private final Map<String, String> laterName = new HashMap<>();
    private final Map<String, List<Commit>> byFile = new LinkedHashMap<>();

    HistoryWalk(Repository repository, String prefix, int cap) {
      this.repository = repository;
      this.prefix = prefix.isEmpty() ? "" : prefix + "/";
      this.cap = cap;
    }

    Map<String, List<Commit>> walk(ObjectId head) throws IOException {
      try (RevWalk walk = new RevWalk(repository);
          DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
        diff.setRepository(repository);
        diff.setDetectRenames(true);
        if (!prefix.isEmpty()) {
          diff.setPathFilter(PathFilter.create(prefix.substring(0, prefix.length() - 1)));
        }
        walk.sort(RevSort.COMMIT_TIME_DESC);
        walk.markStart(walk.parseCommit(head));
        for (RevCommit commit : walk) {
          attribute(commit, changes(walk, diff, commit));
        }
      }
      return byFile;
    }

    private List<DiffEntry> changes(RevWalk walk, DiffFormatter diff, RevCommit commit)
        throws IOException {
      if (commit.getParentCount() == 0) {
        return diff.scan(null, commit.getTree());
      }
      if (commit.getParentCount() == 1) {
        RevCommit parent = walk.parseCommit(commit.getParent(0));
        return diff.scan(parent.getTree(), commit.getTree());
      }
      return mergeChanges(walk, diff, commit);
    }

    /** A merge touched a file only when the file differs from every parent, as in git log. */
    private List<DiffEntry> mergeChanges(RevWalk walk, DiffFormatter diff, RevCommit merge)
        throws IOException {
      List<DiffEntry> first = null;
      Set<String> common = null;
      for (RevCommit p : merge.getParents()) {
        List<DiffEntry> entries = diff.scan(walk.parseCommit(p).getTree(), merge.getTree());
        Set<String> paths = new HashSet<>();
        entries.forEach(e -> paths.add(pathOf(e)));
        if (first == null) {
          first = entries;
          common = paths;
        } else {
          common.retainAll(paths);
        }
      }
      Set<String> kept = common;
      return first.stream()
          .filter(e -> kept.contains(pathOf(e)))
          .filter(e -> e.getChangeType() != DiffEntry.ChangeType.RENAME)
          .toList();
    }

    private void attribute(RevCommit commit, List<DiffEntry> entries) {
      Commit record =
          new Commit(
              abbreviate(commit),
              commit.getAuthorIdent().getName(),
              commit.getAuthorIdent().getWhenAsInstant(),
              commit.getShortMessage());
      Set<String> files = new HashSet<>();
      for (DiffEntry entry : entries) {
        files.add(currentName(pathOf(entry)));
      }
      files.stream().sorted().forEach(file -> add(file, record));
      for (DiffEntry entry : entries) {
        if (entry.getChangeType() == DiffEntry.ChangeType.RENAME) {
          laterName.put(entry.getOldPath(), currentName(entry.getNewPath()));
        }
      }
    }

    private void add(String path, Commit commit) {
      if (!path.startsWith(prefix)) {
        return;
      }
      List<Commit> list =
          byFile.computeIfAbsent(path.substring(prefix.length()), k -> new java.util.ArrayList<>());
      if (list.size() < cap) {
        list.add(commit);
      }
    }

    private String currentName(String path) {
      return laterName.getOrDefault(path, path);
    }

    private static String pathOf(DiffEntry entry) {
      return entry.getChangeType() == DiffEntry.ChangeType.DELETE
          ? entry.getOldPath()
          : entry.getNewPath();
    }
  }
}
