package dev.enclave.syncer.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A tenant cluster "bank" in tenants-eu, jurisdiction eu, and pods it might send. */
final class Fixtures {
  static final String JURISDICTION_KEY = "enclave.dev/jurisdiction";
  static final String HOST_NAMESPACE = "tc-tenants-eu-bank";
  static final String REGISTRY = "registry.eu.example.com";
  static final String IMAGE = REGISTRY + "/shop/web:1.2";
  static final PodContext CONTEXT = PodContext.of("10.96.0.10", "10.96.0.53");

  static final Toleration EU_TOLERATION =
      new TolerationBuilder()
          .withKey("enclave.dev/dedicated")
          .withOperator("Equal")
          .withValue("eu")
          .withEffect("NoSchedule")
          .build();

  private Fixtures() {}

  static SyncPolicy policy(String podSecurity) {
    return new SyncPolicy(
        "tenants-eu",
        "bank",
        HOST_NAMESPACE,
        "eu",
        Map.of(JURISDICTION_KEY, "eu"),
        List.of(EU_TOLERATION),
        List.of(REGISTRY),
        List.of("eu-encrypted", "eu-fast"),
        "gvisor",
        podSecurity,
        Set.of("ClusterIP", "LoadBalancer"));
  }

  static SyncPolicy restricted() {
    return policy("restricted");
  }

  static SyncPolicy baseline() {
    return policy("baseline");
  }

  /** A pod that passes the restricted level: non-root, no escalation, ALL dropped, seccomp. */
  static PodBuilder restrictedPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withUid("uid-1")
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("default")
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("web")
        .withImage(IMAGE)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec();
  }

  /** A plain pod: passes baseline, not restricted. */
  static PodBuilder baselinePod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(IMAGE)
        .endContainer()
        .endSpec();
  }

  static Pod synced(Translation<Pod> translation) {
    assertThat(translation).isInstanceOf(Translation.Synced.class);
    return ((Translation.Synced<Pod>) translation).hostObject();
  }

  static <T> List<Refusal> refused(Translation<T> translation) {
    assertThat(translation).isInstanceOf(Translation.Refused.class);
    return ((Translation.Refused<T>) translation).reasons();
  }

  static List<String> fields(Translation<?> translation) {
    return refused(translation).stream().map(Refusal::field).toList();
  }
}
