package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerFlagsTest {

  private static Map<String, String> flags(TenantCluster tenant) {
    return ApiServerFlags.of(Fixtures.model(tenant)).asMap();
  }

  @Test
  void profilingIsOffAndAuthorizationIsNodeAndRbacNeverAlwaysAllow() {
    Map<String, String> flags = flags(Fixtures.embedded());

    assertThat(flags).containsEntry("profiling", "false");
    assertThat(flags.get("authorization-mode")).contains("RBAC").doesNotContain("AlwaysAllow");
    assertThat(flags).containsEntry("authorization-mode", "Node,RBAC");
    assertThat(flags).containsEntry("enable-admission-plugins", "NodeRestriction");
  }

  @Test
  void anonymousAccessIsNeverEnabledByFlagButByTheHealthOnlyAuthenticationConfig() {
    Map<String, String> flags = flags(Fixtures.embedded());

    assertThat(flags.get("anonymous-auth")).isNotEqualTo("true");
    assertThat(flags)
        .containsEntry("authentication-config", "/etc/kubernetes/authentication/config.yaml");
  }

  @Test
  void tlsIsAtLeast12WithForwardSecretAeadSuitesOnly() {
    Map<String, String> flags = flags(Fixtures.embedded());

    assertThat(flags).containsEntry("tls-min-version", "VersionTLS12");
    assertThat(List.of(flags.get("tls-cipher-suites").split(",")))
        .isNotEmpty()
        .allSatisfy(
            suite -> {
              assertThat(suite).startsWith("TLS_ECDHE_");
              assertThat(suite).containsAnyOf("_GCM_", "_CHACHA20_POLY1305");
            });
  }

  @Test
  void theApiServerServesOn6443WithItsOwnCertificateAndTheClusterCa() {
    assertThat(flags(Fixtures.embedded()))
        .containsEntry("secure-port", "6443")
        .containsEntry("bind-address", "0.0.0.0")
        .containsEntry("client-ca-file", "/etc/kubernetes/pki/ca/ca.crt")
        .containsEntry("tls-cert-file", "/etc/kubernetes/pki/apiserver/tls.crt")
        .containsEntry("tls-private-key-file", "/etc/kubernetes/pki/apiserver/tls.key")
        .containsKeys("request-timeout", "service-cluster-ip-range");
  }

  @Test
  void serviceAccountTokensAreSignedAndIssuedByTheTenantsEndpoint() {
    assertThat(flags(Fixtures.embedded()))
        .containsEntry("service-account-issuer", "https://acme.tc-tenants-eu-acme.svc")
        .containsEntry("service-account-key-file", "/etc/kubernetes/pki/sa/sa.pub")
        .containsEntry("service-account-signing-key-file", "/etc/kubernetes/pki/sa/sa.key");
  }

  @Test
  void secretsAreEncryptedWithAnAutomaticallyReloadedProviderConfig() {
    assertThat(flags(Fixtures.embedded()))
        .containsEntry("encryption-provider-config", "/etc/kubernetes/encryption/config.yaml")
        .containsEntry("encryption-provider-config-automatic-reload", "true");
  }

  @Test
  void aTenantWithAnAuditSinkSendsEventsByBatchedWebhookOnly() {
    assertThat(flags(Fixtures.embedded()))
        .containsEntry("audit-policy-file", "/etc/kubernetes/audit/policy.yaml")
        .containsEntry("audit-webhook-config-file", "/etc/kubernetes/audit-webhook/kubeconfig")
        .containsEntry("audit-webhook-mode", "batch")
        .doesNotContainKey("audit-log-path");
  }

  @Test
  void aTenantWithoutAnAuditSinkLogsToStdoutAndHasNoWebhook() {
    assertThat(flags(Fixtures.externalEtcd()))
        .containsEntry("audit-policy-file", "/etc/kubernetes/audit/policy.yaml")
        .containsEntry("audit-log-path", "-")
        .doesNotContainKeys("audit-webhook-config-file", "audit-webhook-mode");
  }

  @Test
  void etcdIsReachedWithClientCertificatesOfASeparateEtcdCa() {
    Map<String, String> flags = flags(Fixtures.embedded());

    assertThat(flags)
        .containsEntry("etcd-servers", "https://127.0.0.1:2379")
        .containsEntry("etcd-cafile", "/etc/kubernetes/pki/etcd-ca/ca.crt")
        .containsEntry("etcd-certfile", "/etc/kubernetes/pki/etcd-client/tls.crt")
        .containsEntry("etcd-keyfile", "/etc/kubernetes/pki/etcd-client/tls.key");
    assertThat(flags.get("etcd-cafile")).isNotEqualTo(flags.get("client-ca-file"));
    assertThat(HostNames.etcdCaSecret(Fixtures.embedded()))
        .isNotEqualTo(HostNames.caSecret(Fixtures.embedded()));
  }

  @Test
  void anHaEmbeddedEtcdIsReachedThroughEveryMember() {
    TenantCluster tenant = Fixtures.embedded();
    tenant.getSpec().setControlPlane(Fixtures.controlPlane(3, false));

    assertThat(flags(tenant).get("etcd-servers").split(","))
        .containsExactly(
            "https://acme-0.acme-headless.tc-tenants-eu-acme.svc:2379",
            "https://acme-1.acme-headless.tc-tenants-eu-acme.svc:2379",
            "https://acme-2.acme-headless.tc-tenants-eu-acme.svc:2379");
  }

  @Test
  void anEtcdDataStoreIsReachedOverTlsUnderTheTenantsOwnPrefix() {
    assertThat(flags(Fixtures.externalEtcd()))
        .containsEntry("etcd-servers", "https://etcd-0.eu.example.com:2379,https://10.20.0.11:2379")
        .containsEntry("etcd-prefix", "/enclave/tenants-eu/initech")
        .containsEntry("etcd-cafile", "/etc/kubernetes/pki/etcd-ca/ca.crt")
        .containsEntry("etcd-certfile", "/etc/kubernetes/pki/etcd-client/tls.crt");
  }

  @Test
  void aPostgresqlDataStoreIsReachedThroughKineOnLoopback() {
    assertThat(flags(Fixtures.postgresql()))
        .containsEntry("etcd-servers", "http://127.0.0.1:2379")
        .doesNotContainKeys("etcd-cafile", "etcd-certfile", "etcd-keyfile", "etcd-prefix");
  }

  @Test
  void noKubeletFlagsAreRenderedForANodelessTenant() {
    assertThat(flags(Fixtures.embedded()).keySet()).noneMatch(f -> f.startsWith("kubelet-"));
  }

  @Test
  void flagsAreRenderedSortedAsFlagEqualsValue() {
    List<String> args = ApiServerFlags.of(Fixtures.model(Fixtures.embedded())).toArgs();

    assertThat(args).allSatisfy(a -> assertThat(a).matches("--[a-z0-9-]+=.+"));
    assertThat(args.stream().map(a -> a.substring(2, a.indexOf('='))).toList()).isSorted();
  }
}
