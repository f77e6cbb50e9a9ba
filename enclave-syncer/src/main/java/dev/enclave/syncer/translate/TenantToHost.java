package dev.enclave.syncer.translate;

import dev.enclave.syncer.policy.SyncPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/** Host copies of the tenant objects pods use, other than pods themselves. */
public final class TenantToHost {
  private TenantToHost() {}

  public static Translation<ConfigMap> configMap(ConfigMap tenant, SyncPolicy policy) {
    return notYet();
  }

  public static Translation<Secret> secret(Secret tenant, SyncPolicy policy) {
    return notYet();
  }

  public static Translation<Service> service(Service tenant, SyncPolicy policy) {
    return notYet();
  }

  public static Translation<EndpointSlice> endpointSlice(
      EndpointSlice tenant, Service tenantService, SyncPolicy policy) {
    return notYet();
  }

  public static Translation<PersistentVolumeClaim> pvc(
      PersistentVolumeClaim tenant, SyncPolicy policy) {
    return notYet();
  }

  private static <T> Translation<T> notYet() {
    return Translation.refused(List.of(new Refusal("spec", "not implemented yet")));
  }
}
