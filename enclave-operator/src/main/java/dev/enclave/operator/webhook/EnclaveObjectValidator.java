package dev.enclave.operator.webhook;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.PlatformSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates writes of Enclave's own objects with the compliance rules of {@code enclavectl check}:
 * the platform as it would be after the write is evaluated, and the write is refused when any
 * violation concerns the written object. Violations the write causes elsewhere (e.g. a tightened
 * Jurisdiction making a tenant non-compliant) are reported by the operator's Compliant condition
 * instead, so that a jurisdiction can always be tightened.
 */
final class EnclaveObjectValidator implements AdmissionValidator {
  private static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.of(
          Jurisdiction.KIND, Jurisdiction.class,
          DataStore.KIND, DataStore.class,
          TenantCluster.KIND, TenantCluster.class,
          AccessGrant.KIND, AccessGrant.class);

  private final PlatformSource platforms;
  private final OperatorConfig config;
  private final ComplianceCheck rules;
  private final AdmissionCodec codec;

  EnclaveObjectValidator(
      PlatformSource platforms,
      OperatorConfig config,
      ComplianceCheck rules,
      AdmissionCodec codec) {
    this.platforms = platforms;
    this.config = config;
    this.rules = rules;
    this.codec = codec;
  }

  @Override
  public Verdict validate(AdmissionRequest request) {
    String kind = request.getKind().getKind();
    if (!EnclaveApi.GROUP.equals(request.getKind().getGroup()) || !TYPES.containsKey(kind)) {
      return Verdict.allow();
    }
    return switch (request.getOperation()) {
      case "CREATE", "UPDATE" -> validateWrite(request, kind);
      case "DELETE" -> validateDelete(request, kind);
      default -> Verdict.allow();
    };
  }

  private Verdict validateWrite(AdmissionRequest request, String kind) {
    if (request.getObject() == null) {
      return Verdict.deny(kind + "/" + request.getName() + ": request.object is missing");
    }
    HasMetadata incoming;
    try {
      incoming = readObject(request, kind);
    } catch (IllegalArgumentException e) {
      return Verdict.deny(kind + "/" + request.getName() + ": " + SchemaMismatch.describe(e, kind));
    }
    if (specUnchanged(request, kind, incoming)) {
      // Finalizers, labels, annotations: judged when the spec was written. A grant or tenant that
      // stopped complying later (its jurisdiction changed) must still be deletable.
      return Verdict.allow();
    }
    List<String> reasons = new ArrayList<>();
    servedJurisdiction(incoming).ifPresent(reasons::add);
    Platform after = PlatformEdits.with(platforms.snapshot(), incoming);
    for (Violation v : ComplianceRules.forObject(rules.evaluate(after), incoming)) {
      reasons.add(v.describe());
    }
    return Verdict.allowIfEmpty(reasons);
  }

  /** An UPDATE whose spec equals the old object's (a metadata-only change). */
  private boolean specUnchanged(AdmissionRequest request, String kind, HasMetadata incoming) {
    if (!"UPDATE".equals(request.getOperation()) || request.getOldObject() == null) {
      return false;
    }
    try {
      HasMetadata old = codec.convert(request.getOldObject(), TYPES.get(kind));
      return old instanceof CustomResource<?, ?> before
          && incoming instanceof CustomResource<?, ?> after
          && before.getSpec() != null
          && Serialization.asJson(before.getSpec()).equals(Serialization.asJson(after.getSpec()));
    } catch (IllegalArgumentException e) {
      return false; // an old object that no longer reads is judged like a new one
    }
  }

  private HasMetadata readObject(AdmissionRequest request, String kind) {
    HasMetadata incoming = codec.convert(request.getObject(), TYPES.get(kind));
    if (incoming.getMetadata().getName() == null) {
      incoming.getMetadata().setName(request.getName());
    }
    String namespace = request.getNamespace();
    if (incoming.getMetadata().getNamespace() == null
        && namespace != null
        && !namespace.isEmpty()) {
      incoming.getMetadata().setNamespace(namespace);
    }
    return incoming;
  }

  /** A TenantCluster may only be created on a host cluster that serves its jurisdiction. */
  private Optional<String> servedJurisdiction(HasMetadata incoming) {
    if (!(incoming instanceof TenantCluster tenant) || tenant.getSpec() == null) {
      return Optional.empty();
    }
    String jurisdiction = tenant.getSpec().getJurisdiction();
    if (jurisdiction == null || config.serves(jurisdiction)) {
      return Optional.empty();
    }
    return Optional.of(
        TenantCluster.KIND
            + "/"
            + tenant.getMetadata().getName()
            + ": spec.jurisdiction: jurisdiction \""
            + jurisdiction
            + "\" is not served by this host cluster; served: "
            + String.join(", ", config.jurisdictions().stream().sorted().toList()));
  }

  private Verdict validateDelete(AdmissionRequest request, String kind) {
    if (!DeletionGuard.guards(kind)) {
      return Verdict.allow();
    }
    return DeletionGuard.refusal(kind, request.getName(), platforms.snapshot())
        .map(Verdict::deny)
        .orElse(Verdict.allow());
  }
}
