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
    String namespace = HostNames.hostNamespace(tenant);
    Map<String, Optional<Secret>> present = new LinkedHashMap<>();
    for (String name : keyMaterial.secretNames(tenant)) {
      present.put(name, host.cached(Secret.class, namespace, name));
    }
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
    List<Outcome> outcomes = new ArrayList<>();
    ResourceID owner = ResourceID.fromResource(tenant);
    for (KeyMaterial.Issued issued : keyMaterial.issue(tenant, wanted, decoded(present))) {
      Secret desired = secret(namespace, labels, issued);
      Optional<Secret> actual = present.getOrDefault(issued.secretName(), Optional.empty());
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
