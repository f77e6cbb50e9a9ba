package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlaygroundCommandTest {
  private static final String JURISDICTION =
      """
      apiVersion: enclave.dev/v1alpha1
      kind: Jurisdiction
      metadata:
        name: eu
      spec:
        displayName: European Union
        frameworks: [GDPR]
        placement:
          nodeSelector:
            enclave.dev/jurisdiction: eu
          tolerations:
            - key: enclave.dev/dedicated
              operator: Equal
              value: eu
              effect: NoSchedule
        storageClasses: [eu-encrypted]
        auditSinks:
          - name: eu-siem
            url: https://siem.eu.example.com/k8s-audit
        keyManagement:
          kmsEndpoint: unix:///var/run/kmsplugin/eu.sock
        backupTargets:
          - name: eu-backups
            s3:
              endpoint: https://s3.eu.example.com
              bucket: enclave-eu
              region: eu-central-1
        registries: [registry.eu.example.com]
        kubernetesVersions:
          allowed: ["1.36", "1.37"]
        adminGroups: [eu-platform-oncall]
      """;

  @TempDir Path work;

  // Runs that start hosts are PlaygroundIT's: they need the component cache and real processes.

  @Test
  void whenNodesIsBelowOneThenOneLineSaysSoAndTheExitCodeIsTwo() throws IOException {
    Run run = play(tenant("acme", "1.37.2"), "--once", "--nodes", "0");

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err.strip()).isEqualTo("enclavectl playground: --nodes 0: must be 1 or more");
  }

  @Test
  void whenTheDirectoryHoldsMalformedYamlThenTheErrorsArePrintedAndTheExitCodeIsTwo()
      throws IOException {
    Run run = play("kind: TenantCluster\nmetadata: [unclosed\n", "--once");

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err).contains("platform.yaml").doesNotContain("Exception");
  }

  @Test
  void whenTheDirectoryDoesNotExistThenOneLineSaysSoAndTheExitCodeIsTwo() {
    Run run = execute(work.resolve("missing").toString(), "--once");

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err.strip()).endsWith("missing: not a directory").doesNotContain("\n");
  }

  private Run play(String tenants, String... options) throws IOException {
    Path dir = Files.createDirectories(work.resolve("platform"));
    Files.writeString(dir.resolve("jurisdiction.yaml"), JURISDICTION);
    Files.writeString(dir.resolve("platform.yaml"), tenants);
    List<String> args = new ArrayList<>(List.of(dir.toString()));
    args.addAll(List.of(options));
    return execute(args.toArray(String[]::new));
  }

  private Run execute(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig-out", work.resolve("kubeconfig").toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new PlaygroundCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static String tenant(String name, String version) {
    return """
    apiVersion: enclave.dev/v1alpha1
    kind: TenantCluster
    metadata:
      name: %s
      namespace: tenants-eu
    spec:
      jurisdiction: eu
      kubernetesVersion: "%s"
      controlPlane:
        replicas: 1
      dataStore:
        embedded:
          storageClass: eu-encrypted
          size: 5Gi
      audit:
        sink: eu-siem
      backup:
        target: eu-backups
        schedule: "0 */6 * * *"
        retention: 14
    """
        .formatted(name, version);
  }

  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }
}
