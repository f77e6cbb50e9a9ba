package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaygroundKubeconfigTest {
  @TempDir Path dir;

  @Test
  void eachHostGetsAClusterAndAContextNamedAfterItsJurisdictionThatAClientCanUse()
      throws Exception {
    Map<String, String> hosts = new LinkedHashMap<>();
    hosts.put("host-eu", "http://127.0.0.1:40001");
    hosts.put("host-uk", "http://127.0.0.1:40002");
    Path file = dir.resolve("nested/kubeconfig");

    PlaygroundKubeconfig.write(file, hosts);

    Config uk = Config.fromKubeconfig("host-uk", file.toFile());
    assertThat(uk.getMasterUrl()).startsWith("http://127.0.0.1:40002");
    assertThat(uk.isTrustCerts()).isTrue();
    assertThat(uk.getOauthToken() != null ? uk.getOauthToken() : uk.getAutoOAuthToken())
        .isEqualTo(SimulatedHost.TOKEN);
    assertThat(Config.fromKubeconfig(null, file.toFile()).getCurrentContext().getName())
        .isEqualTo("host-eu");
    assertThat(Files.readString(file)).isEqualTo(PlaygroundKubeconfig.render(hosts));
  }

  @Test
  void eachTenantClusterGetsAContextNamedNamespaceDotNameAndTheFirstHostStaysCurrent()
      throws Exception {
    Path file = dir.resolve("kubeconfig");

    PlaygroundKubeconfig.write(
        file,
        Map.of("host-eu", "http://127.0.0.1:40001"),
        Map.of("tenants-eu.acme-bank", "http://127.0.0.1:40003"));

    assertThat(Config.fromKubeconfig("tenants-eu.acme-bank", file.toFile()).getMasterUrl())
        .startsWith("http://127.0.0.1:40003");
    assertThat(Config.fromKubeconfig(null, file.toFile()).getCurrentContext().getName())
        .isEqualTo("host-eu");
  }
}
