package dev.enclave.operator.webhook;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The platform as it would be if an admission request were allowed. */
final class PlatformEdits {
  private PlatformEdits() {}

  /** The platform with {@code incoming} replacing its old version in place, or appended. */
  static Platform with(Platform platform, HasMetadata incoming) {
    return new Platform(
        replace(platform.jurisdictions(), incoming, Jurisdiction.class),
        replace(platform.dataStores(), incoming, DataStore.class),
        replace(platform.tenantClusters(), incoming, TenantCluster.class),
        replace(platform.accessGrants(), incoming, AccessGrant.class));
  }

  /** Same kind, namespace (null and empty alike) and name. */
  private static boolean sameObject(
      String kind, String namespace, String name, HasMetadata object) {
    return Objects.equals(kind, object.getKind())
        && Objects.equals(orEmpty(namespace), orEmpty(object.getMetadata().getNamespace()))
        && Objects.equals(name, object.getMetadata().getName());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static <T extends HasMetadata> List<Declared<T>> replace(
      List<Declared<T>> declared, HasMetadata incoming, Class<T> type) {
    if (!type.isInstance(incoming)) {
      return declared;
    }
    List<Declared<T>> result = new ArrayList<>(declared.size() + 1);
    boolean replaced = false;
    for (Declared<T> d : declared) {
      if (!replaced && sameObject(incoming, d.object())) {
        result.add(Declared.live(type.cast(incoming)));
        replaced = true;
      } else {
        result.add(d);
      }
    }
    if (!replaced) {
      result.add(Declared.live(type.cast(incoming)));
    }
    return result;
  }

  private static boolean sameObject(HasMetadata incoming, HasMetadata existing) {
    return sameObject(
        incoming.getKind(),
        incoming.getMetadata().getNamespace(),
        incoming.getMetadata().getName(),
        existing);
  }
}
