package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a declared platform to host clusters: every object goes to the host serving its
 * jurisdiction, and only there. Each host gets its own Jurisdiction and the DataStores of it;
 * tenant namespaces are created before the TenantClusters and AccessGrants inside them. An object
 * whose jurisdiction no host serves is reported and not applied.
 */
public final class PlatformApplier {

  /**
   * What happened.
   *
   * @param applied how many objects each host received
   * @param refused one line per object not applied, {@code FILE:LINE: KIND/NAME: FIELD: why}
   * @param notApplied why each TenantCluster ({@code namespace/name}) that was not applied
   */
  public record Result(
      Map<String, Integer> applied, List<String> refused, Map<String, String> notApplied) {}

  private final Platform platform;
  private final List<HostTarget> hosts;
  private final Map<String, Integer> applied = new LinkedHashMap<>();
  private final List<String> refused = new ArrayList<>();
  private final Map<String, String> notApplied = new LinkedHashMap<>();

  private PlatformApplier(Platform platform, List<HostTarget> hosts) {
    this.platform = platform;
    this.hosts = hosts;
  }

  public static Result apply(Platform platform, List<HostTarget> hosts) {
    PlatformApplier applier = new PlatformApplier(platform, hosts);
    applier.applyAll();
    return new Result(applier.applied, applier.refused, applier.notApplied);
  }

  private void applyAll() {
    hosts.forEach(h -> applied.put(h.name(), 0));
    // Every host of a jurisdiction gets its Jurisdiction and DataStores; tenants go to the first.
    platform.jurisdictions().forEach(d -> applyToEvery(d, d.name(), "metadata.name"));
    platform
        .dataStores()
        .forEach(d -> applyToEvery(d, d.object().getSpec().getJurisdiction(), "spec.jurisdiction"));
    createNamespaces();
    for (Declared<TenantCluster> tenant : platform.tenantClusters()) {
      String why =
          applyTo(tenant, tenant.object().getSpec().getJurisdiction(), "spec.jurisdiction");
      if (why != null) {
        notApplied.put(tenant.namespace() + "/" + tenant.name(), why);
      }
    }
    for (Declared<AccessGrant> grant : platform.accessGrants()) {
      Optional<String> jurisdiction = jurisdictionOf(grant.object());
      if (jurisdiction.isEmpty()) {
        refuse(
            grant,
            "spec.tenantCluster",
            "tenant cluster \""
                + grant.object().getSpec().getTenantCluster()
                + "\" is not declared in namespace "
                + grant.namespace()
                + "; not applied");
      } else {
        applyTo(grant, jurisdiction.get(), "spec.tenantCluster");
      }
    }
  }

  private void applyToEvery(Declared<? extends HasMetadata> declared, String jurisdiction, String field) {
    List<HostTarget> serving = hosts.stream().filter(h -> h.serves(jurisdiction)).toList();
    if (serving.size() <= 1) {
      applyTo(declared, jurisdiction, field);
      return;
    }
    serving.forEach(h -> applyTo(declared, jurisdiction, field, Optional.of(h)));
  }

  /** Applies the object to the host serving the jurisdiction; returns why not, or null. */
  private String applyTo(
      Declared<? extends HasMetadata> declared, String jurisdiction, String field) {
    return applyTo(declared, jurisdiction, field, hostFor(jurisdiction));
  }

  private String applyTo(
      Declared<? extends HasMetadata> declared, String jurisdiction, String field, Optional<HostTarget> host) {
    if (host.isEmpty()) {
      String why =
          platform.jurisdiction(jurisdiction).isPresent()
              ? "jurisdiction \"" + jurisdiction + "\" is not served by this playground"
              : "jurisdiction \"" + jurisdiction + "\" is not declared";
      refuse(declared, field, why + "; not applied");
      return why;
    }
    try {
      KubernetesClient client = host.get().client();
      client.resource(forApply(declared.object())).unlock().createOr(NonDeletingOperation::update);
      applied.merge(host.get().name(), 1, Integer::sum);
      return null;
    } catch (KubernetesClientException e) {
      String why = host.get().name() + " refused it: " + reasonOf(e);
      refuse(declared, field, why);
      return why;
    }
  }

  private void createNamespaces() {
    for (HostTarget host : hosts) {
      Set<String> namespaces = new LinkedHashSet<>();
      platform.tenantClusters().stream()
          .filter(t -> hostFor(t.object().getSpec().getJurisdiction()).filter(host::equals).isPresent())
          .forEach(t -> namespaces.add(t.namespace()));
      platform.accessGrants().stream()
          .filter(g -> jurisdictionOf(g.object()).flatMap(this::hostFor).filter(host::equals).isPresent())
          .forEach(g -> namespaces.add(g.namespace()));
      for (String namespace : namespaces) {
        try {
          if (host.client().namespaces().withName(namespace).get() == null) {
            host.client()
                .namespaces()
                .resource(
                    new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
          }
        } catch (KubernetesClientException e) {
          refused.add(
              "Namespace/" + namespace + ": " + host.name() + " refused it: " + reasonOf(e));
        }
      }
    }
  }

  private Optional<String> jurisdictionOf(AccessGrant grant) {
    return platform
        .tenantCluster(grant.getMetadata().getNamespace(), grant.getSpec().getTenantCluster())
        .map(t -> t.getSpec().getJurisdiction());
  }

  private Optional<HostTarget> hostFor(String jurisdiction) {
    return hosts.stream().filter(h -> h.serves(jurisdiction)).findFirst();
  }

  private void refuse(Declared<?> declared, String field, String why) {
    String where = declared.locationOf(field).map(l -> l + ": ").orElse("");
    refused.add(where + declared.kind() + "/" + declared.name() + ": " + field + ": " + why);
  }

  /** A copy without server-owned fields, so the same object can be applied again. */
  private static HasMetadata forApply(HasMetadata object) {
    HasMetadata copy =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(object);
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setUid(null);
    copy.getMetadata().setManagedFields(null);
    if (copy instanceof TenantCluster t) {
      t.setStatus(null);
    } else if (copy instanceof Jurisdiction j) {
      j.setStatus(null);
    } else if (copy instanceof DataStore d) {
      d.setStatus(null);
    } else if (copy instanceof AccessGrant g) {
      g.setStatus(null);
    }
    return copy;
  }

  static String reasonOf(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
