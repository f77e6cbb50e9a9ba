package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.baseline;
import static dev.enclave.syncer.translate.Fixtures.baselinePod;
import static dev.enclave.syncer.translate.Fixtures.restricted;
import static dev.enclave.syncer.translate.Fixtures.restrictedPod;
import static dev.enclave.syncer.translate.Fixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compliant pods are synced with the jurisdiction merged in and the tenant's intent kept. */
class CompliantPodTest {

  @Test
  void aRestrictedPodIsSyncedWithPlacementTokenDnsAndIdentityMerged() {
    Pod tenant =
        restrictedPod()
            .editMetadata()
            .addToLabels("enclave.dev/jurisdiction", "uk")
            .addToLabels("app.kubernetes.io/managed-by", "Helm")
            .addToAnnotations("meta.helm.sh/release-name", "platform")
            .addToAnnotations("team", "payments")
            .endMetadata()
            .editSpec()
            .addToVolumes(
                new VolumeBuilder()
                    .withName("config")
                    .withNewConfigMap()
                    .withName("web-config")
                    .endConfigMap()
                    .build(),
                new VolumeBuilder()
                    .withName("data")
                    .withNewPersistentVolumeClaim("data", false)
                    .build())
            .editFirstContainer()
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName("db-credentials")
            .endSecretRef()
            .endEnvFrom()
            .endContainer()
            .addNewImagePullSecret("pull")
            .endSpec()
            .build();

    Pod host = synced(PodEnforcer.toHost(tenant, restricted(), Fixtures.CONTEXT));

    assertThat(host.getMetadata().getName()).isEqualTo("web-x-shop");
    assertThat(host.getMetadata().getNamespace()).isEqualTo(Fixtures.HOST_NAMESPACE);
    assertThat(host.getMetadata().getLabels())
        .containsEntry("enclave.dev/jurisdiction", "eu")
        .containsEntry("app.kubernetes.io/managed-by", "enclave-syncer")
        .containsEntry("tenant.enclave.dev/app.kubernetes.io_managed-by", "Helm")
        .containsEntry("app", "web")
        .containsEntry(NameTranslator.OBJECT_NAMESPACE, "shop");
    assertThat(host.getMetadata().getAnnotations())
        .containsEntry("team", "payments")
        .containsEntry(NameTranslator.OBJECT_UID, "uid-1")
        .doesNotContainKey("meta.helm.sh/release-name");
    assertThat(host.getMetadata().getOwnerReferences()).isNullOrEmpty();
    PlacementVectorsTest.assertEveryTermRequiresEu(host);
    assertThat(host.getSpec().getTolerations()).containsExactly(Fixtures.EU_TOLERATION);
    assertThat(host.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
    assertThat(host.getSpec().getEnableServiceLinks()).isFalse();
    assertThat(host.getSpec().getDnsPolicy()).isEqualTo("None");
    assertThat(host.getSpec().getDnsConfig().getNameservers()).containsExactly("10.96.0.53");
    assertThat(host.getSpec().getDnsConfig().getSearches())
        .containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(host.getSpec().getDnsConfig().getOptions())
        .containsExactly(new PodDNSConfigOption("ndots", "5"));
    assertThat(host.getSpec().getHostname()).isEqualTo("web");
    assertThat(host.getSpec().getVolumes())
        .extracting(v -> v.getName())
        .containsExactly("config", "data", ServiceAccountTokens.VOLUME);
    assertThat(host.getSpec().getVolumes().get(0).getConfigMap().getName())
        .isEqualTo("web-config-x-shop");
    assertThat(host.getSpec().getVolumes().get(1).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("data-x-shop");
    assertThat(host.getSpec().getContainers().get(0).getEnvFrom().get(0).getSecretRef().getName())
        .isEqualTo("db-credentials-x-shop");
    assertThat(host.getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("pull-x-shop");
    assertThat(host.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(host.getStatus()).isNull();
  }

  @Test
  void theDownwardApiReportsTheTenantsNameNamespaceAndMovedLabels() {
    Pod tenant =
        restrictedPod()
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("APP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['app.kubernetes.io/name']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    var env =
        synced(PodEnforcer.toHost(tenant, restricted(), Fixtures.CONTEXT))
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv();

    assertThat(env)
        .filteredOn(e -> e.getValueFrom() != null)
        .extracting(e -> e.getValueFrom().getFieldRef().getFieldPath())
        .containsExactly(
            "metadata.annotations['enclave.dev/object-name']",
            "metadata.labels['tenant.enclave.dev/app.kubernetes.io_name']");
  }

  @Test
  void theTenantPodIsNeverModified() {
    Pod tenant = restrictedPod().build();
    Pod before = restrictedPod().build();

    PodEnforcer.toHost(tenant, restricted(), Fixtures.CONTEXT);

    assertThat(tenant).isEqualTo(before);
  }

  @Test
  void theHostCopySharesNoMutableStateWithTheTenantPod() {
    Pod tenant =
        restrictedPod()
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .addToLimits("memory", new Quantity("128Mi"))
            .endResources()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/ready")
            .withNewPort(8080)
            .endHttpGet()
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .build();
    Pod before = Serialization.clone(tenant);

    Pod host =
        ((Translation.Synced<Pod>) PodEnforcer.toHost(tenant, restricted(), Fixtures.CONTEXT))
            .hostObject();
    Container copy = host.getSpec().getContainers().get(0);
    copy.getResources().getRequests().get("cpu").setAmount("4");
    copy.getResources().getLimits().put("memory", new Quantity("1Gi"));
    copy.getReadinessProbe().getHttpGet().setPath("/changed");
    copy.getSecurityContext().setRunAsUser(0L);
    host.getSpec().getVolumes().clear();

    assertThat(tenant).isEqualTo(before);
  }

  @Test
  void aBaselinePodIsSyncedUnderBaselineWithItsOwnDnsSettingsAfterTheTenants() {
    Pod tenant =
        baselinePod()
            .editSpec()
            .withNewDnsConfig()
            .withNameservers("1.1.1.1")
            .withSearches("corp.example.com")
            .addNewOption()
            .withName("ndots")
            .withValue("2")
            .endOption()
            .endDnsConfig()
            .endSpec()
            .build();

    Pod host = synced(PodEnforcer.toHost(tenant, baseline(), Fixtures.CONTEXT));

    assertThat(host.getSpec().getDnsConfig().getNameservers())
        .containsExactly("10.96.0.53", "1.1.1.1");
    assertThat(host.getSpec().getDnsConfig().getSearches()).endsWith("corp.example.com");
    assertThat(host.getSpec().getDnsConfig().getOptions())
        .containsExactly(new PodDNSConfigOption("ndots", "2"));
  }

  @Test
  void everyRefusalOfAHostilePodIsReportedAtOnce() {
    Pod hostile =
        baselinePod()
            .editSpec()
            .withNodeName("uk-node-1")
            .withHostNetwork(true)
            .editFirstContainer()
            .withImage("nginx")
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThat(Fixtures.fields(PodEnforcer.toHost(hostile, baseline(), Fixtures.CONTEXT)))
        .containsExactlyInAnyOrder(
            "spec.nodeName",
            "spec.hostNetwork",
            "spec.containers[0].securityContext.privileged",
            "spec.containers[0].image");
  }

  @Test
  void aSpoofedJurisdictionLabelIsDroppedAndTheRealOneSet() {
    Pod tenant =
        restrictedPod()
            .editMetadata()
            .withLabels(
                Map.of("enclave.dev/jurisdiction", "uk", "enclave.dev/tenant-cluster", "other"))
            .endMetadata()
            .build();

    Map<String, String> labels =
        synced(PodEnforcer.toHost(tenant, restricted(), Fixtures.CONTEXT))
            .getMetadata()
            .getLabels();

    assertThat(labels)
        .containsEntry("enclave.dev/jurisdiction", "eu")
        .containsEntry("enclave.dev/tenant-cluster", "bank")
        .doesNotContainValue("uk")
        .doesNotContainValue("other");
  }

  @Test
  void aPodWithNullsEverywhereIsRefusedOrSyncedButNeverThrows() {
    Pod pod = new Pod();
    assertThat(Fixtures.fields(PodEnforcer.toHost(pod, restricted(), Fixtures.CONTEXT)))
        .containsExactly("metadata");
    Pod noSpec = baselinePod().withSpec(null).build();
    assertThat(Fixtures.fields(PodEnforcer.toHost(noSpec, restricted(), Fixtures.CONTEXT)))
        .containsExactly("spec");
    Pod empties = baselinePod().build();
    empties.getSpec().setVolumes(null);
    empties.getSpec().setTolerations(java.util.Arrays.asList(null, null));
    empties.getSpec().setNodeSelector(Map.of());
    empties.getSpec().getContainers().get(0).setEnv(java.util.Arrays.asList(null, null));
    assertThat(PodEnforcer.toHost(empties, baseline(), Fixtures.CONTEXT))
        .isInstanceOf(Translation.Synced.class);
  }
}
