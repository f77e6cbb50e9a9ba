package dev.enclave.operator.webhook;

import static dev.enclave.operator.webhook.WebhookFixtures.dataStore;
import static dev.enclave.operator.webhook.WebhookFixtures.grant;
import static dev.enclave.operator.webhook.WebhookFixtures.jurisdiction;
import static dev.enclave.operator.webhook.WebhookFixtures.tenant;
import static dev.enclave.operator.webhook.WebhookHttps.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.operator.ClientPlatformSource;
import dev.enclave.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Enclave's own objects through /validate-enclave, with the messages of enclavectl check. */
@EnableKubernetesMockClient(crud = true)
class WebhookEnclaveObjectsTest {
  KubernetesClient client;
  private AdmissionWebhookServer server;
  private WebhookHttps https;

  @BeforeEach
  void startWebhookOnAnEuHost() throws Exception {
    client.resource(jurisdiction("eu")).create();
    client.resource(jurisdiction("uk")).create();
    client.resource(dataStore()).create();
    client.resource(tenant("acme")).create();
    client.resource(grant()).create();
    assertThat(ComplianceRules.evaluate(new ClientPlatformSource(client).snapshot())).isEmpty();
    WebhookTls tls = new WebhookTls();
    OperatorConfig config =
        new OperatorConfig(
            Set.of("eu"), "enclave-system", 0, 0, 0, Duration.ofMinutes(10), false, "test");
    server =
        AdmissionWebhookServer.start(
            new ClientPlatformSource(client), NamespaceLookup.of(client), config, tls.server());
    https = new WebhookHttps(tls.client(), server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void whenACompliantTenantClusterIsCreated_thenItIsAllowedAndTheUidEchoed() throws Exception {
    var request = request("CREATE", tenant("globex")).build();

    AdmissionResponse response = https.review(AdmissionWebhookServer.ENCLAVE_PATH, request);

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getUid()).isEqualTo(request.getUid());
  }

  @Test
  void whenATenantAsksForAForeignStorageClass_thenTheCheckMessageIsReturned() throws Exception {
    TenantCluster tenant = tenant("acme");
    tenant.getSpec().getDataStore().getEmbedded().setStorageClass("us-fast");

    AdmissionResponse response = send("UPDATE", tenant);

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(403);
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "TenantCluster/acme: spec.dataStore.embedded.storageClass: storage class \"us-fast\""
                + " is not allowed in jurisdiction \"eu\"; allowed: eu-encrypted")
        .isEqualTo(checkMessage(tenant));
  }

  @Test
  void whenATenantBreaksSeveralRules_thenEveryViolationIsOneLine() throws Exception {
    TenantCluster tenant = tenant("acme");
    tenant.getSpec().getControlPlane().setReplicas(2);
    tenant.getSpec().getAudit().setSink("us-siem");

    AdmissionResponse response = send("UPDATE", tenant);

    assertThat(response.getStatus().getMessage()).isEqualTo(checkMessage(tenant));
    assertThat(response.getStatus().getMessage().split("\n"))
        .hasSize(2)
        .allMatch(line -> line.startsWith("TenantCluster/acme: spec."));
  }

  @Test
  void whenAJurisdictionHasNoPlacement_thenItIsDenied() throws Exception {
    Jurisdiction eu = jurisdiction("eu");
    eu.getSpec().getPlacement().getNodeSelector().clear();

    AdmissionResponse response = send("UPDATE", eu);

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .startsWith("Jurisdiction/eu: spec.placement.nodeSelector: ")
        .isEqualTo(checkMessage(eu));
  }

