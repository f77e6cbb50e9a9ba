package dev.enclave.cli.migrate;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.GitOpsController;
import dev.enclave.cli.backup.CheckedBackup;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.operator.backup.BackupKeys;
import dev.enclave.operator.backup.TenantBackup;
import dev.enclave.operator.backup.TenantBackupResolver;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.tenant.TenantCaRotation;
import dev.enclave.operator.tenant.TenantAnnotations;
import dev.enclave.operator.tenant.TenantConditions;
import dev.enclave.operator.tenant.TenantMigration;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Moves one tenant cluster on a shared DataStore from one host cluster to another host of the
 * same jurisdiction, step by step, each step printed:
 *
 * <ol>
 *   <li>checks both hosts before anything is written (see {@link #refusal});
 *   <li>stops the control plane on the source ({@link TenantMigration#MIGRATE_TO}): nothing writes
 *       to the tenant's store any more;
 *   <li>takes a backup of the stopped tenant and reads it back with every check of a restore;
 *   <li>writes the tenant to the target: its namespaces, the Secrets of its host namespace (its
 *       CAs, certificates, KMS key and store credentials, so kubeconfigs, ServiceAccount tokens and
 *       the encrypted data stay valid), its backup key, and the TenantCluster with the uid its
 *       backups are recorded under ({@link TenantBackupResolver#BACKUP_UID});
 *   <li>waits until the target's operator reports it Ready; if it does not in time, the target's
 *       copy is removed (its store share left alone) and the source started again;
 *   <li>deletes it on the source ({@link TenantMigration#MIGRATED_TO}: no final backup, the store
 *       share is left to the target), removes its backup key there, and lists whatever is left of
 *       it on the source, which must be nothing;
 *   <li>records on the target where it came from ({@link TenantMigration#MIGRATED_FROM}).
 * </ol>
 *
 * A run stopped midway is continued by running it again.
 */
final class TenantMove {
  private static final Duration POLL = Duration.ofSeconds(1);
  /** On the target while a move is under way: where from, under which uid, after which backup. */
  static final String MOVING_FROM = "enclave.dev/migrating-from";

  /** One host: what the user calls it, its client and the operator's namespace there. */
  record Host(String name, KubernetesClient client, String operatorNamespace) {
    String server() {
      return client.getConfiguration().getMasterUrl();
    }
  }

  /** The TenantCluster to move does not exist on the source. */
  static final class Unknown extends RuntimeException {
    Unknown(String message) {
      super(message);
    }
  }

  /** Why a move cannot start or go on; nothing was left half done. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final Host source;
  private final Host target;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Duration timeout;
  private final Clock clock;

  TenantMove(Host source, Host target, PrintWriter out, PrintWriter err, Duration timeout, Clock clock) {
    this.source = source;
    this.target = target;
    this.out = out;
    this.err = err;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Moves {@code namespace/name}; returns what is left of it on the source (empty when moved). */
  List<String> run(String namespace, String name) throws IOException, InterruptedException {
    String ref = namespace + "/" + name;
    TenantCluster tenant = source.client().resources(TenantCluster.class).inNamespace(namespace).withName(name).get();
    TenantCluster onTarget = target.client().resources(TenantCluster.class).inNamespace(namespace).withName(name).get();
    if (tenant == null && onTarget != null && TenantAnnotations.value(onTarget, MOVING_FROM) != null) {
      return finish(ref, onTarget);
    }
    if (tenant == null) {
      throw new Unknown("TenantCluster " + ref + " does not exist on " + source.name());
    }
    String problem = MoveRefusals.of(tenant, onTarget, source.client(), target.client(), source.name(), target.name());
    if (problem != null) {
      throw new Refused(problem);
    }
    gitOpsNote(tenant);
    step(ref, "stopping the control plane on " + source.name());
    tenant = stop(tenant);
    BackupManifest backup = backUp(tenant);
    step(ref, "backup " + backup.backupId() + " taken and verified (" + backup.plaintextSize() + " bytes, key "
        + backup.keyId() + ")");
    if (onTarget == null) {
      step(ref, "writing it to " + target.name());
      copy(tenant, backup);
    } else {
      step(ref, "already written to " + target.name() + " by an earlier run");
    }
    step(ref, "waiting until " + target.name() + " reports it Ready");
    if (!await(() -> ready(target.client(), namespace, name))) {
      String why = readyReason(target.client(), namespace, name);
      rollBack(tenant);
      throw new Refused("TenantCluster " + ref + " did not become Ready on " + target.name() + " within " + timeout
          + " (" + why + "); rolled back: the copy on " + target.name() + " was removed (its store share left"
          + " alone) and the control plane on " + source.name() + " started again");
    }
    step(ref, "Ready on " + target.name() + "; removing it from " + source.name());
    removeFromSource(tenant);
    List<String> left = HostLeftovers.of(source.client(), tenant, source.operatorNamespace());
    record(namespace, name, left.size());
    return left;
  }

  /**
   * An earlier run removed the tenant from the source but stopped before its last steps: waits
   * until it is Ready on the target, removes its backup key from the source, checks what is left
   * there and records the move.
   */
  private List<String> finish(String ref, TenantCluster onTarget) throws IOException, InterruptedException {
    step(ref, "gone from " + source.name() + " already; finishing the move an earlier run started");
    String namespace = onTarget.getMetadata().getNamespace();
    String name = onTarget.getMetadata().getName();
    if (!await(() -> ready(target.client(), namespace, name))) {
      throw new Refused("TenantCluster " + ref + " did not become Ready on " + target.name() + " within " + timeout
          + " (" + readyReason(target.client(), namespace, name) + ")");
    }
    removeBackupKey(onTarget);
    List<String> left = HostLeftovers.of(source.client(), onTarget, source.operatorNamespace());
    record(namespace, name, left.size());
    return left;
  }

  private void gitOpsNote(TenantCluster tenant) {
    GitOpsController.of(tenant).ifPresent(manager ->
        err.println("note: " + manager + " manages this TenantCluster: point its application at " + target.name()
            + " in Git as well, or it creates the tenant again on " + source.name()));
  }

  /** Annotates the source and waits until no control-plane replica is left there. */
  private TenantCluster stop(TenantCluster tenant) throws InterruptedException {
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    if (!target.name().equals(TenantMigration.movingTo(tenant))) {
      tenant = source.client().resources(TenantCluster.class).inNamespace(namespace).withName(name)
          .edit(t -> annotate(t, TenantMigration.MIGRATE_TO, target.name()));
    }
    String hostNamespace = HostNames.hostNamespace(tenant);
    String statefulSet = HostNames.controlPlane(tenant);
    boolean stopped = await(() -> {
      StatefulSet s = source.client().apps().statefulSets().inNamespace(hostNamespace).withName(statefulSet).get();
      boolean scaled = s == null || (s.getSpec().getReplicas() != null && s.getSpec().getReplicas() == 0
          && (s.getStatus() == null || s.getStatus().getReplicas() == null || s.getStatus().getReplicas() == 0));
      return scaled && source.client().pods().inNamespace(hostNamespace)
          .withLabel("app.kubernetes.io/component", "control-plane").list().getItems().isEmpty();
    });
    if (!stopped) {
      throw new Refused("TenantCluster " + namespace + "/" + name + ": the control plane on " + source.name()
          + " did not stop within " + timeout + "; annotation " + TenantMigration.MIGRATE_TO
          + " is set: remove it to start it again, or run migrate again");
    }
    return source.client().resources(TenantCluster.class).inNamespace(namespace).withName(name).get();
  }

  private BackupManifest backUp(TenantCluster tenant) throws IOException {
    TenantBackupResolver resolver = new TenantBackupResolver(source.client(), source.operatorNamespace(), new SecureRandom());
    try (TenantBackup backup = resolver.resolve(tenant)) {
      return CheckedBackup.take(resolver, backup, err);
    }
  }

  /** The tenant's namespaces, Secrets, backup key and TenantCluster, written to the target. */
  private void copy(TenantCluster tenant, BackupManifest backup) throws IOException {
    KubernetesClient to = target.client();
    String namespace = tenant.getMetadata().getNamespace();
    if (to.namespaces().withName(namespace).get() == null) {
      to.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
    String hostNamespace = HostNames.hostNamespace(tenant);
    Namespace host = source.client().namespaces().withName(hostNamespace).get();
    if (host != null && to.namespaces().withName(hostNamespace).get() == null) {
      to.namespaces().resource(new NamespaceBuilder().withMetadata(copyOf(host.getMetadata(), null)).build()).create();
    }
    for (Secret secret : source.client().secrets().inNamespace(hostNamespace).list().getItems()) {
      boolean token = "kubernetes.io/service-account-token".equals(secret.getType());
      boolean grant = orEmpty(secret.getMetadata().getLabels()).containsKey(EnclaveApi.ACCESS_GRANT_LABEL);
      if (!token && !grant) {
        to.secrets().inNamespace(hostNamespace).resource(secretCopy(secret, hostNamespace)).createOr(r -> r.update());
      }
    }
    String keyName = BackupKeys.secretName(TenantBackupResolver.backupUid(tenant));
    Secret key = source.client().secrets().inNamespace(source.operatorNamespace()).withName(keyName).get();
    if (key != null) {
      to.secrets().inNamespace(target.operatorNamespace()).resource(secretCopy(key, target.operatorNamespace()))
          .createOr(r -> r.update());
    }
    TenantCluster copy = new TenantCluster();
    Map<String, String> annotations = new LinkedHashMap<>(orEmpty(tenant.getMetadata().getAnnotations()));
    annotations.keySet().removeIf(k -> k.equals(TenantMigration.MIGRATE_TO) || k.equals(TenantMigration.MIGRATED_TO)
        || k.equals(TenantMigration.MIGRATED_FROM) || k.equals(MOVING_FROM) || k.startsWith(TenantCaRotation.ROTATE_CA));
    annotations.put(TenantBackupResolver.BACKUP_UID, TenantBackupResolver.backupUid(tenant));
    annotations.put(MOVING_FROM,
        MigrationRecord.started(source.name(), source.server(), tenant.getMetadata().getUid(), backup.backupId()).toJson());
    copy.setMetadata(
        new ObjectMetaBuilder().withName(tenant.getMetadata().getName()).withNamespace(namespace)
            .withLabels(tenant.getMetadata().getLabels()).withAnnotations(annotations).build());
    copy.setSpec(Serialization.clone(tenant.getSpec()));
    to.resource(copy).create();
  }

  private void rollBack(TenantCluster tenant) throws InterruptedException {
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    var onTarget = target.client().resources(TenantCluster.class).inNamespace(namespace).withName(name);
    if (onTarget.get() != null) {
      onTarget.edit(t -> annotate(t, TenantMigration.MIGRATED_TO, source.name()));
      onTarget.delete();
      await(() -> onTarget.get() == null);
    }
    target.client().secrets().inNamespace(target.operatorNamespace())
        .withName(BackupKeys.secretName(TenantBackupResolver.backupUid(tenant))).delete();
    source.client().resources(TenantCluster.class).inNamespace(namespace).withName(name).edit(t -> annotate(t, TenantMigration.MIGRATE_TO, null));
  }

  private void removeFromSource(TenantCluster tenant) throws InterruptedException {
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    var onSource = source.client().resources(TenantCluster.class).inNamespace(namespace).withName(name);
    onSource.edit(t -> annotate(t, TenantMigration.MIGRATED_TO, target.name()));
    onSource.delete();
    if (!await(() -> onSource.get() == null)) {
      throw new Refused("TenantCluster " + namespace + "/" + name + " runs on " + target.name()
          + " but its deletion on " + source.name() + " did not finish within " + timeout
          + " (is its operator running?); run migrate again to finish it");
    }
    removeBackupKey(tenant);
  }

  /** Deletes the tenant's backup key on the source once the target holds the same one. */
  private void removeBackupKey(TenantCluster tenant) {
    String keyName = BackupKeys.secretName(TenantBackupResolver.backupUid(tenant));
    Secret moved = target.client().secrets().inNamespace(target.operatorNamespace()).withName(keyName).get();
    Secret left = source.client().secrets().inNamespace(source.operatorNamespace()).withName(keyName).get();
    if (left != null && moved != null && Objects.equals(moved.getData(), left.getData())) {
      source.client().secrets().inNamespace(source.operatorNamespace()).withName(keyName).delete();
    }
  }

  /** {@link TenantMigration#MIGRATED_FROM} on the target: the record written at the copy, completed. */
  private void record(String namespace, String name, int left) {
    target.client().resources(TenantCluster.class).inNamespace(namespace).withName(name).edit(t -> {
      String moving = TenantAnnotations.value(t, MOVING_FROM);
      if (moving != null) {
        MigrationRecord record = MigrationRecord.parse(moving).completed(Instant.now(clock), left);
        annotate(t, TenantMigration.MIGRATED_FROM, record.toJson());
      }
      return annotate(t, MOVING_FROM, null);
    });
  }


  static boolean ready(KubernetesClient client, String namespace, String name) {
    TenantCluster t = client.resources(TenantCluster.class).inNamespace(namespace).withName(name).get();
    return t != null && t.getStatus() != null && TenantConditions.PHASE_READY.equals(t.getStatus().getPhase())
        && Conditions.isTrue(t.getStatus().getConditions(), TenantConditions.READY);
  }

  private static String readyReason(KubernetesClient client, String namespace, String name) {
    TenantCluster t = client.resources(TenantCluster.class).inNamespace(namespace).withName(name).get();
    if (t == null || t.getStatus() == null) {
      return "no status reported";
    }
    return t.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
        .map(c -> "Ready " + c.getStatus() + ", " + c.getReason() + ": " + c.getMessage())
        .orElse("phase " + t.getStatus().getPhase());
  }

  private boolean await(BooleanSupplier done) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }

  private void step(String ref, String what) {
    out.println("migrate " + ref + ": " + what);
    out.flush();
  }

  private static Secret secretCopy(Secret secret, String namespace) {
    Secret copy = new Secret();
    copy.setMetadata(copyOf(secret.getMetadata(), namespace));
    copy.setType(secret.getType());
    copy.setData(secret.getData());
    copy.setImmutable(secret.getImmutable());
    return copy;
  }

  /** Name, namespace, labels and annotations only: nothing the source's server owns. */
  private static ObjectMeta copyOf(ObjectMeta meta, String namespace) {
    return new ObjectMetaBuilder().withName(meta.getName()).withNamespace(namespace)
        .withLabels(meta.getLabels()).withAnnotations(meta.getAnnotations()).build();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  /** Sets annotation {@code key} on {@code tenant} (creating the map) and returns it, for edit(). */
  private static TenantCluster annotate(TenantCluster tenant, String key, String value) {
    if (tenant.getMetadata().getAnnotations() == null) {
      tenant.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    if (value == null) {
      tenant.getMetadata().getAnnotations().remove(key);
    } else {
      tenant.getMetadata().getAnnotations().put(key, value);
    }
    return tenant;
  }
}
