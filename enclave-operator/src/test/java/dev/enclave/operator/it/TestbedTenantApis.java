package dev.enclave.operator.it;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.AuditPolicyBuilder;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.PkiSecret;
import dev.enclave.operator.tenant.TenantApiClients;
import dev.enclave.operator.tenant.TenantSecrets;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.KubeApiServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant API servers for the operator's integration tests: a real, bare kube-apiserver of the
 * tenant's version per tenant, started by the testbed on first use. The rendered control-plane
 * pods themselves run only as KWOK pods here (the playground's pod runner runs them as processes),
 * so this seam answers for them; the operator's tenant RBAC is applied to a real API server.
 * As a rendered tenant API server does, it trusts client certificates of the tenant CA the
 * operator generated (so an AccessGrant's kubeconfig authenticates) and writes an audit log
 * with Enclave's audit policy ({@link AuditPolicyBuilder}); a kube-controller-manager running only
 * the ClusterRole aggregation gives the default roles {@code view}, {@code edit} and {@code
 * admin} their rules, as the tenant's own controller-manager does.
 */
final class TestbedTenantApis implements TenantApiClients {
  private static final String AGGREGATION = "clusterrole-aggregation-controller";
  private final HostCluster host;
  private final Map<String, KubeApiServer> servers = new ConcurrentHashMap<>();
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  TestbedTenantApis(HostCluster host) {
    this.host = host;
  }

  @Override
  public Optional<KubernetesClient> clientFor(TenantCluster tenant, Secret adminKubeconfig) {
    String key = key(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
    KubeApiServer server = servers.computeIfAbsent(key, k -> start(k, tenant));
    return Optional.of(clients.computeIfAbsent(key, k -> server.adminClient()));
  }

  private KubeApiServer start(String key, TenantCluster tenant) {
    Path policy = host.directory().resolve("audit-policy-" + key + ".yaml");
    try {
      Files.writeString(policy, Serialization.asYaml(AuditPolicyBuilder.policy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KubeApiServer server =
        host.startTenantApiServer(
            key,
            tenant.getSpec().getKubernetesVersion(),
            tenantCa(tenant).stream().toList(),
            Map.of(
                "audit-policy-file", policy.toString(),
                "audit-log-path", auditLog(key).toString(),
                "audit-log-format", "json"));
    // The default roles view, edit and admin get their rules from this controller.
    host.startTenantControllerManager(server, AGGREGATION);
    return server;
  }

  /** The tenant CA certificate the operator generated, from its host Secret, if it exists yet. */
  private Optional<String> tenantCa(TenantCluster tenant) {
    try (KubernetesClient admin = host.adminClient()) {
      Secret ca =
          admin.secrets()
              .inNamespace(HostNames.hostNamespace(tenant))
              .withName(HostNames.caSecret(tenant))
              .get();
      return Optional.ofNullable(ca).map(s -> TenantSecrets.decode(s).get(PkiSecret.TLS_CRT));
    }
  }

  /** The API server started for {@code namespace/name}, if the operator asked for it. */
  Optional<KubeApiServer> server(String namespace, String name) {
    return Optional.ofNullable(servers.get(key(namespace, name)));
  }

  /** The audit log (JSON lines) of the API server started for {@code namespace/name}. */
  Path auditLog(String namespace, String name) {
    return auditLog(key(namespace, name));
  }

  private Path auditLog(String key) {
    return host.directory().resolve("audit-" + key + ".log");
  }

  private static String key(String namespace, String name) {
    return namespace + "-" + name;
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    servers.values().forEach(KubeApiServer::close);
  }
}
