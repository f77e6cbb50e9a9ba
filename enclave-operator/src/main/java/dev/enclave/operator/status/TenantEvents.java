package dev.enclave.operator.status;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warning Events on a TenantCluster, as {@code kubectl describe} shows them. A refused or failed
 * write is logged and never fails the reconcile: what the Event says is in status anyway.
 */
public final class TenantEvents {
  public static final String COMPONENT = "enclave-operator";
  private static final Logger LOG = LoggerFactory.getLogger(TenantEvents.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public TenantEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void warning(TenantCluster tenant, String reason, String message) {
    record(tenant, event(tenant, reason, message), reason);
  }

  public void normal(TenantCluster tenant, String reason, String message) {
    record(tenant, new EventBuilder(event(tenant, reason, message)).withType("Normal").build(), reason);
  }

  private void record(TenantCluster tenant, Event event, String reason) {
    try {
      client.v1().events().inNamespace(tenant.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: cannot record a {} event: {}",
          tenant.getMetadata().getNamespace(),
          tenant.getMetadata().getName(),
          reason,
          e.getMessage());
    }
  }

  public Event event(TenantCluster tenant, String reason, String message) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    return new EventBuilder()
        .withNewMetadata()
        .withNamespace(tenant.getMetadata().getNamespace())
        .withName(name(tenant, message))
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(tenant.getApiVersion())
        .withKind(tenant.getKind())
        .withNamespace(tenant.getMetadata().getNamespace())
        .withName(tenant.getMetadata().getName())
        .withUid(tenant.getMetadata().getUid())
        .endInvolvedObject()
        .withType("Warning")
        .withReason(reason)
        .withMessage(
            message.length() <= MAX_MESSAGE
                ? message
                : message.substring(0, MAX_MESSAGE - 3) + "...")
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }

  /** {@code TENANT.MILLIS.HASH} in hex: unique per message and moment, as client-go names them. */
  private String name(TenantCluster tenant, String message) {
    return tenant.getMetadata().getName()
        + "."
        + Long.toHexString(clock.millis())
        + "."
        + Integer.toHexString(message.hashCode());
  }
}
