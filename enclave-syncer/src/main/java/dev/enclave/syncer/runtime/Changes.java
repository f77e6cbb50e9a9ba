package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.BiConsumer;

/** An informer handler that sees every change as (before, after), null for absent. */
final class Changes {
  private Changes() {}

  static <T extends HasMetadata> ResourceEventHandler<T> of(BiConsumer<T, T> change) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        change.accept(null, obj);
      }

      @Override
      public void onUpdate(T before, T after) {
        change.accept(before, after);
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        change.accept(obj, null);
      }
    };
  }

  static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  static <T extends HasMetadata> T either(T before, T after) {
    return after != null ? after : before;
  }
}
