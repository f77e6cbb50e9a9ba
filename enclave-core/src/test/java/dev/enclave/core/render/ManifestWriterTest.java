package dev.enclave.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneBuilder;
import dev.enclave.core.controlplane.Fixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {

  private static List<HasMetadata> render(TenantCluster tenant) {
    return ControlPlaneBuilder.build(tenant, Fixtures.eu(), Fixtures.dataStoreOf(tenant));
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void eachObjectGetsAFileNamedByPositionKindAndName(@TempDir Path out) throws IOException {
    TenantCluster tenant = Fixtures.embedded();

    ManifestWriter.write(out, tenant, render(tenant));

    List<String> files = files(out.resolve("tenants-eu").resolve("acme"));
    assertThat(files)
        .startsWith(
            "01-namespace-tc-tenants-eu-acme.yaml", "02-serviceaccount-acme-syncer.yaml")
        .endsWith("27-statefulset-acme.yaml", "28-deployment-acme-coredns.yaml");
  }

  @Test
  void writingTwiceGivesByteIdenticalFiles(@TempDir Path first, @TempDir Path second)
      throws IOException {
    TenantCluster tenant = Fixtures.postgresql();

    ManifestWriter.write(first, tenant, render(tenant));
    ManifestWriter.write(second, tenant, render(tenant));

    Path a = first.resolve("tenants-eu/globex");
    Path b = second.resolve("tenants-eu/globex");
    assertThat(files(a)).isEqualTo(files(b));
    for (String file : files(a)) {
      assertThat(Files.readAllBytes(a.resolve(file)))
          .isEqualTo(Files.readAllBytes(b.resolve(file)));
    }
  }

  @Test
  void filesOfAnEarlierRenderThatNoLongerApplyAreRemoved(@TempDir Path out) throws IOException {
    TenantCluster tenant = Fixtures.embedded();
    ManifestWriter.write(out, tenant, render(tenant));
    Path dir = out.resolve("tenants-eu/acme");
    Files.writeString(dir.resolve("README.md"), "kept");

    tenant.getSpec().setQuota(null);
    ManifestWriter.write(out, tenant, render(tenant));

    assertThat(files(dir)).noneMatch(f -> f.contains("resourcequota")).contains("README.md");
    assertThat(files(dir)).hasSize(render(tenant).size() + 1);
  }

  @Test
  void theStreamSeparatesDocumentsAndHasNoTimestamps() {
    String yaml = ManifestWriter.toYaml(render(Fixtures.embedded()));

    assertThat(yaml).startsWith("---\napiVersion: v1\nkind: Namespace\n");
    assertThat(yaml).doesNotContain("creationTimestamp");
  }
}
