package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host kinds Enclave writes, each watched by one informer restricted to Enclave-managed objects
 * and mapped back to its tenant by label. Reading actual state from these caches is what makes a
 * steady-state reconcile cost no request at all.
 */
public final class HostKinds {
  /**
   * Kinds whose objects a tenant no longer renders are deleted (pruned): every watched kind but its
   * Namespace (removed with the tenant only) and Secrets (key material and store credentials,
   * created once and never re-rendered; removed with the tenant), plus ServiceMonitors.
   */
  public static Set<Class<? extends HasMetadata>> pruned() {
    Set<Class<? extends HasMetadata>> kinds = new LinkedHashSet<>(WATCHED);
    kinds.remove(Namespace.class);
    kinds.remove(Secret.class);
    kinds.add(GenericKubernetesResource.class);
    return kinds;
  }

  public static final List<Class<? extends HasMetadata>> WATCHED =
      List.of(
          Namespace.class,
          ServiceAccount.class,
          ConfigMap.class,
          Secret.class,
          Service.class,
          StatefulSet.class,
          Deployment.class,
          RoleBinding.class,
          ClusterRoleBinding.class,
          NetworkPolicy.class,
          ResourceQuota.class,
          LimitRange.class,
          PodDisruptionBudget.class);

  private HostKinds() {}

  /** One informer per watched kind, plus ServiceMonitors when the host has their CRD. */
  static Map<Class<? extends HasMetadata>, InformerEventSource<?, TenantCluster>> informers(
      EventSourceContext<TenantCluster> context, Monitoring monitoring) {
    Map<Class<? extends HasMetadata>, InformerEventSource<?, TenantCluster>> informers =
        new LinkedHashMap<>();
    for (Class<? extends HasMetadata> kind : WATCHED) {
      informers.put(kind, informer(context, kind));
    }
    if (monitoring.usesServiceMonitors()) {
      var config =
          InformerEventSourceConfiguration.from(Monitoring.SERVICE_MONITOR, TenantCluster.class)
              .withName("host-ServiceMonitor")
              .withLabelSelector(TenantLabels.MANAGED_SELECTOR)
              .withSecondaryToPrimaryMapper(TenantLabels::owner)
              .build();
      informers.put(GenericKubernetesResource.class, new InformerEventSource<>(config, context));
    }
    return informers;
  }

  private static <R extends HasMetadata> InformerEventSource<R, TenantCluster> informer(
      EventSourceContext<TenantCluster> context, Class<R> kind) {
    var config =
        InformerEventSourceConfiguration.from(kind, TenantCluster.class)
            .withName("host-" + kind.getSimpleName())
            .withLabelSelector(TenantLabels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(TenantLabels::owner)
            .build();
    return new InformerEventSource<>(config, context);
  }
}
