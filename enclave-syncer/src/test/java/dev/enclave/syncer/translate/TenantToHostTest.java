package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.fields;
import static dev.enclave.syncer.translate.Fixtures.refused;
import static dev.enclave.syncer.translate.Fixtures.restricted;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Services, Secrets, claims and endpoints follow the jurisdiction too. */
class TenantToHostTest {

  private static ServiceBuilder service(String type) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .addToSelector("app.kubernetes.io/name", "web")
        .addNewPort()
        .withPort(80)
        .withNodePort(30080)
        .endPort()
        .withClusterIP("10.0.0.1")
        .endSpec();
  }

  private static PersistentVolumeClaimBuilder claim(String storageClass) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("data")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withStorageClassName(storageClass)
        .withAccessModes("ReadWriteOnce")
        .endSpec();
  }

  @Test
  void aNodePortServiceIsRefusedWhereTheJurisdictionForbidsIt() {
    assertThat(refused(TenantToHost.service(service("NodePort").build(), restricted())))
        .containsExactly(
            new Refusal(
                "spec.type", "found \"NodePort\"; allowed: one of [ClusterIP, LoadBalancer]"));
  }

  @Test
  void anExternalNameServiceIsAlwaysRefusedBecauseItCanPointOutside() {
    Service external =
        service("ExternalName")
            .editSpec()
            .withExternalName("db.us.example.com")
            .withSelector(null)
            .endSpec()
            .build();

    assertThat(refused(TenantToHost.service(external, restricted())))
        .extracting(Refusal::message)
        .containsExactly(
            "found \"ExternalName\"; allowed: not ExternalName: it can point outside the"
                + " jurisdiction or at host services");
  }

  @Test
  void externalIpsAreRefused() {
    Service service =
        service("ClusterIP").editSpec().withExternalIPs("203.0.113.7").endSpec().build();

    assertThat(fields(TenantToHost.service(service, restricted())))
        .containsExactly("spec.externalIPs");
  }

  @Test
  void anAllowedServiceSelectsOnlySyncedPodsOfItsNamespaceAndGetsHostAddresses() {
    Service host =
        ((Translation.Synced<Service>)
                TenantToHost.service(service("LoadBalancer").build(), restricted()))
            .hostObject();

    assertThat(host.getMetadata().getName()).isEqualTo("web-x-shop");
    assertThat(host.getSpec().getSelector())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "app.kubernetes.io/managed-by", "enclave-syncer",
                    "enclave.dev/object-namespace", "shop",
                    "tenant.enclave.dev/app.kubernetes.io_name", "web")));
    assertThat(host.getSpec().getClusterIP()).isNull();
    assertThat(host.getSpec().getPorts().get(0).getNodePort()).isNull();
  }

  @Test
  void aServiceAccountTokenSecretIsRefusedAndOtherSecretsCopied() {
    Secret token =
        new SecretBuilder()
            .withNewMetadata()
            .withName("t")
            .withNamespace("shop")
            .endMetadata()
            .withType(TenantToHost.SERVICE_ACCOUNT_TOKEN)
            .build();
    Secret tls =
        new SecretBuilder(token).withType("kubernetes.io/tls").addToData("tls.crt", "eA==").build();

    assertThat(fields(TenantToHost.secret(token, restricted()))).containsExactly("type");
    assertThat(
            ((Translation.Synced<Secret>) TenantToHost.secret(tls, restricted()))
                .hostObject()
                .getData())
        .containsEntry("tls.crt", "eA==");
  }

  @Test
  void aClaimWithoutAStorageClassGetsTheJurisdictionsFirst() {
    PersistentVolumeClaim host =
        ((Translation.Synced<PersistentVolumeClaim>)
                TenantToHost.pvc(claim(null).build(), restricted()))
            .hostObject();

    assertThat(host.getSpec().getStorageClassName()).isEqualTo("eu-encrypted");
    assertThat(host.getMetadata().getName()).isEqualTo("data-x-shop");
  }

  @Test
  void aClaimWithAForeignStorageClassIsRefused() {
    assertThat(refused(TenantToHost.pvc(claim("us-standard").build(), restricted())))
        .containsExactly(
            new Refusal(
                "spec.storageClassName",
                "found \"us-standard\"; allowed: one of [eu-encrypted, eu-fast] or unset"));
  }

  @Test
  void aClaimBindingAHostVolumeByNameIsRefused() {
    PersistentVolumeClaim pvc =
        claim("eu-fast").editSpec().withVolumeName("pv-of-another-tenant").endSpec().build();

    assertThat(fields(TenantToHost.pvc(pvc, restricted()))).containsExactly("spec.volumeName");
  }

  @Test
  void aClaimClonedFromAnotherClaimPointsAtItsHostCopyAndSnapshotsAreRefused() {
    PersistentVolumeClaim clone =
        claim("eu-fast")
            .editSpec()
            .withNewDataSource()
            .withKind("PersistentVolumeClaim")
            .withName("old")
            .endDataSource()
            .endSpec()
            .build();
    PersistentVolumeClaim snapshot =
        claim("eu-fast")
            .editSpec()
            .withNewDataSource()
            .withApiGroup("snapshot.storage.k8s.io")
            .withKind("VolumeSnapshot")
            .withName("snap")
            .endDataSource()
            .endSpec()
            .build();

    assertThat(
            ((Translation.Synced<PersistentVolumeClaim>) TenantToHost.pvc(clone, restricted()))
                .hostObject()
                .getSpec()
                .getDataSource()
                .getName())
        .isEqualTo("old-x-shop");
    assertThat(fields(TenantToHost.pvc(snapshot, restricted())))
        .containsExactly("spec.dataSource.kind");
  }

  @Test
  void anEndpointSliceOfASelectorlessServiceIsRenamedAndLabelledForTheHostService() {
    Service selectorless = service("ClusterIP").editSpec().withSelector(null).endSpec().build();
    EndpointSlice slice =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName("web-abc")
            .withNamespace("shop")
            .addToLabels("kubernetes.io/service-name", "web")
            .addToLabels(
                "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
            .endMetadata()
            .withAddressType("IPv4")
            .addNewEndpoint()
            .withAddresses("10.1.2.3")
            .endEndpoint()
            .build();

    EndpointSlice host =
        ((Translation.Synced<EndpointSlice>)
                TenantToHost.endpointSlice(slice, selectorless, restricted()))
            .hostObject();

    assertThat(host.getMetadata().getName()).isEqualTo("web-abc-x-shop");
    assertThat(host.getMetadata().getLabels())
        .containsEntry("kubernetes.io/service-name", "web-x-shop")
        .containsEntry("endpointslice.kubernetes.io/managed-by", TenantToHost.SLICE_MANAGER);
    assertThat(
            fields(TenantToHost.endpointSlice(slice, service("ClusterIP").build(), restricted())))
        .hasSize(1);
  }
}
