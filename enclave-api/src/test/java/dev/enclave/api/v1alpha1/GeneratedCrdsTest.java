package dev.enclave.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in {@code deploy/crds/} are exactly what fabric8's crd-generator makes of the API
 * classes, and the Helm chart's {@code crds/} holds byte-identical copies (Helm installs CRDs only
 * from the chart's own directory). After changing an API class, regenerate both with {@value
 * #REFRESH} and review the diff.
 */
class GeneratedCrdsTest {
  private static final String REFRESH = "mvn -q -pl enclave-api test -Denclave.updateGolden=true";
  private static final Path REPO = Path.of(System.getProperty("enclave.repoRoot", ".."));
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = REPO.resolve("deploy/crds");
  private static final Path CHART = REPO.resolve("deploy/helm/enclave/crds");

  @Test
  void theCommittedCrdsAreTheGeneratedOnes() throws IOException {
    List<Path> generated = yamlFiles(GENERATED);
    assertThat(generated).extracting(p -> p.getFileName().toString()).hasSize(4);
    if (Boolean.getBoolean("enclave.updateGolden")) {
      replaceContents(COMMITTED, generated);
      replaceContents(CHART, generated);
    }
    assertThat(names(yamlFiles(COMMITTED)))
        .as("deploy/crds holds one file per generated CRD and nothing else")
        .containsExactlyElementsOf(names(generated));
    for (Path file : generated) {
      assertThat(Files.readString(COMMITTED.resolve(file.getFileName())))
          .as("deploy/crds/%s is stale: regenerate with %s", file.getFileName(), REFRESH)
          .isEqualTo(Files.readString(file));
    }
  }

  @Test
  void theHelmChartCarriesByteIdenticalCopiesOfTheCommittedCrds() throws IOException {
    List<Path> committed = yamlFiles(COMMITTED);
    assertThat(committed).hasSize(4);

    assertThat(names(yamlFiles(CHART)))
        .as("the chart's crds/ holds the files of deploy/crds only: refresh with %s", REFRESH)
        .containsExactlyElementsOf(names(committed));
    for (Path file : committed) {
      Path copy = CHART.resolve(file.getFileName());
      assertThat(Files.mismatch(file, copy))
          .as(
              "deploy/helm/enclave/crds/%s differs from deploy/crds/%s: refresh with %s",
              file.getFileName(), file.getFileName(), REFRESH)
          .isEqualTo(-1L);
    }
  }

  private static void replaceContents(Path dir, List<Path> files) throws IOException {
    Files.createDirectories(dir);
    for (Path file : yamlFiles(dir)) {
      Files.delete(file);
    }
    for (Path file : files) {
      Files.copy(file, dir.resolve(file.getFileName()));
    }
  }

  private static List<String> names(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void everyCrdCarriesDescriptionsValidationAndPrinterColumns() throws IOException {
    String tenants = Files.readString(GENERATED.resolve("tenantclusters.enclave.dev-v1.yml"));
    assertThat(tenants)
        .contains("scope: \"Namespaced\"")
        .contains("description: \"Jurisdiction the tenant cluster lives in.\"")
        .contains("pattern: \"^(privileged|baseline|restricted)$\"")
        .contains("additionalPrinterColumns")
        .contains("- \"jurisdiction\"")
        .contains("subresources");
    String jurisdictions = Files.readString(GENERATED.resolve("jurisdictions.enclave.dev-v1.yml"));
    assertThat(jurisdictions).contains("scope: \"Cluster\"").contains("pattern: \"^https://.+\"");
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }
}
