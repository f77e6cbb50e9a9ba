package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.CaRotationStatus;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.core.compliance.GoDurations;
import dev.enclave.core.controlplane.ControlPlaneStatefulSetBuilder;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.IssuedCertificate;
import dev.enclave.core.pki.ClusterCaTrust;
import dev.enclave.core.pki.TenantPki;
import dev.enclave.operator.host.HostObjects;
import dev.enclave.operator.host.Outcome;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.status.TenantEvents;
import dev.enclave.operator.tenant.KeyMaterial.CaRotationStep;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates a tenant's cluster CA without taking its API away, when the annotation {@value
 * #ROTATE_CA} is set to a value no rotation has answered yet (a ticket, a date). Three steps, each
 * written to the key-material Secrets and then rolled out to every control-plane replica and to
 * CoreDNS before the next, so replicas of two adjacent steps always trust each other:
 *
 * <ol>
 *   <li>{@code TrustNew}: a new CA is trusted beside the current one, by the API server's {@code
 *       --client-ca-file}, every kubeconfig and the tenant's pods ({@code --root-ca-file});
 *   <li>{@code SignWithNew}: every certificate is issued anew by the new CA; the old one is still
 *       trusted, so a kubeconfig handed out before keeps working, for at least {@value
 *       #ROTATE_CA_OVERLAP} (default {@link #DEFAULT_OVERLAP}) after the step rolled out;
 *   <li>{@code DropOld}: the old CA is trusted no more.
 * </ol>
 *
 * <p>Each step rolls the pods through the annotation {@link
 * ControlPlaneStatefulSetBuilder#CA_ROTATION_ANNOTATION}, read from the {@link Progress#view()} this
 * returns: with two or more replicas (and the StatefulSet's one-at-a-time rolling update) the API
 * stays up throughout; a single replica is restarted three times. The etcd CA is not rotated.
 */
public final class TenantCaRotation {
  public static final String TYPE = "CaRotated";

  public static final String ROTATE_CA = "enclave.dev/rotate-ca";
  public static final String ROTATE_CA_OVERLAP = "enclave.dev/rotate-ca-overlap";
  public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(10);

  public static final String ROTATING = "RotatingCa";
  public static final String STALLED = "CaRotationStalled";
  public static final String ROTATED = "CaRotated";
  public static final String INVALID = "CaRotationInvalid";
  public static final String PENDING = "CaRotationPending";

  /** A step that has not rolled out by then is reported {@link #STALLED} (and still waited for). */
  public static final Duration STEP_TIMEOUT = Duration.ofMinutes(15);

  public static final Duration POLL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(TenantCaRotation.class);

  /**
   * What this reconcile does about the tenant's cluster CA.
   *
   * @param view the tenant with {@code status.caRotation} as it stands now: render from it
   * @param condition the {@code CaRotated} condition, or empty when the tenant was never rotated
   * @param retry how soon to look again, while a rotation moves
   */
  public record Progress(TenantCluster view, Optional<Condition> condition, Optional<Duration> retry) {
    /** Sets the rotation's status and condition on {@code status}, built without them. */
    public void applyTo(TenantClusterStatus status, Clock clock) {
      status.setCaRotation(view.getStatus() == null ? null : view.getStatus().getCaRotation());
      condition.ifPresent(
          wanted -> {
            List<Condition> previous =
                view.getStatus() == null ? List.of() : view.getStatus().getConditions();
            status.setConditions(Conditions.put(status.getConditions(), previous, wanted, clock));
          });
    }
  }

  private final Clock clock;
  private final TenantSecrets secrets;
  private final TenantEvents events;

  public TenantCaRotation(Clock clock, TenantSecrets secrets, TenantEvents events) {
    this.clock = clock;
    this.secrets = secrets;
    this.events = events;
  }

  /**
   * @param host the host objects, for the key-material Secrets, the control-plane StatefulSet and
   *     the CoreDNS Deployment (from the informer caches)
   * @param controlPlaneReady whether the control plane serves: a rotation starts only then
   */
  public Progress advance(TenantCluster tenant, HostObjects host, boolean controlPlaneReady) {
    CaRotationStatus rotation = previous(tenant);
    String requested = TenantAnnotations.value(tenant, ROTATE_CA);
    Long generation = tenant.getMetadata().getGeneration();
    if (rotation == null || rotation.getCompletedAt() != null) {
      if (requested == null || (rotation != null && requested.equals(rotation.getRequested()))) {
        return settled(tenant, rotation);
      }
      Optional<String> overlapProblem = overlapProblem(tenant);
      if (overlapProblem.isPresent()) {
        return new Progress(withRotation(tenant, rotation),
            Optional.of(Conditions.of(TYPE, false, INVALID, overlapProblem.get(), generation)),
            Optional.empty());
      }
      // Secrets trusting two CAs: the rotation was started, and this is a stale read of status
      Optional<CaRotationStep> resumed =
          writtenStep(host, tenant).filter(step -> step != CaRotationStep.DROP_OLD);
      if (resumed.isEmpty() && !controlPlaneReady) {
        return new Progress(withRotation(tenant, rotation),
            Optional.of(Conditions.of(TYPE, false, PENDING, "cluster CA rotation " + quoted(requested)
                + " starts once every control-plane replica is ready", generation)),
            Optional.of(POLL));
      }
      rotation = new CaRotationStatus();
      rotation.setRequested(requested);
      rotation.setStartedAt(now());
      CaRotationStep first = resumed.orElse(CaRotationStep.TRUST_NEW);
      step(rotation, first);
      write(tenant, host, first);
      String[] cas = fingerprints(host, tenant);
      rotation.setPreviousCa(cas[0]);
      rotation.setNewCa(cas[1]);
      if (resumed.isEmpty()) {
        String message = "cluster CA rotation " + quoted(requested) + " started: "
            + rotation.getNewCa() + " trusted beside " + rotation.getPreviousCa();
        LOG.info("{}: {}", key(tenant), message);
        events.normal(tenant, "CaRotationStarted", message);
      }
      return moving(tenant, rotation, "step " + first.status() + ": rolling out to every replica");
    }
    CaRotationStep step = CaRotationStep.of(rotation.getStep()).orElse(CaRotationStep.TRUST_NEW);
    Optional<CaRotationStep> written = writtenStep(host, tenant);
    if (written.isPresent() && written.get().ordinal() > step.ordinal()) {
      // read a stale status (its write lost a race): the Secrets say how far the rotation got
      step = written.get();
      step(rotation, step);
    }
    write(tenant, host, step); // idempotent: a step written already writes nothing
    TenantCluster view = withRotation(tenant, rotation);
    Optional<String> waiting = rolledOut(view, host);
    if (waiting.isPresent()) {
      return elapsed(rotation).compareTo(STEP_TIMEOUT) > 0
          ? stalled(tenant, rotation, waiting.get())
          : moving(tenant, rotation, "step " + rotation.getStep() + ": " + waiting.get());
    }
    return switch (step) {
      case TRUST_NEW -> next(tenant, host, rotation, CaRotationStep.SIGN_WITH_NEW,
          "step SignWithNew: every certificate is re-issued by the new CA; the old one stays trusted");
      case SIGN_WITH_NEW -> {
        Duration overlap = overlap(tenant);
        Duration left = overlap.minus(elapsed(rotation));
        if (left.compareTo(Duration.ZERO) > 0) {
          yield new Progress(view,
              Optional.of(condition(rotation, false, ROTATING, "step SignWithNew rolled out; both CAs"
                  + " stay trusted for " + describe(overlap) + " (" + ROTATE_CA_OVERLAP
                  + "), until " + Instant.parse(rotation.getStepStartedAt()).plus(overlap), generation)),
              Optional.of(left.compareTo(POLL) < 0 ? left : POLL));
        }
        yield next(tenant, host, rotation, CaRotationStep.DROP_OLD,
            "step DropOld: the old CA is trusted no more");
      }
      case DROP_OLD -> {
        rotation.setCompletedAt(now());
        String message = completion(rotation);
        LOG.info("{}: {}", key(tenant), message);
        events.normal(tenant, ROTATED, message);
        yield settled(tenant, rotation);
      }
    };
  }

  /**
   * Whether the tenant asks for a rotation that has not completed: until it has, a status written
   * from a stale read could lose its step, so status is written with the resourceVersion.
   */
  public static boolean requested(TenantCluster tenant) {
    String requested = TenantAnnotations.value(tenant, ROTATE_CA);
    CaRotationStatus rotation = tenant.getStatus() == null ? null : tenant.getStatus().getCaRotation();
    return requested != null
        && (rotation == null || !requested.equals(rotation.getRequested()) || rotation.getCompletedAt() == null);
  }

  private Progress next(
      TenantCluster tenant, HostObjects host, CaRotationStatus rotation, CaRotationStep next, String doing) {
    step(rotation, next);
    write(tenant, host, next);
    events.normal(tenant, "CaRotation" + next.status(), "cluster CA rotation " + quoted(rotation.getRequested())
        + ": " + doing);
    return moving(tenant, rotation, doing);
  }

  /** Empty once every control-plane replica and CoreDNS run the rotation's current step. */
  private static Optional<String> rolledOut(TenantCluster view, HostObjects host) {
    CaRotationStatus rotation = view.getStatus().getCaRotation();
    String value = ControlPlaneStatefulSetBuilder.caRotation(view).orElseThrow();
    String namespace = HostNames.hostNamespace(view);
    var annotated = Rollouts.annotated(ControlPlaneStatefulSetBuilder.CA_ROTATION_ANNOTATION, value);
    String notRendered = "the pod template does not carry " + rotation.getStep() + " yet";
    return Rollouts.statefulSet(
            host.cached(StatefulSet.class, namespace, HostNames.controlPlane(view)), annotated, notRendered)
        .or(() -> Rollouts.deployment(
            host.cached(Deployment.class, namespace, HostNames.coredns(view)), annotated, notRendered));
  }

  private void write(TenantCluster tenant, HostObjects host, CaRotationStep step) {
    List<Outcome> written = secrets.rotate(tenant, OwnerLabels.of(tenant), host, step);
    if (!written.isEmpty()) {
      LOG.info("{}: cluster CA rotation step {}: key material {}", key(tenant), step.status(), written);
    }
  }

  private Progress settled(TenantCluster tenant, CaRotationStatus rotation) {
    if (rotation == null) {
      return new Progress(withRotation(tenant, null), Optional.empty(), Optional.empty());
    }
    return new Progress(withRotation(tenant, rotation),
        Optional.of(condition(rotation, true, ROTATED, completion(rotation), tenant.getMetadata().getGeneration())),
        Optional.empty());
  }

  private Progress moving(TenantCluster tenant, CaRotationStatus rotation, String doing) {
    return new Progress(withRotation(tenant, rotation),
        Optional.of(condition(rotation, false, ROTATING, doing, tenant.getMetadata().getGeneration())),
        Optional.of(POLL));
  }

  private Progress stalled(TenantCluster tenant, CaRotationStatus rotation, String waiting) {
    String message = "step " + rotation.getStep() + " has not rolled out within " + STEP_TIMEOUT.toMinutes()
        + "m: " + waiting + "; both CAs stay trusted and the rotation goes on once it has";
    return new Progress(withRotation(tenant, rotation),
        Optional.of(condition(rotation, false, STALLED, message, tenant.getMetadata().getGeneration())),
        Optional.of(Duration.ofSeconds(30)));
  }

  private static Condition condition(
      CaRotationStatus rotation, boolean done, String reason, String message, Long generation) {
    String prefix = done ? "" : "cluster CA rotation " + quoted(rotation.getRequested()) + ", ";
    return Conditions.of(TYPE, done, reason, prefix + message, generation);
  }

  private static String completion(CaRotationStatus rotation) {
    return "cluster CA rotated for " + quoted(rotation.getRequested()) + " at " + rotation.getCompletedAt()
        + ": " + rotation.getPreviousCa() + " replaced by " + rotation.getNewCa()
        + "; certificates of the old CA are refused";
  }

  /** The annotation's overlap, or why it cannot be read. */
  private static Optional<String> overlapProblem(TenantCluster tenant) {
    String text = TenantAnnotations.value(tenant, ROTATE_CA_OVERLAP);
    if (text == null || GoDurations.parse(text).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("metadata.annotations[" + ROTATE_CA_OVERLAP + "]: " + quoted(text)
        + " is not a duration; expected e.g. 10m, 24h or 0s; the cluster CA is not rotated");
  }

  /** 10m, 24h, 1h30m, 0s: as the annotation is written. */
  private static String describe(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static Duration overlap(TenantCluster tenant) {
    String text = TenantAnnotations.value(tenant, ROTATE_CA_OVERLAP);
    return text == null ? DEFAULT_OVERLAP : GoDurations.parse(text).orElse(DEFAULT_OVERLAP);
  }

  /**
   * How far the Secrets got: an incoming CA is TrustNew, two CAs trusted without one SignWithNew,
   * one CA trusted DropOld (or done). Empty without a readable CA Secret.
   */
  private static Optional<CaRotationStep> writtenStep(HostObjects host, TenantCluster tenant) {
    return trust(host, tenant).map(trust -> trust.incoming().isPresent()
        ? CaRotationStep.TRUST_NEW
        : trust.rotating() ? CaRotationStep.SIGN_WITH_NEW : CaRotationStep.DROP_OLD);
  }

  /**
   * The SHA-256 fingerprints of the CA being replaced and of the one replacing it: before the new
   * one signs (the incoming CA beside the signing one) or after (the signing one and the CA still
   * trusted beside it).
   */
  private static String[] fingerprints(HostObjects host, TenantCluster tenant) {
    return trust(host, tenant)
        .map(trust -> trust.incoming().isPresent()
            ? new String[] {fingerprint(trust.signer()), fingerprint(trust.incoming().get())}
            : new String[] {
                trust.retiring().map(TenantCaRotation::fingerprint).orElse("unknown"),
                fingerprint(trust.signer())})
        .orElse(new String[] {"unknown", "unknown"});
  }

  private static Optional<ClusterCaTrust> trust(HostObjects host, TenantCluster tenant) {
    return host.cached(Secret.class, HostNames.hostNamespace(tenant), HostNames.caSecret(tenant))
        .map(secret -> TenantPki.clusterCaTrust(tenant, TenantSecrets.decode(secret)));
  }

  private static String fingerprint(X509Certificate certificate) {
    return IssuedCertificate.fingerprint(certificate);
  }

  private Duration elapsed(CaRotationStatus rotation) {
    return Duration.between(Instant.parse(rotation.getStepStartedAt()), clock.instant());
  }

  private void step(CaRotationStatus rotation, CaRotationStep step) {
    rotation.setStep(step.status());
    rotation.setStepStartedAt(now());
  }

  private String now() {
    return Conditions.timestamp(clock.instant());
  }

  private static TenantCluster withRotation(TenantCluster tenant, CaRotationStatus rotation) {
    TenantCluster view = Serialization.clone(tenant);
    if (view.getStatus() == null) {
      view.setStatus(new TenantClusterStatus());
    }
    view.getStatus().setCaRotation(rotation);
    return view;
  }

  private static CaRotationStatus previous(TenantCluster tenant) {
    return tenant.getStatus() == null || tenant.getStatus().getCaRotation() == null
        ? null
        : Serialization.clone(tenant.getStatus().getCaRotation());
  }

  private static String quoted(String value) {
    return "\"" + value + "\"";
  }

  private static String key(TenantCluster tenant) {
    return tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
  }
}
