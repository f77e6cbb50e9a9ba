package dev.enclave.core.controlplane;

import dev.enclave.core.sync.SyncPolicyJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant's {@link dev.enclave.core.sync.SyncPolicy} as JSON in a ConfigMap of its host
 * namespace, mounted into the syncer: the syncer needs no access to Enclave's own objects.
 */
public final class SyncPolicyConfigMapBuilder {
  private SyncPolicyConfigMapBuilder() {}

  public static ConfigMap build(ControlPlaneModel model) {
    return new ConfigMapBuilder()
        .withMetadata(
            HostLabels.metadata(
                model,
                HostNames.syncPolicyConfigMap(model.tenant()),
                ServiceAccountsBuilder.SYNCER))
        .withData(
            new TreeMap<>(Map.of(SyncPolicyJson.FILE, SyncPolicyJson.write(model.syncPolicy()))))
        .build();
  }
}
