package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.SortedMap;

/**
 * The host namespace of one tenant cluster, with Pod Security Admission labels. It enforces the
 * tenant's level (restricted unless the tenant asks for baseline, since its synced workloads run
 * here too) and always audits and warns at restricted. The control-plane pods meet restricted.
 */
public final class HostNamespaceBuilder {
  public static final String COMPONENT = "host-namespace";
  private static final String PSA = "pod-security.kubernetes.io/";

  private HostNamespaceBuilder() {}

  public static Namespace build(ControlPlaneModel model) {
    SortedMap<String, String> labels = HostLabels.of(model, COMPONENT);
    labels.put(PSA + "enforce", model.podSecurity());
    labels.put(PSA + "enforce-version", "latest");
    labels.put(PSA + "audit", "restricted");
    labels.put(PSA + "audit-version", "latest");
    labels.put(PSA + "warn", "restricted");
    labels.put(PSA + "warn-version", "latest");
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(HostNames.hostNamespace(model.tenant()))
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
