package dev.enclave.bench;

import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Enclave CRDs as the chart installs them (deploy/helm/enclave/crds). */
final class Crds {
  private Crds() {}

  /** Creates every CRD and waits until each is Established, so objects can be declared at once. */
  static void install(KubernetesClient client) throws IOException {
    Path crds = Testbed.repoRoot().resolve("deploy/helm/enclave/crds");
    List<Path> files;
    try (var list = Files.list(crds)) {
      files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        client.apiextensions().v1().customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(
                c ->
                    c != null
                        && c.getStatus() != null
                        && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                            .anyMatch(
                                x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                60,
                TimeUnit.SECONDS);
      }
    }
  }
}
