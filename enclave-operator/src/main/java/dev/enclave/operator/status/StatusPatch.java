package dev.enclave.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.InvocationTargetException;

/**
 * What a reconciler hands back to be applied to the status subresource: a fresh object that carries
 * only the name, the namespace and the new status. Applying the reconciled object itself would send
 * its {@code resourceVersion}, and the API server refuses an apply whose version is stale with 409:
 * a status computed from a cache that is one event behind is then thrown away and retried after
 * the retry back-off, although the next reconcile would correct it anyway. Status is a pure
 * function of what the operator observes, so it is written without optimistic locking, as the
 * Java Operator SDK recommends for server-side apply.
 */
public final class StatusPatch {
  private StatusPatch() {}

  public static <S, R extends CustomResource<?, S>> R of(R reconciled, S status) {
    R fresh;
    try {
      @SuppressWarnings("unchecked")
      Class<R> type = (Class<R>) reconciled.getClass();
      fresh = type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new IllegalStateException(
          reconciled.getClass().getSimpleName() + " has no usable no-argument constructor", cause);
    }
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(reconciled.getMetadata().getName())
            .withNamespace(reconciled.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
