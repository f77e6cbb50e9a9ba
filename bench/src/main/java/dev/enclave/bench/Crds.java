package dev.enclave.bench;

import dev.enclave.core.model.Platform;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** The Enclave CRDs as the chart installs them (deploy/helm/enclave/crds), and a platform in them. */
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

  /**
   * Every object of {@code platform}, namespaces first (its tenants' and enclave-system), then
   * Jurisdictions, DataStores and TenantClusters, as before an operator starts.
   */
  static void declare(KubernetesClient client, Platform platform) {
    Set<String> namespaces = new TreeSet<>();
    platform.tenantClusters().forEach(t -> namespaces.add(t.namespace()));
    namespaces.add("enclave-system");
    for (String namespace : namespaces) {
      client.namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    platform.jurisdictions().forEach(j -> client.resource(j.object()).create());
    platform.dataStores().forEach(d -> client.resource(d.object()).create());
    platform.tenantClusters().forEach(t -> client.resource(t.object()).create());
  }
}
