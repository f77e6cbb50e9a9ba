package dev.enclave.core.gitops;

import static dev.enclave.core.gitops.Manifests.TENANT;
import static dev.enclave.core.gitops.Manifests.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlSafetyTest {
  @TempDir Path root;
  private final GitOpsLoader loader = new GitOpsLoader();

  @Test
  void aBillionLaughsAliasBombIsRefused() {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      String previous = String.valueOf((char) (c - 1));
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(("*" + previous + ", ").repeat(8)).append('*').append(previous).append("]\n");
    }

    LoadResult result = loader.load("bomb.yaml", bomb.toString());

    assertThat(result.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.format()).startsWith("bomb.yaml:").contains("aliases"));
  }

  @Test
  void aNarrowAliasBombWithinTheAliasLimitIsRefusedOnExpansion() {
    StringBuilder bomb =
        new StringBuilder(TENANT.replace("  audit:", "  x0: &x0 [lol, lol]\n  audit:"));
    for (int i = 1; i <= 24; i++) {
      bomb.append("  x").append(i).append(": &x").append(i);
      bomb.append(" [*x").append(i - 1).append(", *x").append(i - 1).append("]\n");
    }

    LoadResult result = loader.load("bomb.yaml", bomb.toString());

    assertThat(result.errors())
        .extracting(LoadError::message)
        .singleElement()
        .asString()
        .startsWith("document too large once aliases are expanded");
  }

  @Test
  void duplicateKeysAreRefused() {
    LoadResult result =
        loader.load(
            "dup.yaml", TENANT.replace("  audit: {sink: eu-siem}", "  audit: {sink: a, sink: b}"));

    assertThat(result.errors())
        .extracting(LoadError::format)
        .containsExactly(
            "dup.yaml:14: TenantCluster/acme: spec.audit.sink: duplicate key (first at line 14)");
    assertThat(result.platform().tenantClusters()).isEmpty();
  }

  @Test
  void aDuplicateTopLevelKeyIsRefused() {
    LoadResult result = loader.load("dup.yaml", TENANT + "spec: {}\n");

    assertThat(result.errors())
        .extracting(LoadError::format)
        .containsExactly("dup.yaml:18: TenantCluster/acme: spec: duplicate key (first at line 6)");
  }

  @Test
  void aRecursiveAliasIsRefused() {
    LoadResult result =
        loader.load("loop.yaml", TENANT.replace("  audit:", "  loop: &loop [*loop]\n  audit:"));

    assertThat(result.readable()).isFalse();
  }

  @Test
  void globalTagsAreRefusedAndNeverConstructJavaObjects() {
    LoadResult result =
        loader.load(
            "tag.yaml",
            TENANT.replace("eu-siem", "!!javax.script.ScriptEngineManager [!!java.net.URL [x]]"));

    assertThat(result.errors())
        .extracting(LoadError::format)
        .singleElement()
        .asString()
        .startsWith("tag.yaml:14: malformed YAML: Global tag is not allowed");
  }

  @Test
  void localTagsAreReadAsPlainValues() {
    LoadResult result = loader.load("tag.yaml", TENANT.replace("eu-siem", "!secret eu-siem"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.platform().tenantClusters().get(0).object().getSpec().getAudit().getSink())
        .isEqualTo("eu-siem");
  }

  @Test
  void aFileOverTenMegabytesIsNotRead() {
    write(root, "big.yaml", "# " + "x".repeat(11 * 1024 * 1024) + "\n");

    LoadResult result = loader.load(root);

    assertThat(result.errors())
        .extracting(LoadError::format)
        .containsExactly("big.yaml: file larger than 10 MiB, not read");
  }

  @Test
  void aFileThatIsNotUtf8IsAnErrorAndOtherFilesAreStillRead() throws Exception {
    Files.write(root.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9});
    write(root, "tenant.yaml", TENANT);

    LoadResult result = loader.load(root);

    assertThat(result.errors())
        .extracting(LoadError::format)
        .containsExactly("latin1.yaml: not valid UTF-8 text");
    assertThat(result.platform().tenantClusters()).hasSize(1);
  }
}
