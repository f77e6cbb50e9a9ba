package dev.enclave.core.upgrade;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.core.controlplane.SecurityContexts;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/**
 * The Deployment an upgrade's health gate creates inside the tenant cluster: one replica of the
 * pause image from the jurisdiction's registry, restricted, with no token. It becomes Ready only
 * when the tenant's controller-manager makes its ReplicaSet, a scheduler places its pod, the syncer
 * runs it on a host node of the jurisdiction and reports its status back: the whole path a
 * workload takes.
 */
public final class SmokeDeployment {
  public static final String NAMESPACE = "kube-system";
  public static final String NAME = "enclave-upgrade-smoke";

  /**
   * The sandbox image kubeadm pins for the supported releases, by tag and by the digest of
   * upstream's {@code registry.k8s.io/pause:3.10.1} (a mirror keeps it), so the
   * {@code image-provenance} bundle admits it like any pinned image.
   */
  public static final String PAUSE = "pause:3.10.1@sha256:278fb9dbcca9518083ad1e11276933a2e96f23de604a3a08cc3c80002767d24c";

  /**
   * What the {@code sbom} bundle requires on every pod (it checks presence only): the smoke pod's
   * one image and where its bill of materials comes from. The pause image is built from one C file
   * of the Kubernetes repository with no third-party dependency.
   */
  public static final String SBOM =
      "registry.k8s.io/" + PAUSE + " (kubernetes/kubernetes build/pause: pause.c, no third-party dependencies)";

  private SmokeDeployment() {}

  public static Deployment build(String registry, String version) {
    Map<String, String> selector = Map.of("app.kubernetes.io/name", NAME);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(NAMESPACE)
        .withName(NAME)
        .addToLabels(selector)
        .addToLabels(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY)
        .addToAnnotations("enclave.dev/purpose", "health gate of the upgrade to " + version)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(selector)
        .addToAnnotations("enclave.dev/sbom", SBOM)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(SecurityContexts.pod())
        .withTerminationGracePeriodSeconds(0L)
        .addNewContainer()
        .withName("pause")
        .withImage(registry + "/" + PAUSE)
        .withSecurityContext(SecurityContexts.container())
        .withNewResources()
        .addToRequests("cpu", new Quantity("1m"))
        .addToRequests("memory", new Quantity("8Mi"))
        .addToLimits("memory", new Quantity("16Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
