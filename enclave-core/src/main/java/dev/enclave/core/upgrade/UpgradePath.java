package dev.enclave.core.upgrade;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.api.v1alpha1.UpgradeStatus;
import java.util.Optional;

/**
 * Which way a tenant cluster may move between Kubernetes releases, and which release each control
 * plane component runs meanwhile. Upstream's version-skew policy orders an upgrade: kube-apiserver
 * first, kube-controller-manager and kube-scheduler only once every API server runs the new
 * release, one minor at a time; a downgrade is not supported. Pure: the running release is {@code
 * status.version}, the declared one {@code spec.kubernetesVersion}, the step {@code
 * status.upgrade.step}.
 */
public final class UpgradePath {
  /** Steps of {@code status.upgrade.step}, in order. */
  public static final String BACKUP = "Backup";

  public static final String API_SERVER = "ApiServer";
  public static final String COMPONENTS = "Components";
  public static final String HEALTH_GATE = "HealthGate";
  public static final String FAILED = "Failed";

  /** The releases the rendered control plane runs: the API server's and the other components'. */
  public record ComponentVersions(String apiServer, String controllers) {}

  private UpgradePath() {}

  /**
   * Why a tenant running {@code running} may not move to {@code declared}, or empty when it may
   * (or when either is not an exact release: the compliance rules report that).
   */
  public static Optional<String> refusal(String running, String declared) {
    Optional<KubeVersion> from = KubeVersion.parse(running);
    Optional<KubeVersion> to = KubeVersion.parse(declared);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    KubeVersion f = from.get();
    KubeVersion t = to.get();
    if (t.compareTo(f) < 0) {
      return Optional.of(
          "kubernetes version \""
              + t
              + "\" is older than the running "
              + f
              + "; a tenant cluster is never downgraded; allowed: "
              + f
              + " or a later release of "
              + f.minorVersion()
              + " or "
              + f.major()
              + "."
              + (f.minor() + 1)
              + " (to go back, restore a backup into a new tenant cluster of "
              + f.minorVersion()
              + ")");
    }
    if (t.major() != f.major()) {
      return Optional.of(
          "kubernetes version \"" + t + "\" changes the major version of the running " + f
              + "; allowed: a release of " + f.minorVersion() + " or " + f.major() + "." + (f.minor() + 1));
    }
    if (t.minor() > f.minor() + 1) {
      return Optional.of(
          "kubernetes version \""
              + t
              + "\" skips minor "
              + f.major()
              + "."
              + (f.minor() + 1)
              + " from the running "
              + f
              + "; upgrade one minor at a time; allowed: a release of "
              + f.minorVersion()
              + " or "
              + f.major()
              + "."
              + (f.minor() + 1));
    }
    return Optional.empty();
  }

  /** The running release, or null before the control plane first served. */
  public static String running(TenantCluster tenant) {
    TenantClusterStatus status = tenant.getStatus();
    return status == null ? null : strip(status.getVersion());
  }

  public static String declared(TenantCluster tenant) {
    return tenant.getSpec() == null ? null : strip(tenant.getSpec().getKubernetesVersion());
  }

  /** Whether the declared release differs from the running one (a refused move included). */
  public static boolean pending(TenantCluster tenant) {
    String running = running(tenant);
    return running != null && !running.equals(declared(tenant));
  }

  /**
   * What the builders render for {@code tenant}: the declared release when nothing runs yet or it
   * runs already; the running one while the move is refused or has not passed its backup; the
   * declared API server with the running controllers in step {@link #API_SERVER}; the declared
   * release for every component from step {@link #COMPONENTS} on.
   */
  public static ComponentVersions rendered(TenantCluster tenant) {
    String declared = declared(tenant);
    String running = running(tenant);
    if (running == null || running.equals(declared)) {
      return new ComponentVersions(declared, declared);
    }
    if (refusal(running, declared).isPresent()) {
      return new ComponentVersions(running, running);
    }
    UpgradeStatus upgrade = tenant.getStatus().getUpgrade();
    if (upgrade == null || !declared.equals(strip(upgrade.getTo())) || upgrade.getStep() == null) {
      return new ComponentVersions(running, running);
    }
    return switch (upgrade.getStep()) {
      case BACKUP -> new ComponentVersions(running, running);
      case API_SERVER -> new ComponentVersions(declared, running);
      default -> new ComponentVersions(declared, declared);
    };
  }

  private static String strip(String version) {
    if (version == null) {
      return null;
    }
    String v = version.strip();
    return v.startsWith("v") ? v.substring(1) : v;
  }
}
