package dev.enclave.core.gitops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manifests used by the loader tests. */
final class Manifests {
  static final String JURISDICTION =
      """
      apiVersion: enclave.dev/v1alpha1
      kind: Jurisdiction
      metadata: {name: eu}
      spec:
        displayName: European Union
        placement:
          nodeSelector: {enclave.dev/jurisdiction: eu}
        storageClasses:
          - eu-encrypted
          - eu-standard
        auditSinks:
          - name: eu-siem
            url: "https://siem.eu.example.com/k8s-audit"
      """;

  static final String TENANT =
      """
      apiVersion: enclave.dev/v1alpha1
      kind: TenantCluster
      metadata:
        name: acme
        namespace: tenants-eu
      spec:
        jurisdiction: eu
        kubernetesVersion: "1.37.2"
        controlPlane: {replicas: 1}
        dataStore:
          embedded:
            storageClass: eu-encrypted
            size: 5Gi
        audit: {sink: eu-siem}
        quota:
          pods: "200"
          requests.cpu: "64"
      """;

  static final String NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: tenants-eu
      """;

  private Manifests() {}

  static Path write(Path root, String file, String text) {
    Path path = root.resolve(file);
    try {
      Files.createDirectories(path.getParent());
      return Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String tenant(String name) {
    return TENANT.replace("name: acme", "name: " + name);
  }
}
