package dev.enclave.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on a TenantCluster (or another Enclave object, e.g. an AccessGrant), as {@code kubectl
 * describe} shows them. A refused or failed
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

  public void warning(HasMetadata tenant, String reason, String message) {
    record(tenant, "Warning", reason, message);
  }

  /** A Normal Event: something happened as it should, e.g. access granted or expired. */
  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  private void record(HasMetadata tenant, String type, String reason, String message) {
    try {
      client
          .v1()
          .events()
          .inNamespace(tenant.getMetadata().getNamespace())
          .resource(event(tenant, type, reason, message))
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: cannot record a {} event: {}",
          tenant.getMetadata().getNamespace(),
          tenant.getMetadata().getName(),
          reason,
          e.getMessage());
    }
  }

  public Event event(HasMetadata tenant, String reason, String message) {
    return event(tenant, "Warning", reason, message);
  }

  private Event event(HasMetadata tenant, String type, String reason, String message) {
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
        .withType(type)
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
  private String name(HasMetadata tenant, String message) {
    return tenant.getMetadata().getName()
        + "."
        + Long.toHexString(clock.millis())
        + "."
        + Integer.toHexString(message.hashCode());
  }
}
