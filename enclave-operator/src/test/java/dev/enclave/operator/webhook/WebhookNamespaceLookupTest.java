package dev.enclave.operator.webhook;

import static dev.enclave.operator.webhook.WebhookFixtures.HOST_NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Only tenant host namespaces are cached, so a stale entry can only make validation stricter. */
@EnableKubernetesMockClient(crud = true)
class WebhookNamespaceLookupTest {
  KubernetesClient client;

  @Test
  void whenATenantHostNamespaceWasSeen_thenItIsRememberedUntilTheTtlEnds() {
    client.resource(WebhookFixtures.hostNamespace(HOST_NAMESPACE, "eu")).create();
    MovableClock clock = new MovableClock();
    var lookup = new ClientNamespaceLookup(client, Duration.ofSeconds(30), clock);

    assertThat(lookup.find(HOST_NAMESPACE)).isPresent();
    client.namespaces().withName(HOST_NAMESPACE).delete();
    assertThat(lookup.find(HOST_NAMESPACE)).isPresent();
    clock.now = clock.now.plusSeconds(31);
    assertThat(lookup.find(HOST_NAMESPACE)).isEmpty();
  }

  @Test
  void whenAnOrdinaryNamespaceWasSeen_thenItIsReadAgainNextTime() {
    client.resource(WebhookFixtures.plainNamespace("team-a")).create();
    var lookup = new ClientNamespaceLookup(client, Duration.ofSeconds(30), new MovableClock());

    assertThat(lookup.find("team-a")).isPresent();
    client.namespaces().withName("team-a").delete();
    assertThat(lookup.find("team-a")).isEmpty();
  }

  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