  @Test
  void whenADataStoreHasAnUnknownDriver_thenItIsDenied() throws Exception {
    DataStore store = dataStore();
    store.getSpec().setDriver("mongodb");

    AdmissionResponse response = send("UPDATE", store);

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "DataStore/eu-postgres-1: spec.driver: driver \"mongodb\" is not known; allowed:"
                + " postgresql, etcd")
        .isEqualTo(checkMessage(store));
  }

  @Test
  void whenAnAccessGrantNamesAForeignGroup_thenItIsDenied() throws Exception {
    AccessGrant grant = grant();
    grant.getSpec().setGroup("uk-platform-oncall");

    AdmissionResponse response = send("CREATE", grant);

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "AccessGrant/incident-4711: spec.group: group \"uk-platform-oncall\" is not allowed in"
                + " jurisdiction \"eu\"; allowed: eu-platform-oncall")
        .isEqualTo(checkMessage(grant));
  }

  @Test
  void whenAGrantThatNoLongerCompliesLosesItsFinalizer_thenTheUpdateIsAllowed_butNotASpecChange()
      throws Exception {
    AccessGrant before = grant();
    before.getSpec().setGroup("uk-platform-oncall"); // admitted once, its jurisdiction changed since
    before.getMetadata().setFinalizers(java.util.List.of("enclave.dev/finalizer"));
    AccessGrant after = io.fabric8.kubernetes.client.utils.Serialization.clone(before);
    after.getMetadata().setFinalizers(java.util.List.of());

    AdmissionResponse finalizerRemoved = https.review(AdmissionWebhookServer.ENCLAVE_PATH,
        WebhookHttps.request("UPDATE", after).withOldObject(before).build());
    assertThat(finalizerRemoved.getAllowed()).isTrue();

    AccessGrant longer = io.fabric8.kubernetes.client.utils.Serialization.clone(before);
    longer.getSpec().setDuration("3h");
    AdmissionResponse specChanged = https.review(AdmissionWebhookServer.ENCLAVE_PATH,
        WebhookHttps.request("UPDATE", longer).withOldObject(before).build());
    assertThat(specChanged.getAllowed()).isFalse();
    assertThat(specChanged.getStatus().getMessage()).contains("spec.group: group \"uk-platform-oncall\"");
  }

  @Test
  void whenATenantClusterOfAJurisdictionThisHostDoesNotServeIsCreated_thenItIsDenied()
      throws Exception {
    TenantCluster tenant = tenant("initech");
    tenant.getMetadata().setNamespace("tenants-uk");
    tenant.getSpec().setJurisdiction("uk");
    tenant.getSpec().getDataStore().getEmbedded().setStorageClass("uk-encrypted");
    tenant.getSpec().getAudit().setSink("uk-siem");
    tenant.getSpec().getBackup().setTarget("uk-backups");

    AdmissionResponse response = send("CREATE", tenant);

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "TenantCluster/initech: spec.jurisdiction: jurisdiction \"uk\" is not served by this"
                + " host cluster; served: eu");
  }

  @Test
  void whenAJurisdictionStillUsedIsDeleted_thenTheUsersAreNamed() throws Exception {
    AdmissionResponse response = send("DELETE", jurisdiction("eu"));

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "Jurisdiction/eu: metadata.name: cannot be deleted while in use by"
                + " TenantCluster/tenants-eu/acme, DataStore/eu-postgres-1; delete or move them"
                + " first");
  }

  @Test
  void whenAnUnusedJurisdictionOrATenantIsDeleted_thenItIsAllowed() throws Exception {
    assertThat(send("DELETE", jurisdiction("uk")).getAllowed()).isTrue();
    assertThat(send("DELETE", tenant("acme")).getAllowed()).isTrue();
  }

  @Test
  void whenADataStoreStillReferencedIsDeleted_thenTheTenantsAreNamed() throws Exception {
    TenantCluster tenant = tenant("acme");
    tenant.getSpec().getDataStore().setEmbedded(null);
    tenant.getSpec().getDataStore().setRef("eu-postgres-1");
    client.resource(tenant).update();

    AdmissionResponse response = send("DELETE", dataStore());

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .contains(
            "DataStore/eu-postgres-1: metadata.name: cannot be deleted while in use by"
                + " TenantCluster/tenants-eu/acme");
  }

  @Test
  void whenADryRunCarriesAViolation_thenItIsDeniedTheSameWay() throws Exception {
    TenantCluster tenant = tenant("acme");
    tenant.getSpec().getDataStore().getEmbedded().setStorageClass("us-fast");

    AdmissionResponse response =
        https.review(
            AdmissionWebhookServer.ENCLAVE_PATH,
            request("UPDATE", tenant).withDryRun(true).build());

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage()).isEqualTo(checkMessage(tenant));
  }

  @Test
  @SuppressWarnings("unchecked")
  void whenANumberFitsTheCrdButNotTheApiClass_thenTheDenialNamesTheField() throws Exception {
    TenantCluster tenant = tenant("acme");
    Map<String, Object> object = Serialization.jsonMapper().convertValue(tenant, Map.class);
    Map<String, Object> spec = (Map<String, Object>) object.get("spec");
    ((Map<String, Object>) spec.get("backup")).put("retention", Long.MAX_VALUE);
    var generic = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);

    AdmissionResponse response =
        https.review(
            AdmissionWebhookServer.ENCLAVE_PATH,
            request("CREATE", tenant).withObject(generic).build());

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "TenantCluster/acme: spec.backup.retention: number 9223372036854775807 is out of range"
                + " for this field; allowed: -2147483648 to 2147483647 (TenantCluster schema)");
  }

  private AdmissionResponse send(String operation, HasMetadata object) throws Exception {
    return https.review(AdmissionWebhookServer.ENCLAVE_PATH, request(operation, object).build());
  }

  /** What enclavectl check reports about the object on the platform it would create. */
  private String checkMessage(HasMetadata object) {
    var platform = PlatformEdits.with(new ClientPlatformSource(client).snapshot(), object);
    return String.join(
        "\n",
        ComplianceRules.forObject(ComplianceRules.evaluate(platform), object).stream()
            .map(v -> v.describe())
            .toList());
  }
}
