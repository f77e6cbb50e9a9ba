package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static dev.enclave.operator.OperatorHarness.withResync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.Kubeconfig;
import dev.enclave.core.pki.PkiSecret;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessGrantReconcilerTest {
  private static final String USER = "enclave-grant:tenants-eu:incident-4711";
  private static final String BINDING = "enclave:grant:incident-4711";
  private static final String SECRET = "incident-4711-kubeconfig";

  private final OperatorHarness harness = new OperatorHarness();
  private KubernetesClient unreachable;

  @AfterEach
  void stop() {
    harness.close();
    if (unreachable != null) {
      unreachable.close();
    }
  }

  @Test
  void whenACompliantGrantNamesAReadyTenant_thenItsUserIsBoundAndGetsAKubeconfigForExactlyItsWindow()
      throws Exception {
    Instant start = harness.clock.instant();
    TenantCluster acme = readyAcme(Duration.ofMinutes(10));

    harness.client.resource(grant("eu-platform-oncall", "view", "2h")).create();

    Poll.until("the grant is Active", () -> "Active".equals(phase()));
    AccessGrant grant = current();
    assertThat(grant.getStatus().getGrantedAt()).isEqualTo(start.toString());
    assertThat(grant.getStatus().getExpiresAt()).isEqualTo(start.plus(Duration.ofHours(2)).toString());
    assertThat(grant.getStatus().getUser()).isEqualTo(USER);
    assertThat(grant.getStatus().getKubeconfigSecretRef().getName()).isEqualTo(SECRET);
    Condition active = condition("Active");
    assertThat(active.getStatus()).isEqualTo("True");
    assertThat(active.getReason()).isEqualTo("Granted");
    assertThat(condition("Compliant").getReason()).isEqualTo("RulesPassed");

    ClusterRoleBinding binding = tenantBinding();
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("view");
    assertThat(binding.getSubjects()).singleElement()
        .satisfies(s -> assertThat(s.getKind() + " " + s.getName()).isEqualTo("User " + USER));
    assertThat(binding.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "enclave")
        .containsEntry("enclave.dev/tenant-cluster", "acme")
        .containsEntry("enclave.dev/access-grant", "incident-4711");
    assertThat(binding.getMetadata().getAnnotations())
        .containsEntry("enclave.dev/grant-group", "eu-platform-oncall")
        .containsEntry("enclave.dev/grant-user", USER)
        .containsEntry("enclave.dev/grant-justification", "INC-4711: etcd latency alarm")
        .containsEntry("enclave.dev/expires-at", grant.getStatus().getExpiresAt());

    Secret secret = grantSecret();
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(grant.getMetadata().getUid()));
    Kubeconfig kubeconfig = Kubeconfig.parse(text(secret, PkiSecret.KUBECONFIG));
    assertThat(kubeconfig.server()).isEqualTo(HostNames.endpoint(acme));
    assertThat(kubeconfig.certificateAuthority()).isEqualTo(tenantCa(acme));
    X509Certificate client = kubeconfig.client().certificate();
    client.verify(tenantCa(acme).getPublicKey());
    assertThat(client.getSubjectX500Principal().getName())
        .isEqualTo("O=eu-platform-oncall,CN=" + USER);
    assertThat(client.getNotBefore().toInstant()).isEqualTo(start);
    assertThat(client.getNotAfter().toInstant()).isEqualTo(start.plus(Duration.ofHours(2)));

    Event granted = event("AccessGranted");
    assertThat(granted.getType()).isEqualTo("Normal");
    assertThat(granted.getMessage())
        .contains("eu-platform-oncall", "view", "acme", grant.getStatus().getExpiresAt(), "INC-4711");
    String everythingSaid = Serialization.asJson(grant.getStatus()) + Serialization.asJson(events());
    assertThat(everythingSaid).doesNotContain("PRIVATE KEY").doesNotContain(kubeconfigKeyLine(kubeconfig));
  }

  @Test
  void whenNothingChanges_thenResyncsWriteNothing_andARestartedOperatorKeepsTheWindow() {
    readyAcme(Duration.ofMillis(300));
    harness.client.resource(grant("eu-platform-oncall", "edit", "2h")).create();
    Poll.until("the grant is Active", () -> "Active".equals(phase()));
    String expiresAt = current().getStatus().getExpiresAt();
    long reconciles = harness.operator.reconciles("accessgrant");
    Poll.until("a first resync ran", () -> harness.operator.reconciles("accessgrant") > reconciles);
    List<String> hostBefore = grantWrites(harness.host.writes());
    List<String> tenantBefore = harness.tenantApi.writes();

    Poll.until("three more resyncs ran", () -> harness.operator.reconciles("accessgrant") > reconciles + 4);
    assertThat(grantWrites(harness.host.writes())).isEqualTo(hostBefore);
    assertThat(harness.tenantApi.writes()).isEqualTo(tenantBefore);

    harness.operator.close();
    harness.clock.advance(Duration.ofMinutes(30));
    harness.operator = null;
    harness.start(withResync(servingEu(), Duration.ofMillis(300)));
    Poll.until(
        "the restarted operator reconciled the Active grant",
        () -> harness.operator.reconciles("accessgrant") > 1 && "Active".equals(phase()));
    // Stopping the first operator may interrupt a tenant reconcile, so the tenant (and the grant
    // with it) may flap once; what must not happen is a new credential or a moved window.
    assertThat(current().getStatus().getExpiresAt()).isEqualTo(expiresAt);
    assertThat(harness.host.writes()).filteredOn(w -> w.equals("POST /api/v1/namespaces/tenants-eu/secrets")).hasSize(1);
    assertThat(harness.tenantApi.writes()).isEqualTo(tenantBefore);
    long restarted = harness.operator.reconciles("accessgrant");
    Poll.until("the restarted operator reconciled once", () -> harness.operator.reconciles("accessgrant") > restarted);
    List<String> hostAfter = grantWrites(harness.host.writes());
    Poll.until("three more resyncs ran", () -> harness.operator.reconciles("accessgrant") > restarted + 4);
    assertThat(grantWrites(harness.host.writes())).isEqualTo(hostAfter);
    assertThat(harness.tenantApi.writes()).isEqualTo(tenantBefore);
  }

  @Test
  void whenTheClockPassesExpiresAt_thenTheBindingAndTheSecretAreGone_andTheGrantIsExpired() {
    readyAcme(Duration.ofMillis(300));
    harness.client.resource(grant("eu-platform-oncall", "admin", "90m")).create();
    Poll.until("the grant is Active", () -> "Active".equals(phase()));
    String grantedAt = current().getStatus().getGrantedAt();
    String expiresAt = current().getStatus().getExpiresAt();

    harness.clock.advance(Duration.ofMinutes(89));
    Poll.until("a reconcile ran at 89m", () -> harness.operator.reconciles("accessgrant") > 3);
    assertThat(phase()).isEqualTo("Active");
    harness.clock.advance(Duration.ofMinutes(1));

    Poll.until("the grant is Expired", () -> "Expired".equals(phase()));
    assertThat(tenantBinding()).isNull();
    assertThat(grantSecret()).isNull();
    Condition active = condition("Active");
    assertThat(active.getStatus()).isEqualTo("False");
    assertThat(active.getReason()).isEqualTo("Expired");
    assertThat(current().getStatus().getGrantedAt()).isEqualTo(grantedAt);
    assertThat(current().getStatus().getExpiresAt()).isEqualTo(expiresAt);
    assertThat(current().getStatus().getKubeconfigSecretRef()).isNull();
    assertThat(event("AccessExpired").getMessage()).contains(expiresAt, BINDING, SECRET);
  }

  @Test
  void whenTheGroupIsNotAnAdminGroupOfTheJurisdiction_thenTheGrantIsDenied_andNothingIsIssued() {
    readyAcme(Duration.ofMinutes(10));

    harness.client.resource(grant("developers", "view", "2h")).create();

    Poll.until("the grant is Denied", () -> "Denied".equals(phase()));
    Condition compliant = condition("Compliant");
    assertThat(compliant.getStatus()).isEqualTo("False");
    assertThat(compliant.getReason()).isEqualTo("ViolationsFound");
    assertThat(current().getStatus().getViolations()).singleElement()
        .satisfies(v -> {
          assertThat(v.getField()).isEqualTo("spec.group");
          assertThat(v.getMessage()).contains("developers").contains("eu-platform-oncall");
        });
    assertThat(condition("Active").getReason()).isEqualTo("Denied");
    assertThat(tenantBinding()).isNull();
    assertThat(grantSecret()).isNull();
    assertThat(current().getStatus().getGrantedAt()).isNull();
  }

  @Test
  void whenAnActiveGrantsGroupIsDroppedFromTheJurisdiction_thenItsAccessIsRevokedAndItIsDenied() {
    readyAcme(Duration.ofMinutes(10));
    harness.client.resource(grant("eu-platform-oncall", "view", "2h")).create();
    Poll.until("the grant is Active", () -> "Active".equals(phase()));

    harness.client.resources(dev.enclave.api.v1alpha1.Jurisdiction.class).withName("eu")
        .edit(j -> {
          j.getSpec().setAdminGroups(List.of("eu-security-team"));
          return j;
        });

    Poll.until("the grant is Denied", () -> "Denied".equals(phase()));
    assertThat(tenantBinding()).isNull();
    assertThat(grantSecret()).isNull();
    assertThat(condition("Active").getReason()).isEqualTo("Denied");
    assertThat(current().getStatus().getViolations()).extracting(v -> v.getField()).containsExactly("spec.group");
    assertThat(current().getStatus().getKubeconfigSecretRef()).isNull();
    assertThat(event("AccessDenied").getType()).isEqualTo("Warning");
  }

  @Test
  void whenTheTenantIsMissingOrNotYetAccessReady_thenTheGrantWaitsAndSaysForWhat() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    harness.client.resource(grant("eu-platform-oncall", "view", "2h")).create();

    Poll.until("the grant waits for its tenant", () -> "WaitingForTenantCluster".equals(reasonOf("Active")));
    assertThat(phase()).isEqualTo("Pending");
    assertThat(condition("Active").getMessage()).contains("TenantCluster tenants-eu/acme");

    TenantCluster acme = Fixtures.acme();
    harness.declare(acme);
    Poll.until("the grant waits for the tenant's API", () -> "WaitingForTenantAccess".equals(reasonOf("Active")));
    assertThat(phase()).isEqualTo("Pending");
    assertThat(condition("Active").getMessage()).contains("TenantAccessReady");
    assertThat(tenantBinding()).isNull();
    assertThat(grantSecret()).isNull();

    Poll.until("acme's control plane exists", () -> harness.controlPlane(acme) != null);
    harness.markControlPlaneReady(acme);
    Poll.until("the grant is Active", () -> "Active".equals(phase()));
  }

  @Test
  void whenTheGrantIsDeleted_thenItsBindingAndSecretAreRemovedBeforeItGoes() {
    readyAcme(Duration.ofMinutes(10));
    harness.client.resource(grant("eu-platform-oncall", "view", "2h")).create();
    Poll.until("the grant is Active", () -> "Active".equals(phase()));

    harness.client.resource(current()).delete();

    Poll.until("the grant is gone", () -> current() == null);
    assertThat(tenantBinding()).isNull();
    assertThat(grantSecret()).isNull();
  }

  @Test
  void whenTheTenantIsUnreachableAtDeletion_thenTheGrantStaysAndSaysSo_untilTheBindingIsRemoved() {
    unreachable = clientToAClosedPort();
    AtomicBoolean down = new AtomicBoolean();
    harness.tenantApis =
        (tenant, kubeconfig) -> Optional.of(down.get() ? unreachable : harness.tenantApi.client());
    readyAcme(Duration.ofMinutes(10));
    harness.client.resource(grant("eu-platform-oncall", "view", "2h")).create();
    Poll.until("the grant is Active", () -> "Active".equals(phase()));

    down.set(true);
    harness.client.resource(current()).delete();

    Poll.until("the grant reports its revocation pending", () -> "RevocationPending".equals(reasonOf("Active")));
    assertThat(current().getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(condition("Active").getMessage())
        .contains("deleting: ClusterRoleBinding " + BINDING + " is still in tenant cluster tenants-eu/acme")
        .contains("unreachable")
        .doesNotContain("\tat ");
    assertThat(event("RevocationFailed").getType()).isEqualTo("Warning");
    assertThat(tenantBinding()).isNotNull();

    down.set(false);
    Poll.until("the grant is gone", () -> current() == null);
    assertThat(tenantBinding()).isNull();
  }

  @Test
  void whenTheTenantsApiGoesDown_thenAnActiveGrantStaysActive_andAtExpiryItsRevocationWaitsForTheApi() {
    unreachable = clientToAClosedPort();
    AtomicBoolean down = new AtomicBoolean();
    harness.tenantApis =
        (tenant, kubeconfig) -> Optional.of(down.get() ? unreachable : harness.tenantApi.client());
    readyAcme(Duration.ofMillis(300));
    harness.client.resource(grant("eu-platform-oncall", "view", "1h")).create();
    Poll.until("the grant is Active", () -> "Active".equals(phase()));

    down.set(true);
    Poll.until(
        "acme's tenant API is unreachable",
        () -> !Conditions.isTrue(harness.tenant("tenants-eu", "acme").getStatus().getConditions(), "TenantAccessReady"));
    long reconciles = harness.operator.reconciles("accessgrant");
    Poll.until("the grant was reconciled", () -> harness.operator.reconciles("accessgrant") > reconciles);
    assertThat(phase()).isEqualTo("Active");

    harness.clock.advance(Duration.ofHours(1));
    // Up to one retry period: a reconcile that read acme's access as still ready tried the API.
    Poll.until("the grant's revocation waits", Duration.ofSeconds(75),
        () -> "RevocationPending".equals(reasonOf("Active")));
    assertThat(phase()).isEqualTo("Expired");
    assertThat(condition("Active").getMessage()).contains(BINDING).contains("unreachable");
    assertThat(tenantBinding()).isNotNull();

    down.set(false);
    Poll.until("the grant is Expired with everything removed", () -> "Expired".equals(reasonOf("Active")));
    assertThat(tenantBinding()).isNull();
    assertThat(grantSecret()).isNull();
  }

  private TenantCluster readyAcme(Duration resync) {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), resync));
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);
    Poll.until(
        "acme's tenant API took its RBAC",
        () -> Conditions.isTrue(harness.tenant("tenants-eu", "acme").getStatus().getConditions(), "TenantAccessReady"));
    return acme;
  }

  private static AccessGrant grant(String group, String role, String duration) {
    AccessGrant grant = new AccessGrant();
    grant.getMetadata().setNamespace("tenants-eu");
    grant.getMetadata().setName("incident-4711");
    AccessGrantSpec spec = new AccessGrantSpec();
    spec.setTenantCluster("acme");
    spec.setGroup(group);
    spec.setRole(role);
    spec.setDuration(duration);
    spec.setJustification("INC-4711: etcd latency alarm");
    grant.setSpec(spec);
    return grant;
  }

  private AccessGrant current() {
    return harness.client.resources(AccessGrant.class).inNamespace("tenants-eu").withName("incident-4711").get();
  }

  private String phase() {
    AccessGrant grant = current();
    return grant == null || grant.getStatus() == null ? null : grant.getStatus().getPhase();
  }

  private String reasonOf(String type) {
    AccessGrant grant = current();
    return grant == null || grant.getStatus() == null
        ? null
        : Conditions.find(grant.getStatus().getConditions(), type).map(Condition::getReason).orElse(null);
  }

  private Condition condition(String type) {
    return Conditions.find(current().getStatus().getConditions(), type).orElseThrow();
  }

  private ClusterRoleBinding tenantBinding() {
    return harness.tenantApi.client().rbac().clusterRoleBindings().withName(BINDING).get();
  }

  private Secret grantSecret() {
    return harness.client.secrets().inNamespace("tenants-eu").withName(SECRET).get();
  }

  private X509Certificate tenantCa(TenantCluster acme) {
    Secret ca =
        harness.client.secrets().inNamespace(HostNames.hostNamespace(acme)).withName(HostNames.caSecret(acme)).get();
    return dev.enclave.core.pki.CertificateAuthority.fromPem(text(ca, PkiSecret.TLS_CRT), text(ca, PkiSecret.TLS_KEY))
        .certificate();
  }

  private List<Event> events() {
    return harness.client.v1().events().inNamespace("tenants-eu").list().getItems().stream()
        .filter(e -> "AccessGrant".equals(e.getInvolvedObject().getKind()))
        .toList();
  }

  private Event event(String reason) {
    Poll.until("an " + reason + " event", () -> events().stream().anyMatch(e -> reason.equals(e.getReason())));
    return events().stream().filter(e -> reason.equals(e.getReason())).findFirst().orElseThrow();
  }

  /** Writes to the grant's own objects: its status, its Secret, Events about it. */
  private static List<String> grantWrites(List<String> writes) {
    return writes.stream()
        .filter(w -> w.contains("accessgrants") || w.contains("/secrets/" + SECRET) || w.contains("/namespaces/tenants-eu/secrets") || w.contains("/namespaces/tenants-eu/events"))
        .toList();
  }

  private static String text(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  /** A line from the middle of the client's private key PEM: it must appear nowhere else. */
  private static String kubeconfigKeyLine(Kubeconfig kubeconfig) {
    return kubeconfig.client().privateKeyPem().lines().skip(1).findFirst().orElseThrow();
  }

  private static KubernetesClient clientToAClosedPort() {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withConnectionTimeout(1000)
                .withRequestTimeout(1000)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }
}
