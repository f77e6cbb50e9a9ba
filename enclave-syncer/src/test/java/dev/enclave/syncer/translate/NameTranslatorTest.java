package dev.enclave.syncer.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Host names are deterministic, collision-free DNS-1123 labels, and lead back to the tenant. */
class NameTranslatorTest {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @Test
  void aShortNameUsesVclustersReadableConvention() {
    assertThat(NameTranslator.hostName("shop", "web")).isEqualTo("web-x-shop");
  }

  @Test
  void aLongNameIsTruncatedAndHashedWithinSixtyThreeCharacters() {
    String name = NameTranslator.hostName("payments-production", "a".repeat(60));

    assertThat(name).hasSize(63).matches(LABEL).matches(".*-[0-9a-f]{10}");
    assertThat(NameTranslator.hostName("payments-production", "a".repeat(60))).isEqualTo(name);
  }

  @Test
  void namesThatWouldReadTheSameAreKeptApart() {
    Set<String> names = new HashSet<>();
    names.add(NameTranslator.hostName("c", "a-x-b"));
    names.add(NameTranslator.hostName("b-x-c", "a"));
    names.add(NameTranslator.hostName("x-b", "a"));
    names.add(NameTranslator.hostName("b", "a-x"));
    names.add(NameTranslator.hostName("ns", "cm-0123456789"));
    names.add(NameTranslator.hostName("0123456789", "cm-x-ns"));

    assertThat(names).hasSize(6).allMatch(n -> n.matches(LABEL) && n.length() <= 63);
  }

  @Test
  void namesWithDotsBecomeValidLabels() {
    assertThat(NameTranslator.hostName("shop", "kube-root-ca.crt"))
        .matches(LABEL)
        .startsWith("kube-root-ca-crt-x-shop-");
  }

  @Test
  void theTokenSecretNeverEqualsASyncedObjectsName() {
    assertThat(NameTranslator.tokenSecretName("shop", "web"))
        .isNotEqualTo(NameTranslator.hostName("shop", "web-token"))
        .matches(LABEL);
  }

  @Test
  void labelsInHostNamespacesAreMovedAndEnclaveLabelsDropped() {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("shop")
            .addToLabels("app", "web")
            .addToLabels("app.kubernetes.io/name", "web")
            .addToLabels("argocd.argoproj.io/instance", "platform")
            .addToLabels("enclave.dev/tenant-cluster", "other-bank")
            .endMetadata()
            .build();

    assertThat(NameTranslator.hostLabels(Fixtures.restricted(), cm))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "app", "web",
                    "tenant.enclave.dev/app.kubernetes.io_name", "web",
                    "tenant.enclave.dev/argocd.argoproj.io_instance", "platform",
                    "app.kubernetes.io/managed-by", "enclave-syncer",
                    "enclave.dev/tenant-cluster", "bank",
                    "enclave.dev/tenant-namespace", "tenants-eu",
                    "enclave.dev/jurisdiction", "eu",
                    "enclave.dev/object-namespace", "shop")));
  }

  @Test
  void annotationsThatWouldClaimOrConfigureHostObjectsAreDropped() {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("shop")
            .withUid("u-1")
            .addToAnnotations("meta.helm.sh/release-name", "platform")
            .addToAnnotations("sidecar.istio.io/inject", "true")
            .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
            .addToAnnotations("enclave.dev/object-name", "someone-else")
            .addToAnnotations("team", "payments")
            .endMetadata()
            .build();

    assertThat(NameTranslator.hostAnnotations(cm))
        .containsOnlyKeys(
            "team",
            NameTranslator.OBJECT_KIND,
            NameTranslator.OBJECT_NAME,
            NameTranslator.OBJECT_NAMESPACE,
            NameTranslator.OBJECT_UID)
        .containsEntry(NameTranslator.OBJECT_NAME, "c");
  }

  @Test
  void theTenantObjectIsReadBackFromTheHostCopyAndNullsGiveNothing() {
    ConfigMap tenant =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("shop")
            .withUid("u-1")
            .endMetadata()
            .build();
    ConfigMap host =
        ((Translation.Synced<ConfigMap>) TenantToHost.configMap(tenant, Fixtures.restricted()))
            .hostObject();

    assertThat(NameTranslator.tenantRef(host))
        .contains(new TenantRef("ConfigMap", "shop", "c", "u-1"));
    assertThat(NameTranslator.tenantRef(null)).isEmpty();
    assertThat(NameTranslator.tenantRef(new ConfigMap())).isEmpty();
  }
}
