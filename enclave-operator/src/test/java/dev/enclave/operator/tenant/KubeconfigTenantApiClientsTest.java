package dev.enclave.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubeconfigTenantApiClientsTest {
  private final KubeconfigTenantApiClients clients = new KubeconfigTenantApiClients();

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void aClientFromTheAdminKubeconfigTalksToTheTenantEndpointWithBoundedTimeouts() {
    KubernetesClient client = clients.clientFor(acme(), secret("token-one")).orElseThrow();

    assertThat(client.getConfiguration().getMasterUrl())
        .startsWith("https://acme.tc-tenants-eu-acme.svc:443");
    assertThat(client.getConfiguration().getConnectionTimeout()).isEqualTo(10_000);
    assertThat(client.getConfiguration().getRequestTimeout()).isEqualTo(10_000);
    assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isZero();
    assertThat(client.getConfiguration().getAutoOAuthToken()).isEqualTo("token-one");
  }

  @Test
  void oneClientIsKeptPerTenant_andRebuiltWhenItsKubeconfigChanges() {
    KubernetesClient first = clients.clientFor(acme(), secret("token-one")).orElseThrow();

    assertThat(clients.clientFor(acme(), secret("token-one"))).containsSame(first);
    KubernetesClient renewed = clients.clientFor(acme(), secret("token-two")).orElseThrow();
    assertThat(renewed).isNotSameAs(first);
    assertThat(renewed.getConfiguration().getAutoOAuthToken()).isEqualTo("token-two");
  }

  @Test
  void aSecretWithoutAKubeconfigGivesNoClient() {
    Secret empty = new SecretBuilder().withMetadata(new ObjectMetaBuilder().build()).build();

    assertThat(clients.clientFor(acme(), empty)).isEmpty();
  }

  private static TenantCluster acme() {
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(
        new ObjectMetaBuilder().withNamespace("tenants-eu").withName("acme").withUid("u1").build());
    return tenant;
  }

  private static Secret secret(String token) {
    String kubeconfig =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: acme",
            "  cluster:",
            "    server: https://127.0.0.1:6443",
            "users:",
            "- name: admin",
            "  user:",
            "    token: " + token,
            "contexts:",
            "- name: acme",
            "  context: {cluster: acme, user: admin}",
            "current-context: acme",
            "");
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName("acme-admin-kubeconfig").build())
        .withData(
            Map.of(
                "kubeconfig",
                Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))))
        .build();
  }
}
