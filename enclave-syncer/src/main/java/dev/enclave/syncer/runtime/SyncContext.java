package dev.enclave.syncer.runtime;

import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.SyncerOptions;
import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.client.KubernetesClient;

/** What every sync step shares: both clients, the policy, the caches, the queues. */
public record SyncContext(
    KubernetesClient tenant,
    KubernetesClient host,
    SyncPolicy policy,
    SyncerOptions options,
    Caches caches,
    Queues queues,
    ReferenceIndex references,
    RefusalRecorder refusals) {

  public String hostNamespace() {
    return policy.hostNamespace();
  }

  /** The cache key of a host copy. */
  public String hostKey(String tenantNamespace, String tenantName) {
    return policy.hostNamespace() + "/" + NameTranslator.hostName(tenantNamespace, tenantName);
  }

  public static String namespaceOf(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  public static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
