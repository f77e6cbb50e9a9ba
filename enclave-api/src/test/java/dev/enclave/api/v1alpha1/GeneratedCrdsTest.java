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
 * classes. After changing an API class, regenerate them with {@code mvn -q -pl enclave-api test
 * -Denclave.updateGolden=true} and review the diff.
 */
class GeneratedCrdsTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED =
      Path.of(System.getProperty("enclave.repoRoot", "..")).resolve("deploy/crds");

  @Test
  void theCommittedCrdsAreTheGeneratedOnes() throws IOException {
    List<Path> generated = yamlFiles(GENERATED);
    assertThat(generated).extracting(p -> p.getFileName().toString()).hasSize(4);
    if (Boolean.getBoolean("enclave.updateGolden")) {
      Files.createDirectories(COMMITTED);
      for (Path file : yamlFiles(COMMITTED)) {
        Files.delete(file);
      }
      for (Path file : generated) {
        Files.copy(file, COMMITTED.resolve(file.getFileName()));
      }
    }
    assertThat(yamlFiles(COMMITTED))
        .as("deploy/crds holds one file per generated CRD and nothing else")
        .extracting(p -> p.getFileName().toString())
        .containsExactlyElementsOf(
            generated.stream().map(p -> p.getFileName().toString()).toList());
    for (Path file : generated) {
      assertThat(Files.readString(COMMITTED.resolve(file.getFileName())))
          .as("deploy/crds/%s is stale: regenerate with -Denclave.updateGolden=true", file.getFileName())
          .isEqualTo(Files.readString(file));
    }
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
