package dev.enclave.syncer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.syncer.translate.TenantRef;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GarbageCollectionTest {
  private static final List<HasMetadata> HOST =
      List.of(
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("gone-x-shop")
              .addToAnnotations("ref", "gone")
              .endMetadata()
              .build(),
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("kept-x-shop")
              .addToAnnotations("ref", "kept")
              .endMetadata()
              .build());

  private static TenantRef ref(HasMetadata o) {
    return new TenantRef("ConfigMap", "shop", o.getMetadata().getAnnotations().get("ref"), null);
  }

  @Test
  void whenTheTenantCacheHasNotSyncedThenNothingIsCollected() {
    GarbageCollection.Decision decision =
        GarbageCollection.orphans(false, true, HOST, GarbageCollectionTest::ref, r -> false);

    assertThat(decision).isInstanceOf(GarbageCollection.Decision.NotYet.class);
    assertThat(((GarbageCollection.Decision.NotYet) decision).reason()).contains("tenant cache");
  }

  @Test
  void whenTheHostCacheHasNotSyncedThenNothingIsCollected() {
    assertThat(GarbageCollection.orphans(true, false, HOST, GarbageCollectionTest::ref, r -> false))
        .isInstanceOf(GarbageCollection.Decision.NotYet.class);
  }

  @Test
  void whenBothCachesHaveSyncedThenOnlyCopiesOfMissingTenantObjectsAreCollected() {
    GarbageCollection.Decision decision =
        GarbageCollection.orphans(
            true, true, HOST, GarbageCollectionTest::ref, r -> r.name().equals("kept"));

    assertThat(((GarbageCollection.Decision.Delete) decision).orphans())
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("gone-x-shop");
  }

  @Test
  void whenAHostObjectNamesNoTenantObjectThenItIsNeverCollected() {
    GarbageCollection.Decision decision =
        GarbageCollection.orphans(true, true, HOST, o -> null, r -> false);

    assertThat(((GarbageCollection.Decision.Delete) decision).orphans()).isEmpty();
  }

  @Test
  void whenAHostServiceCarriesATenantServiceBeingRecreatedThenItIsNeverCollected() {
    HasMetadata journaled =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("web-x-shop")
            .addToAnnotations("ref", "web")
            .addToAnnotations(ServiceRecreation.JOURNAL, "{}")
            .endMetadata()
            .build();

    GarbageCollection.Decision decision =
        GarbageCollection.orphans(
            true, true, List.of(journaled), GarbageCollectionTest::ref, r -> false);

    assertThat(((GarbageCollection.Decision.Delete) decision).orphans()).isEmpty();
  }
}
