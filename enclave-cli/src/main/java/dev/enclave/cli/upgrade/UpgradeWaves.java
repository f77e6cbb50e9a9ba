package dev.enclave.cli.upgrade;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.GitOpsController;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.upgrade.UpgradePath;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The plan of a rollout of one Kubernetes release across a jurisdiction's tenant clusters: which
 * tenants move, which run it already, which may not move (the jurisdiction's allowed and held
 * versions, a downgrade, a skipped minor), and the waves of at most {@code maxParallel} tenants
 * that move together, in namespace and name order. Pure.
 */
public record UpgradeWaves(String jurisdiction, String to, List<Entry> entries, List<List<Entry>> waves) {

  /** The field a refusal is about: the version the rollout would set. */
  static final String FIELD = "spec.kubernetesVersion";

  public enum Action {
    UPGRADE,
    CURRENT,
    REFUSED
  }

  /** One tenant: what it runs, what it declares, and what the rollout does with it and why. */
  public record Entry(TenantCluster tenant, String running, Action action, String reason) {
    public String ref() {
      return tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
    }

    /** Argo CD or Flux manages the object: a live change is set back unless Git says it too. */
    public Optional<String> gitOpsManager() {
      return GitOpsController.of(tenant);
    }
  }

  public static UpgradeWaves plan(
      Jurisdiction jurisdiction, List<TenantCluster> tenants, String to, int maxParallel) {
    String name = jurisdiction.getMetadata().getName();
    List<Entry> entries = new ArrayList<>();
    tenants.stream()
        .filter(t -> t.getSpec() != null && name.equals(t.getSpec().getJurisdiction()))
        .sorted(Comparator.comparing((TenantCluster t) -> t.getMetadata().getNamespace())
            .thenComparing(t -> t.getMetadata().getName()))
        .forEach(t -> entries.add(entry(jurisdiction, t, to)));
    List<List<Entry>> waves = new ArrayList<>();
    List<Entry> moving = entries.stream().filter(e -> e.action() == Action.UPGRADE).toList();
    for (int i = 0; i < moving.size(); i += maxParallel) {
      waves.add(moving.subList(i, Math.min(moving.size(), i + maxParallel)));
    }
    return new UpgradeWaves(name, to, entries, waves);
  }

  public List<Entry> refused() {
    return entries.stream().filter(e -> e.action() == Action.REFUSED).toList();
  }

  private static Entry entry(Jurisdiction jurisdiction, TenantCluster tenant, String to) {
    String running = UpgradePath.running(tenant);
    String from = running != null ? running : UpgradePath.declared(tenant);
    if (to.equals(from) && to.equals(UpgradePath.declared(tenant))) {
      return new Entry(tenant, from, Action.CURRENT, "runs " + to);
    }
    TenantCluster moved = Serialization.clone(tenant);
    moved.getSpec().setKubernetesVersion(to);
    Optional<String> ruled =
        ComplianceRules.forObject(
                ComplianceRules.evaluate(
                    new Platform(
                        List.of(Declared.live(jurisdiction)), List.of(), List.of(Declared.live(moved)), List.of())),
                moved)
            .stream()
            .filter(v -> v.fieldPath().equals(FIELD))
            .map(v -> v.message())
            .findFirst();
    if (ruled.isPresent()) {
      return new Entry(tenant, from, Action.REFUSED, FIELD + ": " + ruled.get());
    }
    Optional<String> path = from == null ? Optional.empty() : UpgradePath.refusal(from, to);
    return path.map(why -> new Entry(tenant, from, Action.REFUSED, FIELD + ": " + why))
        .orElseGet(() -> new Entry(tenant, from, Action.UPGRADE, from + " -> " + to));
  }
}
