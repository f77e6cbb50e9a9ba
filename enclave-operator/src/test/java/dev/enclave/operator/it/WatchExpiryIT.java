package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd compacted and the host API server restarted under the operator: its informers' watches
 * resume from a resourceVersion the new watch cache no longer serves (410 Gone), they re-list, and
 * the operator converges with no write at steady state.
 */
class WatchExpiryIT {
  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
    chart.applyExamplePlatform();
  }

  @Test
  void after_compaction_and_an_api_server_restart_the_operator_relists_repairs_and_writes_nothing_at_steady_state() {
    try (KubernetesClient admin = chart.host.adminClient()) {
      for (String tenant : OperatorRbacIT.EXAMPLE_TENANTS) {
        Await.until(chart.host, tenant + " Ready", Duration.ofMinutes(3), () -> "Ready".equals(OperatorRbacIT.phase(admin, tenant)));
      }
      String revision = chart.host.etcdctl("endpoint", "status", "--write-out=fields").requireSuccess().stdout()
          .lines().filter(l -> l.startsWith("\"Revision\"")).findFirst().orElseThrow().replaceAll("\\D", "");
      chart.host.etcdctl("compact", revision).requireSuccess();
      int logBefore = chart.fullOperatorLog().length();
      chart.host.apiServer().restart();

      // The watches work again: a deleted host object comes back.
      String namespace = "tc-tenants-eu-ai-lab";
      var configMaps = admin.configMaps().inNamespace(namespace).withLabel(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY).list().getItems();
      HasMetadata victim = configMaps.get(0);
      admin.resource(victim).delete();
      Await.until(chart.host, "ConfigMap " + victim.getMetadata().getName() + " recreated after the relist", Duration.ofSeconds(90),
          () -> admin.configMaps().inNamespace(namespace).withName(victim.getMetadata().getName()).get() != null);
      // fabric8's informers saw 410 Gone and re-listed (Reflector logs it at debug, enabled here).
      Await.until(chart.host, "an informer restarting on 410 Gone", Duration.ofSeconds(30),
          () -> chart.fullOperatorLog().substring(logBefore).contains("Watch restarting due to http gone"));

      // Steady state: two full resyncs of every tenant change no host object and no status.
      Map<String, String> before = versions(admin);
      long reconciles = chart.operator.operator().reconciles("tenantcluster");
      int tenants = OperatorRbacIT.EXAMPLE_TENANTS.size();
      Await.until(chart.host, "two resyncs of every tenant", Duration.ofSeconds(90),
          () -> chart.operator.operator().reconciles("tenantcluster") >= reconciles + 2L * tenants);
      assertThat(versions(admin)).isEqualTo(before);
    }
  }

  /** resourceVersion of every object Enclave manages in host namespaces, and of every tenant. */
  private static Map<String, String> versions(KubernetesClient admin) {
    Map<String, String> versions = new TreeMap<>();
    String selector = EnclaveApi.MANAGED_BY_LABEL;
    Stream.<Stream<? extends HasMetadata>>of(
            admin.secrets().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.configMaps().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.services().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.serviceAccounts().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.apps().statefulSets().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.apps().deployments().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.network().networkPolicies().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.rbac().roleBindings().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.resourceQuotas().inAnyNamespace().withLabel(selector, EnclaveApi.MANAGED_BY).list().getItems().stream(),
            admin.genericKubernetesResources("enclave.dev/v1alpha1", "TenantCluster").inAnyNamespace().list().getItems().stream())
        .flatMap(s -> s)
        // StatefulSet and Deployment status is the controllers' to write, not the operator's.
        .forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
            o.getKind().equals("StatefulSet") || o.getKind().equals("Deployment") ? String.valueOf(o.getMetadata().getGeneration()) : o.getMetadata().getResourceVersion()));
    return versions;
  }
}
