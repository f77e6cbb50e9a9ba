package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.host.HostObjects;
import dev.enclave.operator.host.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a tenant's key-material Secrets in its host namespace: created once when absent, re-issued
 * once their renewal time (written in an annotation when issued) has passed. A steady reconcile
 * neither parses certificates nor writes anything. Key material never reaches a log or the
 * TenantCluster's status.
 */
public final class TenantSecrets {
  public static final String RENEW_AFTER_ANNOTATION = "enclave.dev/renew-after";

  private final KeyMaterial keyMaterial;
  private final Clock clock;

  public TenantSecrets(KeyMaterial keyMaterial, Clock clock) {
    this.keyMaterial = keyMaterial;
    this.clock = clock;
  }

  /** Creates missing and renews expiring Secrets; one outcome per Secret written. */
  public List<Outcome> ensure(TenantCluster tenant, Map<String, String> labels, HostObjects host) {
    Map<String, Optional<Secret>> present = present(tenant, host);
    Set<String> wanted = new LinkedHashSet<>();
    present.forEach(
        (name, secret) -> {
          if (secret.isEmpty() || isDue(secret.get())) {
            wanted.add(name);
          }
        });
    if (wanted.isEmpty()) {
      return List.of();
    }
    return write(tenant, labels, host, present, keyMaterial.issue(tenant, wanted, decoded(present)));
  }

  /**
   * Writes the tenant's PKI Secrets as {@code step} of a cluster CA rotation has them; nothing when
   * the step is written already. Only with every Secret present: a tenant still being created has
   * nothing to rotate yet.
   */
  public List<Outcome> rotate(
      TenantCluster tenant,
      Map<String, String> labels,
      HostObjects host,
      KeyMaterial.CaRotationStep step) {
    Map<String, Optional<Secret>> present = present(tenant, host);
    if (present.values().stream().anyMatch(Optional::isEmpty)) {
      throw new IllegalStateException(
          "the cluster CA of " + tenant.getMetadata().getNamespace() + "/"
              + tenant.getMetadata().getName() + " cannot be rotated before its key material exists: "
              + present.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList()
              + " missing in " + HostNames.hostNamespace(tenant));
    }
    return write(tenant, labels, host, present, keyMaterial.rotateClusterCa(tenant, step, decoded(present)));
  }

  private Map<String, Optional<Secret>> present(TenantCluster tenant, HostObjects host) {
    String namespace = HostNames.hostNamespace(tenant);
    Map<String, Optional<Secret>> present = new LinkedHashMap<>();
    for (String name : keyMaterial.secretNames(tenant)) {
      present.put(name, host.cached(Secret.class, namespace, name));
    }
    return present;
  }

  private static List<Outcome> write(
      TenantCluster tenant,
      Map<String, String> labels,
      HostObjects host,
      Map<String, Optional<Secret>> present,
      List<KeyMaterial.Issued> issued) {
    String namespace = HostNames.hostNamespace(tenant);
    List<Outcome> outcomes = new ArrayList<>();
    ResourceID owner = ResourceID.fromResource(tenant);
    for (KeyMaterial.Issued one : issued) {
      Secret desired = secret(namespace, labels, one);
      Optional<Secret> actual = present.getOrDefault(one.secretName(), Optional.empty());
      outcomes.add(
          actual.isPresent()
              ? host.replace(owner, desired, actual.get())
              : host.createIfAbsent(owner, desired));
    }
    return outcomes;
  }

  private boolean isDue(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String renewAfter = annotations == null ? null : annotations.get(RENEW_AFTER_ANNOTATION);
    if (renewAfter == null) {
      return false; // nothing to renew (keys without certificates), or not Enclave's to renew
    }
    return !clock.instant().isBefore(Instant.parse(renewAfter));
  }

  private static Secret secret(
      String namespace, Map<String, String> labels, KeyMaterial.Issued issued) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(issued.secretName())
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(
            issued.renewAfter() == null
                ? null
                : Map.of(RENEW_AFTER_ANNOTATION, issued.renewAfter().toString()))
        .endMetadata()
        .withType(issued.type())
        .withData(encoded(issued.stringData()))
        .build();
  }

  private static Map<String, String> encoded(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    data.forEach(
        (k, v) ->
            out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  private static Map<String, Map<String, String>> decoded(Map<String, Optional<Secret>> present) {
    Map<String, Map<String, String>> out = new HashMap<>();
    present.forEach(
        (name, secret) ->
            secret.map(HasMetadata.class::cast).ifPresent(s -> out.put(name, decode((Secret) s))));
    return out;
  }

  /** A Secret's data (and stringData) as text, key to value. */
  public static Map<String, String> decode(Secret secret) {
    Map<String, String> out = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      out.putAll(secret.getStringData());
    }
    return out;
  }
}
