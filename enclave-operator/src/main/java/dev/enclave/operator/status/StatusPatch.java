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

  /**
   * As {@link #of}, but carrying the reconciled object's {@code resourceVersion}: the API server
   * refuses it with 409 when the object changed since it was read. For status that records state
   * rather than observation (an upgrade's step): a reconcile that read a stale copy must not set it
   * back; it fails and is retried on the fresh object.
   */
  public static <S, R extends CustomResource<?, S>> R locked(R reconciled, S status) {
    R fresh = of(reconciled, status);
    fresh.getMetadata().setResourceVersion(reconciled.getMetadata().getResourceVersion());
    return fresh;
  }

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
