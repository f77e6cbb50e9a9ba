package dev.enclave.core.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git provenance: who touched each declaration's file, newest first, across renames. */
class GitProvenanceTest {
  @TempDir Path repo;

  @Test
  void eachFileListsTheCommitsThatTouchedItNewestFirstWithAuthorDateAndMessage() throws Exception {
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      write("platform/eu/tenants/acme.yaml", "v1");
      write("README.md", "hello");
      commit(git, "Alice", "2024-01-10T09:00:00Z", "Add acme to the EU\n\nlong body");
      write("platform/eu/tenants/acme.yaml", "v2");
      commit(git, "Bob", "2024-02-11T10:00:00Z", "Raise acme backup retention");
      write("README.md", "changed");
      commit(git, "Carol", "2024-03-12T11:00:00Z", "Docs only");
    }

    Provenance p = GitProvenance.read(repo.resolve("platform"));

    assertThat(p.underVersionControl()).isTrue();
    assertThat(p.branch()).isEqualTo("main");
    assertThat(p.pathInRepository()).isEqualTo("platform");
    assertThat(p.commitsOf("eu/tenants/acme.yaml"))
        .extracting(Commit::author, Commit::date, Commit::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Bob", Instant.parse("2024-02-11T10:00:00Z"), "Raise acme backup retention"),
            org.assertj.core.groups.Tuple.tuple(
                "Alice", Instant.parse("2024-01-10T09:00:00Z"), "Add acme to the EU"));
    assertThat(p.commitsOf("eu/tenants/acme.yaml").get(0).id()).hasSize(12);
    assertThat(p.commitsByFile()).doesNotContainKey("README.md").doesNotContainKey("../README.md");
  }

  @Test
  void aRenamedFileKeepsTheHistoryOfItsEarlierName() throws Exception {
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      write(
          "eu/tenants/old-name.yaml",
          "apiVersion: enclave.dev/v1alpha1\nkind: TenantCluster\n"
              + "metadata: {name: bank, namespace: tenants-eu}\nspec: {jurisdiction: eu}\n");
      commit(git, "Alice", "2024-01-10T09:00:00Z", "Add bank");
      Files.move(repo.resolve("eu/tenants/old-name.yaml"), repo.resolve("eu/tenants/bank.yaml"));
      git.add().addFilepattern(".").call();
      git.rm().addFilepattern("eu/tenants/old-name.yaml").call();
      commit(git, "Dave", "2024-04-01T08:00:00Z", "Rename bank's file");
    }

    Provenance p = GitProvenance.read(repo);

    assertThat(p.commitsOf("eu/tenants/bank.yaml"))
        .extracting(Commit::author)
        .containsExactly("Dave", "Alice");
  }

  @Test
  void theHistoryIsCappedPerFile() throws Exception {
    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      for (int i = 0; i < 5; i++) {
        write("t.yaml", "v" + i);
        commit(git, "A", "2024-01-0" + (i + 1) + "T00:00:00Z", "change " + i);
      }
    }
    assertThat(GitProvenance.read(repo, 3).commitsOf("t.yaml"))
        .extracting(Commit::message)
        .containsExactly("change 4", "change 3", "change 2");
  }

  @Test
  void aDirectoryOutsideAnyRepositoryIsNotUnderVersionControlAndNotAnError() {
    Provenance p = GitProvenance.read(repo);
    assertThat(p.underVersionControl()).isFalse();
    assertThat(p.note()).isEqualTo("not under version control");
    assertThat(p.commitsOf("anything.yaml")).isEmpty();
  }

  private void write(String path, String text) throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static void commit(Git git, String author, String when, String message) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent ident =
        new PersonIdent(
            author,
            author.toLowerCase() + "@example.com",
            Date.from(Instant.parse(when)),
            TimeZone.getTimeZone("UTC"));
    git.commit().setAuthor(ident).setCommitter(ident).setMessage(message).setSign(false).call();
  }
}
