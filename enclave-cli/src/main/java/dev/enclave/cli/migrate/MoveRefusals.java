package dev.enclave.cli.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.backup.TenantBackupResolver;
import dev.enclave.operator.tenant.TenantCaRotation;
import dev.enclave.operator.tenant.TenantAnnotations;
import dev.enclave.operator.tenant.TenantMigration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What {@code enclavectl migrate} refuses before it writes anything, read from both hosts. */
final class MoveRefusals {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MoveRefusals() {}

  /**
   * Why {@code tenant} cannot move from {@code sourceName} to {@code targetName}, or null. Checks
   * only, writes nothing: the tenant on a shared DataStore, not being deleted, upgraded or rotated,
   * no AccessGrant naming it, a backup target, the same Jurisdiction and DataStore on both hosts
   * (a move never changes jurisdiction: that is a new declaration in Git), and no other tenant of
   * that name on the target.
   */
  static String of(
      TenantCluster tenant, TenantCluster onTarget, KubernetesClient sourceClient, KubernetesClient targetClient,
      String sourceName, String targetName) {
    String who = "TenantCluster " + tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
    if (Objects.equals(sourceClient.getConfiguration().getMasterUrl(), targetClient.getConfiguration().getMasterUrl())) {
      return "--to-context: " + targetName + " is the same API server as the source ("
          + sourceClient.getConfiguration().getMasterUrl() + "); allowed: another host cluster of the jurisdiction";
    }
    if (tenant.isMarkedForDeletion()) {
      return who + " is being deleted on " + sourceName
          + (TenantAnnotations.value(tenant, TenantMigration.MIGRATED_TO) != null
              ? " after a move; run migrate again once it is gone there, to finish the move" : "");
    }
    var spec = tenant.getSpec();
    if (spec == null || spec.getDataStore() == null || spec.getDataStore().getRef() == null) {
      return who + ": spec.dataStore.embedded: a tenant with its own etcd cannot be migrated yet: its state lives"
          + " in volumes of " + sourceName + ", and restoring an etcd snapshot into the target's volumes is not"
          + " built; allowed: a tenant on a shared DataStore (spec.dataStore.ref)";
    }
    String phase = tenant.getStatus() == null ? null : tenant.getStatus().getPhase();
    boolean resuming = TenantMigration.movingTo(tenant) != null;
    if (!resuming && !"Ready".equals(phase)) {
      return who + ": status.phase: " + (phase == null ? "not reported yet" : phase)
          + "; a tenant moves only when Ready";
    }
    if (tenant.getStatus() != null && tenant.getStatus().getUpgrade() != null) {
      return who + ": status.upgrade: an upgrade is under way; let it finish first";
    }
    if (TenantCaRotation.requested(tenant) || (tenant.getStatus() != null && tenant.getStatus().getCaRotation() != null
        && tenant.getStatus().getCaRotation().getCompletedAt() == null)) {
      return who + ": a CA rotation is under way (" + TenantCaRotation.ROTATE_CA + "); let it finish first";
    }
    if (spec.getBackup() == null || spec.getBackup().getTarget() == null) {
      return who + ": spec.backup.target is not set; a move takes a backup first, so it needs one of the"
          + " Jurisdiction's backupTargets";
    }
    List<String> grants =
        sourceClient.resources(AccessGrant.class).inNamespace(tenant.getMetadata().getNamespace()).list().getItems()
            .stream()
            .filter(g -> g.getSpec() != null && tenant.getMetadata().getName().equals(g.getSpec().getTenantCluster()))
            .map(g -> g.getMetadata().getName())
            .sorted()
            .toList();
    if (!grants.isEmpty()) {
      return who + ": AccessGrant " + String.join(", ", grants) + " in " + tenant.getMetadata().getNamespace()
          + " names it; delete the grants first (a grant's certificate and window belong to this host)";
    }
    List<String> claims =
        sourceClient.persistentVolumeClaims().inNamespace(HostNames.hostNamespace(tenant)).list().getItems().stream()
            .map(c -> c.getMetadata().getName())
            .sorted()
            .toList();
    if (!claims.isEmpty()) {
      return who + ": its workloads keep " + claims.size() + " PersistentVolumeClaim(s) in "
          + HostNames.hostNamespace(tenant) + " on " + sourceName + " (" + String.join(", ", claims)
          + "); their volumes belong to that host and are not moved, and removing the tenant there would delete"
          + " them; allowed: a tenant whose workloads keep no volume on the host";
    }
    String jurisdiction = spec.getJurisdiction();
    String differs =
        differs("Jurisdiction", jurisdiction,
            sourceClient.resources(Jurisdiction.class).withName(jurisdiction).get(),
            targetClient.resources(Jurisdiction.class).withName(jurisdiction).get(),
            targetName);
    if (differs != null) {
      return who + ": spec.jurisdiction: " + differs + "; a tenant moves only between hosts of its own jurisdiction,"
          + " declared alike: to move it to another jurisdiction, re-declare the TenantCluster in Git";
    }
    String store = spec.getDataStore().getRef();
    differs =
        differs("DataStore", store,
            sourceClient.resources(DataStore.class).withName(store).get(),
            targetClient.resources(DataStore.class).withName(store).get(),
            targetName);
    if (differs != null) {
      return who + ": spec.dataStore.ref: " + differs + "; both hosts must reach the same shared store";
    }
    if (onTarget != null
        && !TenantBackupResolver.backupUid(tenant).equals(TenantBackupResolver.backupUid(onTarget))) {
      return who + " exists on " + targetName + " already (uid " + onTarget.getMetadata().getUid()
          + ") and is another tenant; allowed: a host without a TenantCluster of this name";
    }
    return null;
  }

  /** Why the object {@code name} of {@code kind} is missing on the target or declared otherwise, or null. */
  private static String differs(String kind, String name, HasMetadata onSource, HasMetadata onTarget, String targetName) {
    if (onSource == null) {
      return kind + " " + name + " does not exist on the source";
    }
    if (onTarget == null) {
      return targetName + " has no " + kind + " " + name;
    }
    JsonNode a = JSON.valueToTree(specOf(onSource));
    JsonNode b = JSON.valueToTree(specOf(onTarget));
    if (a.equals(b)) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!a.get(field).equals(b.get(field))) {
        fields.add("spec." + field);
      }
    }
    for (Iterator<String> names = b.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!a.has(field)) {
        fields.add("spec." + field);
      }
    }
    return kind + " " + name + " on " + targetName + " is declared otherwise (" + String.join(", ", fields) + ")";
  }

  private static Object specOf(HasMetadata object) {
    if (object instanceof Jurisdiction j) {
      return j.getSpec();
    }
    return ((DataStore) object).getSpec();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
