package dev.enclave.operator.drift;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.observed.DriftFinding;
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
 * Writes one Warning Event with reason {@code DriftDetected} on a TenantCluster per new finding. A
 * refused or failed write is logged, never fails the reconcile: the finding is in status anyway.
 */
final class DriftEvents {
  static final String REASON = "DriftDetected";
  static final String COMPONENT = "enclave-operator";
  private static final Logger LOG = LoggerFactory.getLogger(DriftEvents.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  DriftEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void raise(TenantCluster tenant, DriftFinding finding) {
    try {
      client
          .v1()
          .events()
          .inNamespace(tenant.getMetadata().getNamespace())
          .resource(event(tenant, finding))
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: cannot record a DriftDetected event: {}",
          tenant.getMetadata().getNamespace(),
          tenant.getMetadata().getName(),
          e.getMessage());
    }
  }

  Event event(TenantCluster tenant, DriftFinding finding) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    String message = finding.describe();
    return new EventBuilder()
        .withNewMetadata()
        .withNamespace(tenant.getMetadata().getNamespace())
        .withName(name(tenant, finding))
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(tenant.getApiVersion())
        .withKind(tenant.getKind())
        .withNamespace(tenant.getMetadata().getNamespace())
        .withName(tenant.getMetadata().getName())
        .withUid(tenant.getMetadata().getUid())
        .endInvolvedObject()
        .withType("Warning")
        .withReason(REASON)
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

  /** {@code TENANT.MILLIS.HASH} in hex: unique per finding and moment, as client-go names them. */
  private String name(TenantCluster tenant, DriftFinding finding) {
    return tenant.getMetadata().getName()
        + "."
        + Long.toHexString(clock.millis())
        + "."
        + Integer.toHexString(finding.describe().hashCode());
  }
}
