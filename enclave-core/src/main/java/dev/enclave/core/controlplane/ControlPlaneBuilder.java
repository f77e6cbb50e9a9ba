package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * All host objects that run one tenant cluster, in apply order: namespace, identities and the
 * syncer's bindings, quota, network policies (deny before any pod starts), configuration, services,
 * the control plane with its syncer, the tenant's CoreDNS, the disruption budget. Pure: the same
 * input always gives equal objects. Secrets are only referenced; the two ClusterRoles the syncer's
 * bindings name are installed once per host ({@link SyncerRbacBuilder}).
 */
public final class ControlPlaneBuilder {
  private ControlPlaneBuilder() {}

  /**
   * Builds the host objects of a tenant that passed the compliance rules.
   *
   * @param dataStoreOrNull the DataStore named by {@code spec.dataStore.ref}, null when embedded
   */
  public static List<HasMetadata> build(
      TenantCluster tenant, Jurisdiction jurisdiction, DataStore dataStoreOrNull) {
    return build(ControlPlaneModel.fromCrd(tenant, jurisdiction, dataStoreOrNull));
  }

  public static List<HasMetadata> build(ControlPlaneModel model) {
    List<ConfigMap> configMaps = configMaps(model);
    ConfigMap corefile = CorednsBuilder.configMap(model);
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(HostNamespaceBuilder.build(model));
    objects.addAll(ServiceAccountsBuilder.build(model));
    objects.add(SyncerRbacBuilder.roleBinding(model));
    objects.add(SyncerRbacBuilder.nodesBinding(model));
    QuotaBuilder.resourceQuota(model).ifPresent(objects::add);
    objects.add(QuotaBuilder.limitRange(model));
    objects.addAll(NetworkPoliciesBuilder.build(model));
    objects.addAll(configMaps);
    objects.add(corefile);
    objects.add(ServicesBuilder.headless(model));
    objects.add(ServicesBuilder.api(model));
    objects.add(CorednsBuilder.service(model));
    objects.add(ControlPlaneStatefulSetBuilder.build(model, configHash(configMaps)));
    objects.add(CorednsBuilder.deployment(model, configHash(List.of(corefile))));
    DisruptionBudgetBuilder.build(model).ifPresent(objects::add);
    return objects;
  }

  /** The ConfigMaps the control-plane pod mounts: a change to any of them rolls the pods. */
  static List<ConfigMap> configMaps(ControlPlaneModel model) {
    List<ConfigMap> configMaps = new ArrayList<>();
    configMaps.add(AuditPolicyBuilder.build(model));
    AuditWebhookBuilder.build(model).ifPresent(configMaps::add);
    configMaps.add(EncryptionConfigBuilder.build(model));
    configMaps.add(SyncPolicyConfigMapBuilder.build(model));
    return configMaps;
  }

  /** SHA-256 over the ConfigMaps' names and (sorted) data, the first 16 hex digits. */
  static String configHash(List<ConfigMap> configMaps) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ConfigMap configMap : configMaps) {
        digest.update(configMap.getMetadata().getName().getBytes(StandardCharsets.UTF_8));
        configMap
            .getData()
            .forEach(
                (key, value) -> {
                  digest.update(key.getBytes(StandardCharsets.UTF_8));
                  digest.update(value.getBytes(StandardCharsets.UTF_8));
                });
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
