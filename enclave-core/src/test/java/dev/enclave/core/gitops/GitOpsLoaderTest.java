package dev.enclave.core.gitops;

import static dev.enclave.core.gitops.Manifests.JURISDICTION;
import static dev.enclave.core.gitops.Manifests.NAMESPACE;
import static dev.enclave.core.gitops.Manifests.TENANT;
import static dev.enclave.core.gitops.Manifests.tenant;
import static dev.enclave.core.gitops.Manifests.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.SourceLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitOpsLoaderTest {
  @TempDir Path root;
  private final GitOpsLoader loader = new GitOpsLoader();

  @Test
  void aMultiDocumentFileYieldsEachEnclaveObjectWithItsFileAndLine() {
    write(root, "platform.yaml", JURISDICTION + "---\n" + NAMESPACE + "---\n" + TENANT);

    LoadResult result = loader.load(root);

    assertThat(result.readable()).isTrue();
    assertThat(result.platform().jurisdictions())
        .singleElement()
        .satisfies(j -> assertThat(j.location()).isEqualTo(new SourceLocation("platform.yaml", 1)));
    Declared<TenantCluster> acme = result.platform().tenantClusters().get(0);
    assertThat(acme.location()).isEqualTo(new SourceLocation("platform.yaml", 20));
    assertThat(acme.namespace()).isEqualTo("tenants-eu");
    assertThat(acme.object().getSpec().getDataStore().getEmbedded().getStorageClass())
        .isEqualTo("eu-encrypted");
    assertThat(acme.object().getSpec().getQuota()).containsEntry("requests.cpu", "64");
  }

  @Test
  void aForeignKindIsIgnoredWithANotice() {
    write(root, "platform.yaml", JURISDICTION + "---\n" + NAMESPACE);

    LoadResult result = loader.load(root);

    assertThat(result.readable()).isTrue();
    assertThat(result.notices())
        .extracting(Notice::format)
        .containsExactly("platform.yaml:15: ignoring v1/Namespace tenants-eu: not an Enclave kind");
  }

  @Test
  void aForeignObjectWithoutANameIsStillOnlyANotice() {
    write(
        root,
        "kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n");

    LoadResult result = loader.load(root);

    assertThat(result.errors()).isEmpty();
    assertThat(result.notices())
        .extracting(Notice::format)
        .containsExactly(
            "kustomization.yaml:1: ignoring kustomize.config.k8s.io/v1beta1/Kustomization:"
                + " not an Enclave kind");
  }

  @Test
  void nestedDirectoriesAreReadInPathOrderSegmentBySegment() {
    write(root, "tenants/eu/b.yaml", tenant("b"));
    write(root, "tenants/eu/a.yml", tenant("a"));
    write(root, "tenants-z.yaml", tenant("z"));
    write(root, "tenants/0.yaml", tenant("zero"));
    write(root, "jurisdictions.yaml", JURISDICTION);

    LoadResult result = loader.load(root);

    assertThat(result.platform().tenantClusters())
        .extracting(d -> d.location().file() + " " + d.name())
        .containsExactly(
            "tenants/0.yaml zero", "tenants/eu/a.yml a", "tenants/eu/b.yaml b", "tenants-z.yaml z");
    assertThat(result.platform().jurisdictions()).hasSize(1);
  }

  @Test
  void hiddenDirectoriesHiddenFilesAndOtherExtensionsAreSkipped() {
    write(root, ".git/objects/tenant.yaml", "not: [valid");
    write(root, ".github/workflows/ci.yml", "on: push\n");
    write(root, ".pre-commit-config.yaml", "repos: []\n");
    write(root, "README.md", "# platform\n");
    write(root, "tenant.yaml.bak", "broken: [");
    write(root, "tenant.yaml", TENANT);

    LoadResult result = loader.load(root);

    assertThat(result.errors()).isEmpty();
    assertThat(result.notices()).isEmpty();
    assertThat(result.platform().tenantClusters()).hasSize(1);
  }

  @Test
  void emptyAndNullDocumentsAreSkippedSilently() {
    write(root, "empty.yaml", "");
    write(root, "comments.yaml", "# nothing here yet\n");
    write(root, "separators.yaml", "---\n---\n~\n---\n" + TENANT + "---\n");

    LoadResult result = loader.load(root);

    assertThat(result.errors()).isEmpty();
    assertThat(result.notices()).isEmpty();
    assertThat(result.platform().tenantClusters())
        .singleElement()
        .satisfies(t -> assertThat(t.location().line()).isEqualTo(5));
  }

  @Test
  void aSingleFileAsRootIsLoadedOnItsOwn() {
    Path file = write(root, "deep/dir/tenant.yaml", TENANT);

    LoadResult result = loader.load(file);

    assertThat(result.platform().tenantClusters())
        .singleElement()
        .satisfies(t -> assertThat(t.location()).isEqualTo(new SourceLocation("tenant.yaml", 1)));
  }

  @Test
  void aMissingRootIsASingleError() {
    LoadResult result = loader.load(root.resolve("nope"));

    assertThat(result.readable()).isFalse();
    assertThat(result.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.format()).endsWith("nope: no such file or directory"));
    assertThat(result.platform().size()).isZero();
  }

  @Test
  void inMemoryYamlIsReadUnderTheGivenName() {
    LoadResult result = loader.load("admission-request", JURISDICTION + "---\n" + TENANT);

    assertThat(result.platform().size()).isEqualTo(2);
    assertThat(result.platform().tenantClusters().get(0).location())
        .isEqualTo(new SourceLocation("admission-request", 15));
  }

  @Test
  void aThousandTenantClustersInOneFileAreAllRead() {
    StringBuilder many = new StringBuilder(JURISDICTION);
    for (int i = 0; i < 1000; i++) {
      many.append("---\n").append(tenant("t" + i));
    }

    LoadResult result = loader.load("many.yaml", many.toString());

    assertThat(result.readable()).isTrue();
    assertThat(result.platform().tenantClusters()).hasSize(1000);
    assertThat(result.platform().tenantClusters().get(999).name()).isEqualTo("t999");
  }
}
