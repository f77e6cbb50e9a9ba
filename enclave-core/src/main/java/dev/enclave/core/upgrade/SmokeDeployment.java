package dev.enclave.core.upgrade;

import dev.enclave.core.controlplane.SecurityContexts;
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

  /** The sandbox image kubeadm pins for the supported releases, as the registry mirrors it. */
  public static final String PAUSE_TAG = "3.10.1";

  /** The label Enclave puts on what it creates inside a tenant cluster. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGER = "enclave";

  private SmokeDeployment() {}

  public static Deployment build(String registry, String version) {
    Map<String, String> selector = Map.of("app.kubernetes.io/name", NAME);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(NAMESPACE)
        .withName(NAME)
        .addToLabels(selector)
        .addToLabels(MANAGED_BY, MANAGER)
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
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(SecurityContexts.pod())
        .withTerminationGracePeriodSeconds(0L)
        .addNewContainer()
        .withName("pause")
        .withImage(registry + "/pause:" + PAUSE_TAG)
        .withSecurityContext(SecurityContexts.container())
        .withNewResources()
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1m"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("8Mi"))
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("16Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
