package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiFixtures.CLOCK;
import static dev.enclave.core.pki.PkiFixtures.chainsTo;
import static dev.enclave.core.pki.PkiFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KubeconfigTest {
  private static final String SERVER = "https://acme.tc-tenants-eu-acme.svc:443";

  private final CertificateAuthority ca = CertificateAuthority.create("acme-ca", CLOCK, seeded(1));
  private final IssuedCertificate client =
      ca.issue(LeafProfile.client("system:kube-scheduler"), CLOCK, seeded(2));
  private final Kubeconfig kubeconfig =
      new Kubeconfig("acme", SERVER, ca.certificate(), "system:kube-scheduler", client);

  @Test
  void itIsYamlWithOneClusterUserAndContextInAFixedOrder() throws Exception {
    JsonNode root = new YAMLMapper().readTree(kubeconfig.toYaml());

    assertThat(root.fieldNames())
        .toIterable()
        .containsExactly("apiVersion", "kind", "clusters", "contexts", "current-context", "users");
    assertThat(root.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(root.path("kind").asText()).isEqualTo("Config");
    assertThat(root.path("clusters").path(0).path("cluster").path("server").asText())
        .isEqualTo(SERVER);
    assertThat(root.path("contexts").path(0).path("name").asText())
        .isEqualTo("system:kube-scheduler@acme");
    assertThat(root.path("current-context").asText()).isEqualTo("system:kube-scheduler@acme");
    assertThat(root.path("users").path(0).path("user").fieldNames())
        .toIterable()
        .containsExactly("client-certificate-data", "client-key-data");
  }

  @Test
  void theFabric8ClientReadsItAsTheKubernetesConfigType() {
    Config config = KubeConfigUtils.parseConfigFromString(kubeconfig.toYaml());

    assertThat(config.getCurrentContext()).isEqualTo("system:kube-scheduler@acme");
    assertThat(config.getContexts().get(0).getContext().getCluster()).isEqualTo("acme");
    assertThat(config.getContexts().get(0).getContext().getUser())
        .isEqualTo("system:kube-scheduler");
    assertThat(config.getClusters().get(0).getCluster().getServer()).isEqualTo(SERVER);
    assertThat(config.getUsers().get(0).getUser().getClientKeyData()).isNotBlank();
  }

  @Test
  void theEmbeddedClientCertificateChainsToTheEmbeddedCa() throws Exception {
    JsonNode root = new YAMLMapper().readTree(kubeconfig.toYaml());
    String caPem =
        base64(root.path("clusters").path(0).path("cluster"), "certificate-authority-data");
    String certPem = base64(root.path("users").path(0).path("user"), "client-certificate-data");

    assertThat(chainsTo(Pem.readCertificate(certPem), Pem.readCertificate(caPem))).isTrue();
  }

  @Test
  void itRoundTripsThroughParse() {
    Kubeconfig parsed = Kubeconfig.parse(kubeconfig.toYaml());

    assertThat(parsed.toYaml()).isEqualTo(kubeconfig.toYaml());
    assertThat(parsed.client()).isEqualTo(client);
    assertThat(parsed.server()).isEqualTo(SERVER);
  }

  @Test
  void theSameCredentialsRenderTheSameBytes() {
    Kubeconfig again =
        new Kubeconfig("acme", SERVER, ca.certificate(), "system:kube-scheduler", client);

    assertThat(again.toYaml()).isEqualTo(kubeconfig.toYaml());
  }

  @Test
  void aMissingFieldIsNamedByItsPath() {
    String withoutKey = kubeconfig.toYaml().replaceAll("(?m)^ *client-key-data:.*\n", "");

    assertThatThrownBy(() -> Kubeconfig.parse(withoutKey))
        .hasMessage("kubeconfig: missing users[0].user.client-key-data");
  }

  @Test
  void malformedYamlIsRefusedWithoutEchoingItsContent() {
    String broken = kubeconfig.toYaml() + "  - : [\n";

    assertThatThrownBy(() -> Kubeconfig.parse(broken))
        .hasMessageStartingWith("kubeconfig is not valid YAML (line ")
        .hasNoCause();
  }

  @Test
  void toStringNamesTheContextButHoldsNoKey() {
    assertThat(kubeconfig.toString())
        .contains("system:kube-scheduler@acme", SERVER)
        .doesNotContain("PRIVATE KEY", base64Of(client.privateKeyPem()).substring(0, 40));
  }

  private static String base64(JsonNode node, String field) {
    return new String(
        Base64.getDecoder().decode(node.path(field).asText()), StandardCharsets.UTF_8);
  }

  private static String base64Of(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
