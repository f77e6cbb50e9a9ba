package dev.enclave.operator;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Reads the platform with plain list calls; simple and always fresh, used by the webhook. */
public final class ClientPlatformSource implements PlatformSource {
  private final KubernetesClient client;

  public ClientPlatformSource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Platform snapshot() {
    return new Platform(
        live(client.resources(Jurisdiction.class).list().getItems()),
        live(client.resources(DataStore.class).list().getItems()),
        live(client.resources(TenantCluster.class).inAnyNamespace().list().getItems()),
        live(client.resources(AccessGrant.class).inAnyNamespace().list().getItems()));
  }

  private static <T extends HasMetadata> List<Declared<T>> live(List<T> items) {
    return items.stream().map(Declared::live).toList();
  }
}
