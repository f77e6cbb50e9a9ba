package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaygroundKubeconfigTest {
  @TempDir Path dir;

  private static String kubeconfig(String server, String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
            certificate-authority-data: Q0E=
        contexts:
        - name: x
          context: {cluster: c, user: u}
        current-context: x
        users:
        - name: u
          user: {token: %s}
        """.formatted(server, token);
  }

  @Test
  void eachEntryBecomesAContextWithItsOwnClusterAndUserAndTheFirstIsCurrent() throws Exception {
    Path file = dir.resolve("nested/kubeconfig");

    PlaygroundKubeconfig.write(
        file,
        List.of(
            PlaygroundKubeconfig.Entry.of("host-eu", kubeconfig("https://127.0.0.1:40001", "eu")),
            new PlaygroundKubeconfig.Entry(
                "tenants-eu.acme-bank",
                kubeconfig("https://acme-bank.tc-tenants-eu-acme-bank.svc:443", "acme"),
                "https://127.96.0.1:443",
                "acme-bank.tc-tenants-eu-acme-bank.svc")));

    Config host = Config.fromKubeconfig("host-eu", file.toFile());
    assertThat(host.getMasterUrl()).startsWith("https://127.0.0.1:40001");
    assertThat(host.getAutoOAuthToken()).isEqualTo("eu");
    Config tenant = Config.fromKubeconfig("tenants-eu.acme-bank", file.toFile());
    assertThat(tenant.getMasterUrl()).startsWith("https://127.96.0.1:443");
    assertThat(tenant.getAutoOAuthToken()).isEqualTo("acme");
    assertThat(Files.readString(file)).contains("tls-server-name: \"acme-bank.tc-tenants-eu-acme-bank.svc\"");
    assertThat(Config.fromKubeconfig(null, file.toFile()).getCurrentContext().getName()).isEqualTo("host-eu");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}
