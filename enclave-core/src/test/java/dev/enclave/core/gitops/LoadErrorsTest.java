package dev.enclave.core.gitops;

import static dev.enclave.core.gitops.Manifests.JURISDICTION;
import static dev.enclave.core.gitops.Manifests.TENANT;
import static dev.enclave.core.gitops.Manifests.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadErrorsTest {
  @TempDir Path root;
  private final GitOpsLoader loader = new GitOpsLoader();

  private List<String> errors(String yaml) {
    LoadResult result = loader.load("t.yaml", yaml);
    assertThat(result.readable()).isFalse();
    return result.errors().stream().map(LoadError::format).toList();
  }

  @Test
  void aWordWhereANumberBelongsNamesTheFieldAndLine() {
    assertThat(errors(TENANT.replace("{replicas: 1}", "\n    replicas: three")))
        .containsExactly(
            "t.yaml:10: TenantCluster/acme: spec.controlPlane.replicas:"
                + " expected a number, found \"three\"");
  }

  @Test
  void aListWhereAMapBelongsIsATypeError() {
    assertThat(errors(TENANT.replace("audit: {sink: eu-siem}", "audit: [eu-siem]")))
        .containsExactly("t.yaml:14: TenantCluster/acme: spec.audit: expected a map, found a list");
  }

  @Test
  void aNumberWhereAStringBelongsSuggestsQuotes() {
    assertThat(errors(TENANT.replace("\"1.37.2\"", "1.30")))
        .containsExactly(
            "t.yaml:8: TenantCluster/acme: spec.kubernetesVersion: expected a string,"
                + " found 1.30 (write \"1.30\" in quotes to keep it a string)");
  }

  @Test
  void aSingleValueWhereAListBelongsIsATypeErrorOnTheListItem() {
    assertThat(errors(JURISDICTION.replace("    - eu-standard", "    - [eu-standard]")))
        .containsExactly(
            "t.yaml:10: Jurisdiction/eu: spec.storageClasses[1]: expected a string, found a list");
  }

  @Test
  void aTypeErrorSkipsOnlyThatObject() {
    LoadResult result =
        loader.load(
            "t.yaml",
            JURISDICTION
                + "---\n"
                + TENANT.replace("retention", "x").replace("{replicas: 1}", "{replicas: 1.5}"));

    assertThat(result.errors())
        .extracting(LoadError::format)
        .containsExactly(
            "t.yaml:23: TenantCluster/acme: spec.controlPlane.replicas:"
                + " expected a whole number, found 1.5");
    assertThat(result.platform().jurisdictions()).hasSize(1);
    assertThat(result.platform().tenantClusters()).isEmpty();
  }

  @Test
  void anUnknownFieldIsIgnoredWithANotice() {
    LoadResult result =
        loader.load(
            "t.yaml",
            TENANT.replace("  audit:", "  auditt: {sink: x}\n  audit:")
                + "  extra:\n    - a\nfoo: bar\n");

    assertThat(result.readable()).isTrue();
    assertThat(result.notices())
        .extracting(Notice::format)
        .containsExactly(
            "t.yaml:14: TenantCluster/acme: spec.auditt: unknown field, ignored",
            "t.yaml:19: TenantCluster/acme: spec.extra: unknown field, ignored",
            "t.yaml:21: TenantCluster/acme: foo: unknown field, ignored");
    assertThat(result.platform().tenantClusters()).hasSize(1);
  }

  @Test
  void anUnknownMetadataFieldIsIgnoredWithANotice() {
    LoadResult result =
        loader.load("t.yaml", TENANT.replace("  name: acme", "  name: acme\n  nmae: x"));

    assertThat(result.notices())
        .extracting(Notice::format)
        .containsExactly("t.yaml:5: TenantCluster/acme: metadata.nmae: unknown field, ignored");
  }

  @Test
  void aMisspelledEnclaveKindIsAnErrorListingTheKnownKinds() {
    assertThat(errors(TENANT.replace("kind: TenantCluster", "kind: TenantClustr")))
        .containsExactly(
            "t.yaml:1: unknown kind \"TenantClustr\" in enclave.dev/v1alpha1;"
                + " known: Jurisdiction, DataStore, TenantCluster, AccessGrant");
  }

  @Test
  void anUnknownEnclaveVersionIsAnError() {
    assertThat(errors(TENANT.replace("enclave.dev/v1alpha1", "enclave.dev/v1")))
        .containsExactly(
            "t.yaml:1: unknown version \"v1\" of enclave.dev; known: enclave.dev/v1alpha1");
  }

  @Test
  void aMissingNameApiVersionOrKindIsAnError() {
    assertThat(errors(TENANT.replace("  name: acme\n", "")))
        .containsExactly("t.yaml:1: missing metadata.name in TenantCluster");
    assertThat(errors(TENANT.replace("apiVersion: enclave.dev/v1alpha1\n", "")))
        .containsExactly("t.yaml:1: missing apiVersion (expected enclave.dev/v1alpha1)");
    assertThat(errors("---\napiVersion: v1\nmetadata: {name: x}\n"))
        .containsExactly("t.yaml:2: missing kind");
  }

  @Test
  void aDocumentThatIsNotAMapIsAnError() {
    assertThat(errors("- a\n- b\n"))
        .containsExactly(
            "t.yaml:1: expected a Kubernetes object (a map with apiVersion and kind), found a"
                + " list");
  }

  @Test
  void malformedYamlNamesTheFileAndLineAndOtherFilesAreStillRead() {
    write(
        root,
        "a-broken.yaml",
        TENANT.replace("  audit: {sink: eu-siem}", "  audit: {sink: eu-siem\n"));
    write(root, "b-fine.yaml", JURISDICTION);

    LoadResult result = loader.load(root);

    assertThat(result.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.format()).startsWith("a-broken.yaml:16: malformed YAML: "));
    assertThat(result.platform().jurisdictions()).hasSize(1);
  }

  @Test
  void documentsBeforeASyntaxErrorAreKept() {
    LoadResult result = loader.load("t.yaml", JURISDICTION + "---\nkind: [\n");

    assertThat(result.platform().jurisdictions()).hasSize(1);
    assertThat(result.errors()).extracting(e -> e.location().line()).containsExactly(16);
  }

  @Test
  void aTabInTheIndentationIsMalformedYaml() {
    assertThat(errors(TENANT.replace("  jurisdiction: eu", "\tjurisdiction: eu")))
        .singleElement()
        .asString()
        .startsWith("t.yaml:7: malformed YAML: ")
        .contains("\\t");
  }

  @Test
  void errorsAndNoticesAreOrderedByFileThenLineADirectoryBeforeItsLaterSiblings() {
    write(root, "b.yaml", TENANT.replace("{replicas: 1}", "{replicas: x}"));
    write(root, "a/z.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    write(root, "a.yaml", "apiVersion: v1\nkind: Secret\n---\nkind: TenantCluster\n");

    LoadResult result = loader.load(root);

    assertThat(result.errors())
        .extracting(e -> e.location().toString())
        .containsExactly("a.yaml:4", "b.yaml:9");
    assertThat(result.notices())
        .extracting(n -> n.location().toString())
        .containsExactly("a/z.yaml:1", "a.yaml:1");
  }

  @Test
  void aNullListItemNamesTheItemInsteadOfFailingTheRules() {
    assertThat(errors(JURISDICTION.replace("    - eu-standard", "    - null")))
        .containsExactly(
            "t.yaml:10: Jurisdiction/eu: spec.storageClasses[1]:"
                + " a list item cannot be null; remove it or give it a value");
  }

  @Test
  void aLineBreakInANameIsPrintedEscapedSoTheErrorStaysOnOneLine() {
    assertThat(errors(TENANT.replace("name: acme", "name: \"ac\\nme\"").replace("audit: {sink: eu-siem}", "audit: [eu-siem]")))
        .singleElement()
        .satisfies(line -> assertThat(line).doesNotContain("\n").contains("TenantCluster/ac\\nme: spec.audit: "));
  }
}
