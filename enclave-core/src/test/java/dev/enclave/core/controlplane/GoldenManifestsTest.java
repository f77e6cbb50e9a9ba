package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.render.ManifestWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rendered manifests of three representative tenants, compared with {@code
 * src/test/resources/golden/<case>.yaml}. After an intended change, regenerate them with {@code mvn
 * -o -q -pl enclave-api,enclave-core test -Denclave.updateGolden=true} and review the diff.
 */
class GoldenManifestsTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("embedded-etcd", (Supplier<TenantCluster>) Fixtures::embedded),
        Arguments.of("postgresql", (Supplier<TenantCluster>) Fixtures::postgresql),
        Arguments.of("external-etcd", (Supplier<TenantCluster>) Fixtures::externalEtcd));
  }

  @ParameterizedTest(name = "{0} renders as its golden file")
  @MethodSource("cases")
  void rendersAsItsGoldenFile(String name, Supplier<TenantCluster> tenant) throws IOException {
    String rendered = ManifestWriter.toYaml(Rendered.of(tenant.get()));
    Path golden = GOLDEN.resolve(name + ".yaml");
    if (Boolean.getBoolean("enclave.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, rendered, StandardCharsets.UTF_8);
    }

    assertThat(golden).as("golden file; regenerate with -Denclave.updateGolden=true").exists();
    assertThat(rendered)
        .as(
            "%s differs from %s; if intended, regenerate with -Denclave.updateGolden=true",
            name, golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
