package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JurisdictionRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void a_fully_declared_jurisdiction_is_accepted() {
    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void a_jurisdiction_without_placement_is_refused() {
    platform.eu.getSpec().setPlacement(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly("Jurisdiction/eu: spec.placement: spec.placement is required");
  }

  @Test
  void a_jurisdiction_with_an_empty_node_selector_is_refused() {
    platform.eu.getSpec().getPlacement().setNodeSelector(Map.of());

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.placement.nodeSelector: spec.placement.nodeSelector is"
                + " required: without node labels tenant pods could run anywhere, e.g."
                + " enclave.dev/jurisdiction: eu");
  }

  @Test
  void a_jurisdiction_without_registries_is_refused() {
    platform.uk.getSpec().setRegistries(List.of());

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.registries: spec.registries is required: control-plane images"
                + " are pulled from the first registry");
  }

  @Test
  void a_jurisdiction_without_storage_classes_is_refused_and_so_are_its_tenants_volumes() {
    platform.uk.getSpec().setStorageClasses(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "DataStore/uk-postgres-1: spec.storageClass: storage class \"uk-encrypted\" is not"
                + " allowed in jurisdiction \"uk\"; allowed: none declared",
            "Jurisdiction/uk: spec.storageClasses: spec.storageClasses is required: tenant state"
                + " needs at least one storage class of the jurisdiction");
  }

  @Test
  void a_jurisdiction_without_key_management_is_refused() {
    platform.eu.getSpec().setKeyManagement(null);

    assertThat(platform.evaluate())
        .extracting(Violation::fieldPath)
        .containsExactly("spec.keyManagement.kmsEndpoint");
  }

  @Test
  void a_kms_endpoint_that_is_not_a_unix_socket_is_refused_with_the_reason() {
    platform.eu.getSpec().getKeyManagement().setKmsEndpoint("https://kms.eu.example.com");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.keyManagement.kmsEndpoint: KMS endpoint"
                + " \"https://kms.eu.example.com\" is not a unix:// socket: KMS v2 plugins listen"
                + " on a Unix socket, e.g. \"unix:///var/run/kmsplugin/eu.sock\"");
  }

  @Test
  void an_unknown_framework_is_refused_at_its_index() {
    platform.eu.getSpec().setFrameworks(List.of("GDPR", "GDRP"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.frameworks[1]: framework \"GDRP\" is not known; allowed:"
                + " EU-DATA-ACT, GDPR, NIS2, DORA, EU-AI-ACT, UK-GDPR, UK-DUAA");
  }

  @Test
  void every_known_framework_is_accepted() {
    platform.eu.getSpec().setFrameworks(Frameworks.KNOWN);

    assertThat(platform.evaluate()).isEmpty();
  }
}
