package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.refused;
import static dev.enclave.syncer.translate.Fixtures.restricted;
import static dev.enclave.syncer.translate.Fixtures.restrictedPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Image vectors: images only from registry.eu.example.com, parsed, never prefix-matched. */
class ImageVectorsTest {
  private static final List<String> REGISTRIES = List.of(Fixtures.REGISTRY);

  private static Pod withImage(String image) {
    return restrictedPod()
        .editSpec()
        .editFirstContainer()
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void aDockerHubImageIsRefusedNamingItsRegistry() {
    assertThat(
            refused(
                PodEnforcer.toHost(
                    withImage("docker.io/library/nginx:1.27"), restricted(), Fixtures.CONTEXT)))
        .containsExactly(
            new Refusal(
                "spec.containers[0].image",
                "found \"docker.io/library/nginx:1.27\"; allowed: images from"
                    + " registry.eu.example.com (this one is from docker.io)"));
  }

  @ParameterizedTest(name = "{0} is foreign")
  @MethodSource("dev.enclave.syncer.translate.EscapeVectors#foreignImages")
  void foreignLookAlikeAndMalformedImagesAreRefused(String image) {
    assertThat(ImagePolicy.allowed(image, REGISTRIES)).isFalse();
  }

  @ParameterizedTest(name = "{0} is allowed")
  @ValueSource(
      strings = {
        "registry.eu.example.com/shop/web",
        "registry.eu.example.com/shop/web:1.2",
        "REGISTRY.eu.example.com/shop/web:1.2",
        "registry.eu.example.com/shop/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "registry.eu.example.com/web:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void imagesOfTheJurisdictionsRegistryAreAllowed(String image) {
    assertThat(ImagePolicy.allowed(image, REGISTRIES)).isTrue();
  }

  @Test
  void aRegistryEntryWithARepositoryPrefixMatchesOnlyAtAPathBoundary() {
    List<String> registries = List.of("registry.eu.example.com/bank");

    assertThat(ImagePolicy.allowed("registry.eu.example.com/bank/web:1", registries)).isTrue();
    assertThat(ImagePolicy.allowed("registry.eu.example.com/bankrupt/web:1", registries)).isFalse();
  }

  @Test
  void aMissingImageIsRefused() {
    assertThat(refused(PodEnforcer.toHost(withImage(null), restricted(), Fixtures.CONTEXT)))
        .extracting(Refusal::message)
        .containsExactly(
            "found \"unset\"; allowed: a valid image reference; images from"
                + " registry.eu.example.com");
  }
}
