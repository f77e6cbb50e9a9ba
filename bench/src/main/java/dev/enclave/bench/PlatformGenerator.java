package dev.enclave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic GitOps directory: the eu and uk jurisdictions, a PostgreSQL and an etcd data
 * store, and N tenant clusters spread over ten namespaces, a third each on embedded etcd,
 * PostgreSQL and etcd, ten per file.
 */
final class PlatformGenerator {
  private PlatformGenerator() {}

  static void write(Path root, int tenants) throws IOException {
    write(root, tenants, false);
  }

  /**
   * As above; {@code selfContained}: every tenant on its own embedded etcd and without backups, so
   * that nothing an operator does for it reaches a shared store or a backup target (the example
   * endpoints are not on this machine), and without policy bundles: the benchmarks that run an
   * operator give every tenant one shared tenant API server, where the eu and uk tenants'
   * same-named policies (their jurisdiction's data baked in) would overwrite each other.
   */
  static void write(Path root, int tenants, boolean selfContained) throws IOException {
    Files.createDirectories(root);
    Files.writeString(root.resolve("jurisdictions.yaml"), jurisdiction("eu") + "---\n" + jurisdiction("uk"));
    Files.writeString(root.resolve("datastores.yaml"),
        dataStore("eu-postgres-1", "eu", "postgresql", "postgres.eu.example.com:5432") + "---\n"
            + dataStore("uk-etcd-1", "uk", "etcd", "etcd.uk.example.com:2379"));
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < tenants; i++) {
      file.append(file.length() == 0 ? "" : "---\n").append(selfContained ? selfContainedTenant(i) : tenant(i));
      if (i % 10 == 9 || i == tenants - 1) {
        Path dir = root.resolve("tenants").resolve("ns-" + (i / 10) % 10);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tenants-" + i / 10 + ".yaml"), file.toString());
        file.setLength(0);
      }
    }
  }

  private static String jurisdiction(String name) {
    return """
        apiVersion: enclave.dev/v1alpha1
        kind: Jurisdiction
        metadata:
          name: %1$s
        spec:
          displayName: Jurisdiction %1$s
          frameworks: [NIS2]
          placement:
            nodeSelector:
              enclave.dev/jurisdiction: %1$s
          storageClasses: [%1$s-encrypted]
          auditSinks:
            - name: %1$s-siem
              url: https://siem.%1$s.example.com/k8s-audit
          keyManagement:
            kmsEndpoint: unix:///var/run/kmsplugin/%1$s.sock
          backupTargets:
            - name: %1$s-backups
              s3: {endpoint: "https://s3.%1$s.example.com", bucket: enclave-%1$s, region: %1$s-1}
          registries: [registry.%1$s.example.com]
          kubernetesVersions:
            allowed: ["1.36", "1.37"]
          adminGroups: [%1$s-oncall]
        """.formatted(name);
  }

  private static String dataStore(String name, String jurisdiction, String driver, String endpoint) {
    return """
        apiVersion: enclave.dev/v1alpha1
        kind: DataStore
        metadata:
          name: %s
        spec:
          jurisdiction: %s
          driver: %s
          endpoints: ["%s"]
          credentialsSecretRef: {name: %s-admin, namespace: enclave-system}
        """.formatted(name, jurisdiction, driver, endpoint, name);
  }

  /** Tenant {@code i} on embedded etcd, with no backup or policy section. */
  static String selfContainedTenant(int i) {
    String jurisdiction = i % 2 == 0 ? "eu" : "uk";
    return tenant(i)
        .replaceFirst("dataStore:\n    .*\n", "dataStore:\n    embedded: {storageClass: " + jurisdiction + "-encrypted, size: 5Gi}\n")
        .replaceFirst("  backup: \\{[^\n]*\n", "")
        .replaceFirst("  policy: \\{[^\n]*\n", "");
  }

  static String tenant(int i) {
    String jurisdiction = i % 2 == 0 ? "eu" : "uk";
    String dataStore =
        switch (i % 3) {
          case 0 -> "embedded: {storageClass: " + jurisdiction + "-encrypted, size: 5Gi}";
          default -> "ref: " + (jurisdiction.equals("eu") ? "eu-postgres-1" : "uk-etcd-1");
        };
    return """
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata:
          name: tenant-%1$d
          namespace: ns-%2$d
        spec:
          jurisdiction: %3$s
          kubernetesVersion: "%4$s"
          controlPlane: {replicas: %5$d}
          dataStore:
            %6$s
          audit: {sink: %3$s-siem}
          backup: {target: %3$s-backups, schedule: "0 */6 * * *", retention: 14}
          isolation: {podSecurity: restricted}
          policy: {bundles: [residency]}
          quota: {pods: "100", requests.cpu: "16"}
        """.formatted(i, (i / 10) % 10, jurisdiction, i % 4 == 0 ? "1.36.3" : "1.37.2",
            i % 5 == 0 ? 3 : 1, dataStore);
  }
}
