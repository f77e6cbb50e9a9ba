package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The syncer's informers: tenant objects in every namespace; host copies in the host namespace
 * selected by the managed-by label; host nodes (cluster-wide read) and host Events of the
 * namespace. Informers are created stopped; {@link #start} starts them all and waits for sync. Host
 * pods are cached slimmed ({@link HostPodStore}).
 */
public final class Caches implements AutoCloseable {
  public final SharedIndexInformer<Pod> tenantPods;
  public final SharedIndexInformer<ConfigMap> tenantConfigMaps;
  public final SharedIndexInformer<Secret> tenantSecrets;
  public final SharedIndexInformer<ServiceAccount> tenantServiceAccounts;
  public final SharedIndexInformer<Service> tenantServices;
  public final SharedIndexInformer<EndpointSlice> tenantEndpointSlices;
  public final SharedIndexInformer<PersistentVolumeClaim> tenantPvcs;
  public final SharedIndexInformer<Node> tenantNodes;
  public final SharedIndexInformer<Pod> hostPods;
  public final SharedIndexInformer<ConfigMap> hostConfigMaps;
  public final SharedIndexInformer<Secret> hostSecrets;
  public final SharedIndexInformer<Service> hostServices;
  public final SharedIndexInformer<EndpointSlice> hostEndpointSlices;
  public final SharedIndexInformer<PersistentVolumeClaim> hostPvcs;
  public final SharedIndexInformer<Node> hostNodes;
  public final SharedIndexInformer<Event> hostEvents;
  private final List<SharedIndexInformer<?>> tenantSide = new ArrayList<>();
  private final List<SharedIndexInformer<?>> hostSide = new ArrayList<>();

  public Caches(KubernetesClient tenant, KubernetesClient host, String hostNamespace) {
    String k = NameTranslator.MANAGED_BY_LABEL;
    String v = NameTranslator.MANAGED_BY;
    tenantPods = tenantSide(tenant.pods().inAnyNamespace().runnableInformer(0));
    tenantConfigMaps = tenantSide(tenant.configMaps().inAnyNamespace().runnableInformer(0));
    tenantSecrets = tenantSide(tenant.secrets().inAnyNamespace().runnableInformer(0));
    tenantServiceAccounts =
        tenantSide(tenant.serviceAccounts().inAnyNamespace().runnableInformer(0));
    tenantServices = tenantSide(tenant.services().inAnyNamespace().runnableInformer(0));
    tenantEndpointSlices =
        tenantSide(tenant.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0));
    tenantPvcs = tenantSide(tenant.persistentVolumeClaims().inAnyNamespace().runnableInformer(0));
    tenantNodes = tenantSide(tenant.nodes().withLabel(k, v).runnableInformer(0));
    hostPods =
        hostSide(
            host.pods()
                .inNamespace(hostNamespace)
                .withLabel(k, v)
                .runnableInformer(0)
                .itemStore(new HostPodStore()));
    hostConfigMaps =
        hostSide(host.configMaps().inNamespace(hostNamespace).withLabel(k, v).runnableInformer(0));
    hostSecrets =
        hostSide(host.secrets().inNamespace(hostNamespace).withLabel(k, v).runnableInformer(0));
    hostServices =
        hostSide(host.services().inNamespace(hostNamespace).withLabel(k, v).runnableInformer(0));
    hostEndpointSlices =
        hostSide(
            host.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(hostNamespace)
                .withLabel(k, v)
                .runnableInformer(0));
    hostPvcs =
        hostSide(
            host.persistentVolumeClaims()
                .inNamespace(hostNamespace)
                .withLabel(k, v)
                .runnableInformer(0));
    hostNodes = hostSide(host.nodes().runnableInformer(0));
    hostEvents = hostSide(host.v1().events().inNamespace(hostNamespace).runnableInformer(0));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> tenantSide(SharedIndexInformer<T> i) {
    tenantSide.add(i);
    return i;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> hostSide(SharedIndexInformer<T> i) {
    hostSide.add(i);
    return i;
  }

  /** Starts every informer and waits until each has listed once. */
  public void start(Duration timeout) throws Exception {
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (SharedIndexInformer<?> informer : all()) {
      started.add(informer.start().toCompletableFuture());
    }
    CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean tenantSynced() {
    return tenantSide.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  public boolean hostSynced() {
    return hostSide.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** The cached object under {@code namespace/name} (or {@code name}), never to be mutated. */
  public static <T> T get(SharedIndexInformer<T> informer, String key) {
    return informer.getStore().getByKey(key);
  }

  private List<SharedIndexInformer<?>> all() {
    List<SharedIndexInformer<?>> all = new ArrayList<>(tenantSide);
    all.addAll(hostSide);
    return all;
  }

  @Override
  public void close() {
    all().forEach(SharedIndexInformer::close);
  }
}
