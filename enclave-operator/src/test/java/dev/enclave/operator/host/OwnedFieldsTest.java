package dev.enclave.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

class OwnedFieldsTest {
  private static Service desired() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("acme")
        .withNamespace("tc-tenants-eu-acme")
        .addToLabels("app.kubernetes.io/managed-by", "enclave")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", "acme")
        .addNewPort()
        .withName("https")
        .withPort(443)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void fieldsTheServerAddedDoNotCountAsDrift() {
    Service actual =
        new ServiceBuilder(desired())
            .editMetadata()
            .withResourceVersion("7")
            .addToLabels("added-by", "someone-else")
            .endMetadata()
            .editSpec()
            .withClusterIP("10.0.0.7")
            .editFirstPort()
            .withProtocol("TCP")
            .endPort()
            .endSpec()
            .build();

    assertThat(OwnedFields.heldBy(desired(), actual)).isTrue();
  }

  @Test
  void aChangedOrMissingOwnedFieldIsDrift() {
    Service changedPort =
        new ServiceBuilder(desired())
            .editSpec()
            .editFirstPort()
            .withPort(6443)
            .endPort()
            .endSpec()
            .build();
    Service extraPort =
        new ServiceBuilder(desired())
            .editSpec()
            .addNewPort()
            .withPort(80)
            .endPort()
            .endSpec()
            .build();
    Service noLabel =
        new ServiceBuilder(desired()).editMetadata().withLabels(null).endMetadata().build();

    assertThat(OwnedFields.heldBy(desired(), changedPort)).isFalse();
    assertThat(OwnedFields.heldBy(desired(), extraPort)).isFalse();
    assertThat(OwnedFields.heldBy(desired(), noLabel)).isFalse();
  }

  @Test
  void mergingPutsOwnedFieldsBackAndKeepsTheRest() {
    Service actual =
        new ServiceBuilder(desired())
            .editMetadata()
            .withResourceVersion("7")
            .endMetadata()
            .editSpec()
            .withClusterIP("10.0.0.7")
            .editFirstPort()
            .withPort(6443)
            .endPort()
            .addNewPort()
            .withPort(80)
            .endPort()
            .endSpec()
            .build();

    Service merged = OwnedFields.mergedInto(actual, desired());

    assertThat(merged.getSpec().getPorts()).hasSize(1);
    assertThat(merged.getSpec().getPorts().get(0).getPort()).isEqualTo(443);
    assertThat(merged.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
    assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(OwnedFields.heldBy(desired(), merged)).isTrue();
  }
}
