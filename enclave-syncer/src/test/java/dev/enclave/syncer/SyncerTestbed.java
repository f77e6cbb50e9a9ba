package dev.enclave.syncer;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneModel;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.controlplane.HostNamespaceBuilder;
import dev.enclave.core.controlplane.ServiceAccountsBuilder;
import dev.enclave.core.controlplane.ServicesBuilder;
import dev.enclave.core.controlplane.SyncerRbacBuilder;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.gitops.LoadResult;
import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.testbed.Await;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The example platform's tenant acme-bank (jurisdiction eu) between the shared testbed host and a
 * tenant API server of its own: the host namespace, ServiceAccounts, Services and syncer bindings
 * the operator's builders render, the syncer ClusterRoles as deploy/operator installs them, and a
 * syncer that talks to the host as its ServiceAccount only.
 */
final class SyncerTestbed implements AutoCloseable {
  static final String TENANT_NAMESPACE = "tenants-eu";
  static final String TENANT = "acme-bank";
  static final String DNS_IP = "10.96.0.10";
  private static final Duration WAIT = Duration.ofSeconds(60);

  final HostCluster host = Testbed.host();
  final ControlPlaneModel model = model();
  final SyncPolicy policy = model.syncPolicy();
  final String hostNamespace = policy.hostNamespace();
  final KubernetesClient admin = host.adminClient();
  final KubeApiServer tenantServer;
  final KubernetesClient tenant;
  /** The syncer's host identity: the rendered ServiceAccount with a TokenRequest token. */
  final KubernetesClient syncerHost;
  Syncer syncer;

  SyncerTestbed() {
    installHostSide();
    tenantServer = host.startTenantApiServer("syncer-it", tenantVersion());
    tenant = tenantServer.adminClient();
    KubernetesClient serviceAccount =
        host.serviceAccountClient(hostNamespace, HostNames.syncerServiceAccount(model.tenant()));
    syncerHost =
        new KubernetesClientBuilder()
            .withConfig(serviceAccount.getConfiguration())
            .withKubernetesSerialization(HostSerialization.create())
            .build();
    serviceAccount.close();
  }

  /** The release acme-bank declares when the cache holds it, else the cache's newest. */
  private String tenantVersion() {
    Components components = host.components();
    return components.kubernetesVersions().contains(model.kubernetesVersion())
        ? model.kubernetesVersion()
        : components.newestKubernetes();
  }

  private static ControlPlaneModel model() {
    LoadResult loaded = new GitOpsLoader().load(Testbed.examplePlatform());
    TenantCluster tenant =
        loaded.platform().tenantCluster(TENANT_NAMESPACE, TENANT).orElseThrow();
    Jurisdiction eu = loaded.platform().jurisdiction("eu").orElseThrow();
    return ControlPlaneModel.fromCrd(tenant, eu, null);
  }

  /** What the chart and the operator put on the host before a syncer runs. */
  private void installHostSide() {
    apply(HostNamespaceBuilder.build(model));
    ServiceAccountsBuilder.build(model).forEach(this::apply);
    apply(ServicesBuilder.api(model));
    try (InputStream roles =
        Files.newInputStream(
            Testbed.repoRoot().resolve(Path.of("deploy", "operator", "25-syncer-clusterroles.yaml")))) {
      admin.load(roles).items().forEach(this::apply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    apply(SyncerRbacBuilder.roleBinding(model));
    apply(SyncerRbacBuilder.nodesBinding(model));
    // The jurisdiction's RuntimeClass, which a platform team installs on its hosts.
    apply(
        new RuntimeClassBuilder()
            .withNewMetadata()
            .withName(policy.runtimeClassName())
            .endMetadata()
            .withHandler("runsc")
            .build());
  }

  private void apply(HasMetadata object) {
    admin.resource(object).createOr(NonDeletingOperation::update);
  }

  /**
   * A tenant namespace as the tenant's controller-manager would leave it: its default
   * ServiceAccount and the kube-root-ca.crt ConfigMap (the bare tenant server runs neither).
   */
  void tenantNamespace(String name) {
    tenant
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    tenantServiceAccount(name, "default");
    tenant
        .configMaps()
        .inNamespace(name)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("kube-root-ca.crt")
                .withNamespace(name)
                .endMetadata()
                .addToData("ca.crt", tenantServer.pki().caPem())
                .build())
        .createOr(NonDeletingOperation::update);
  }

  void tenantServiceAccount(String namespace, String name) {
    tenant
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .createOr(NonDeletingOperation::update);
  }

  void startSyncer() {
    syncer =
        Syncer.start(
            tenant,
            syncerHost,
            policy,
            SyncerOptions.defaults()
                .withTenantEndpoints(null, DNS_IP)
                .withRetry(Duration.ofMillis(50), Duration.ofSeconds(2)));
  }

  void stopSyncer() {
    if (syncer != null) {
      syncer.close();
      syncer = null;
    }
  }

  /** Polls every 200 ms for up to 60 s; on timeout fails with both clusters' pods and events. */
  void await(String what, BooleanSupplier condition) {
    Await.until(
        what,
        WAIT,
        condition,
        () ->
            "host:\n"
                + host.kubectl("get", "pods,events", "-A", "-o", "wide").stdout()
                + "\ntenant:\n"
                + host.kubectlAs(
                        tenantServer.adminKubeconfig(),
                        null,
                        "get",
                        "pods,services,events",
                        "-A",
                        "-o",
                        "wide")
                    .stdout());
  }

  /** Waits until the syncer has no work queued, running or waiting for a retry. */
  void awaitIdle() {
    await("the syncer is idle", () -> syncer.isIdle());
  }

  @Override
  public void close() {
    stopSyncer();
    syncerHost.close();
    tenant.close();
    tenantServer.close();
    admin.close();
  }
}
