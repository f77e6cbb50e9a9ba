package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.CaRotationStatus;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneStatefulSetBuilder;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.Kubeconfig;
import dev.enclave.core.pki.Pem;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.tenant.TenantCaRotation;
import dev.enclave.operator.tenant.TenantSecrets;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster CA rotation on fabric8's mock: the Secrets and pod templates of each step, and that no
 * step starts before the previous one has rolled out. The rotation on a real tenant API server,
 * with kubectl working throughout, is in PlaygroundIT.
 */
class CaRotationTest {
  private final OperatorHarness harness = new OperatorHarness();
  private final TenantCluster acme = Fixtures.acme();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void eachStepIsWrittenThenRolledOutBeforeTheNextAndTheOldCaIsDroppedLast() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    harness.provisionReady(acme);
    X509Certificate oldCa = Pem.readCertificate(secret("acme-ca").get("tls.crt"));
    String oldServing = secret("acme-apiserver-tls").get("tls.crt");

    annotate(Map.of(TenantCaRotation.ROTATE_CA, "CHG-1042", TenantCaRotation.ROTATE_CA_OVERLAP, "0s"));

    Poll.until("step TrustNew is rendered", () -> "CHG-1042/TrustNew".equals(podAnnotation()));
    // the pods are rendered in the reconcile that writes the status, just before it
    Poll.until("step TrustNew is in status", () -> rotation() != null);
    List<X509Certificate> trusted = Pem.readCertificates(secret("acme-ca").get("ca.crt"));
    assertThat(trusted).hasSize(2).contains(oldCa);
    X509Certificate newCa = trusted.get(1);
    assertThat(secret("acme-apiserver-tls").get("tls.crt")).isEqualTo(oldServing);
    assertThat(adminKubeconfig().trusted()).containsExactly(oldCa, newCa);
    assertThat(rotation().getStep()).isEqualTo("TrustNew");
    assertThat(rotation().getPreviousCa()).startsWith("sha256:");
    // polled: the mock does not refuse a status write of a stale read (a real API server does)
    Poll.until("the rotation waits for the roll-out",
        () -> TenantCaRotation.ROTATING.equals(condition().getReason())
            && condition().getMessage().contains("the StatefulSet controller has not seen the new template yet"));

    rollOut();
    Poll.until("step SignWithNew is rendered", () -> "CHG-1042/SignWithNew".equals(podAnnotation()));
    assertThat(Pem.readCertificates(secret("acme-ca").get("ca.crt"))).containsExactly(newCa, oldCa);
    assertThat(Pem.readCertificate(secret("acme-ca").get("tls.crt"))).isEqualTo(newCa);
    assertThat(secret("acme-ca")).doesNotContainKeys("next.crt", "next.key");
    assertThat(signedBy(Pem.readCertificate(secret("acme-apiserver-tls").get("tls.crt")), newCa)).isTrue();
    assertThat(signedBy(adminKubeconfig().client().certificate(), newCa)).isTrue();

    rollOut();
    Poll.until("step DropOld is rendered", () -> "CHG-1042/DropOld".equals(podAnnotation()));
    assertThat(Pem.readCertificates(secret("acme-ca").get("ca.crt"))).containsExactly(newCa);
    assertThat(adminKubeconfig().trusted()).containsExactly(newCa);
    assertThat(rotation().getCompletedAt()).isNull();

    rollOut();
    Poll.until("the rotation completes", () -> rotation().getCompletedAt() != null);
    assertThat(condition().getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(condition().getMessage())
        .contains("cluster CA rotated for \"CHG-1042\"")
        .contains(rotation().getPreviousCa() + " replaced by " + rotation().getNewCa());
    assertThat(harness.phaseOf(acme)).isEqualTo("Ready");
  }

  @Test
  void anUnreadableOverlapIsRefusedByFieldAndNothingIsRotated() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    harness.provisionReady(acme);
    Map<String, String> before = secret("acme-ca");

    annotate(Map.of(TenantCaRotation.ROTATE_CA, "CHG-7", TenantCaRotation.ROTATE_CA_OVERLAP, "a while"));

    Poll.until("the rotation is refused",
        () -> harness.tenant("tenants-eu", "acme").getStatus().getConditions().stream()
            .anyMatch(c -> TenantCaRotation.INVALID.equals(c.getReason())));
    assertThat(condition().getMessage())
        .isEqualTo("metadata.annotations[enclave.dev/rotate-ca-overlap]: \"a while\" is not a duration;"
            + " expected e.g. 10m, 24h or 0s; the cluster CA is not rotated");
    assertThat(secret("acme-ca")).isEqualTo(before);
    assertThat(podAnnotation()).isNull();
  }

  /** As the StatefulSet and Deployment controllers would, once both templates carry the step. */
  private void rollOut() {
    String step = podAnnotation();
    Poll.until("CoreDNS is rendered at " + step, () -> step.equals(corednsAnnotation()));
    harness.markControlPlaneReady(acme);
    harness.markCorednsAvailable(acme);
  }

  private String corednsAnnotation() {
    var deployment = harness.client.apps().deployments().inNamespace("tc-tenants-eu-acme").withName("acme-coredns").get();
    Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ControlPlaneStatefulSetBuilder.CA_ROTATION_ANNOTATION);
  }

  private void annotate(Map<String, String> annotations) {
    harness.client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme")
        .edit(t -> {
          Map<String, String> all = new HashMap<>();
          if (t.getMetadata().getAnnotations() != null) {
            all.putAll(t.getMetadata().getAnnotations());
          }
          all.putAll(annotations);
          t.getMetadata().setAnnotations(all);
          return t;
        });
  }

  private String podAnnotation() {
    PodTemplateSpec template = harness.controlPlane(acme).getSpec().getTemplate();
    Map<String, String> annotations = template.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ControlPlaneStatefulSetBuilder.CA_ROTATION_ANNOTATION);
  }

  private CaRotationStatus rotation() {
    return harness.tenant("tenants-eu", "acme").getStatus().getCaRotation();
  }

  private Condition condition() {
    return Conditions.find(harness.tenant("tenants-eu", "acme").getStatus().getConditions(), TenantCaRotation.TYPE)
        .orElseThrow();
  }

  private Kubeconfig adminKubeconfig() {
    return Kubeconfig.parse(secret(HostNames.adminKubeconfigSecret(acme)).get("kubeconfig"));
  }

  private Map<String, String> secret(String name) {
    Secret secret = harness.client.secrets().inNamespace("tc-tenants-eu-acme").withName(name).get();
    return TenantSecrets.decode(secret);
  }

  private static boolean signedBy(X509Certificate leaf, X509Certificate ca) {
    try {
      leaf.verify(ca.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
