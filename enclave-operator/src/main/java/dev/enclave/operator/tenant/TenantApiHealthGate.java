package dev.enclave.operator.tenant;

import dev.enclave.core.upgrade.SmokeDeployment;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The upgrade health gate on the tenant's own API server: {@code /readyz} answers {@code ok}, every
 * served API group version answers discovery, and a smoke Deployment ({@link SmokeDeployment})
 * becomes Ready, which takes the tenant's controller-manager, a scheduler and the syncer.
 */
public final class TenantApiHealthGate implements UpgradeHealthGate {

  @Override
  public Result check(KubernetesClient api, String registry, String version) {
    try {
      String readyz = api.raw("/readyz");
      if (readyz == null || !readyz.strip().equals("ok")) {
        return new Result(false, "/readyz answered " + (readyz == null ? "nothing" : quoted(readyz)));
      }
      List<String> silent = silentGroupVersions(api);
      if (!silent.isEmpty()) {
        return new Result(false, "API group versions not answering discovery: " + String.join(", ", silent));
      }
      var smoke = api.apps().deployments().inNamespace(SmokeDeployment.NAMESPACE).withName(SmokeDeployment.NAME);
      Deployment found = smoke.get();
      if (found == null) {
        api.resource(SmokeDeployment.build(registry, version)).create();
        return new Result(false, "smoke Deployment " + where() + " created; waiting for it to become Ready");
      }
      if (!available(found)) {
        DeploymentStatus status = found.getStatus();
        int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        return new Result(false, "smoke Deployment " + where() + ": " + ready + "/1 ready");
      }
      return new Result(
          true, "/readyz ok, every API group answers, smoke Deployment " + where() + " Ready");
    } catch (RuntimeException e) {
      return new Result(false, "tenant API: " + TenantAccess.oneLine(e));
    }
  }

  @Override
  public void finish(KubernetesClient api) {
    try {
      var smoke = api.apps().deployments().inNamespace(SmokeDeployment.NAMESPACE).withName(SmokeDeployment.NAME);
      if (smoke.get() != null) {
        smoke.delete();
      }
    } catch (RuntimeException e) {
      // tried again by the next reconciles after the upgrade; else the next upgrade's gate reuses it
    }
  }

  /** Core {@code v1} and each group's versions whose discovery document does not come back. */
  private static List<String> silentGroupVersions(KubernetesClient api) {
    List<String> versions = new ArrayList<>();
    versions.add("v1");
    for (APIGroup group : api.getApiGroups().getGroups()) {
      for (GroupVersionForDiscovery v : group.getVersions()) {
        versions.add(v.getGroupVersion());
      }
    }
    List<String> silent = new ArrayList<>();
    for (String groupVersion : versions) {
      try {
        if (api.getApiResources(groupVersion) == null) {
          silent.add(groupVersion);
        }
      } catch (RuntimeException e) {
        silent.add(groupVersion + " (" + TenantAccess.oneLine(e) + ")");
      }
    }
    return silent;
  }

  private static boolean available(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    return status != null
        && status.getReadyReplicas() != null
        && status.getReadyReplicas() >= 1
        && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration());
  }

  private static String where() {
    return SmokeDeployment.NAMESPACE + "/" + SmokeDeployment.NAME;
  }

  private static String quoted(String text) {
    String line = text.strip().replace('\n', ' ');
    return "\"" + (line.length() <= 200 ? line : line.substring(0, 200) + "...") + "\"";
  }
}
