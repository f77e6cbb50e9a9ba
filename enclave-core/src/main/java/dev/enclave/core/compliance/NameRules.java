package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Declared;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names and namespaces: every name a DNS-1123 label, tenant names also DNS-1035 labels short enough
 * for their StatefulSet, and derived host namespaces valid and unique.
 */
final class NameRules {
  private static final Pattern DNS_1123_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final int MAX_LABEL_LENGTH = 63;
  private static final String LABEL_FORM =
      "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63"
          + " characters";

  private NameRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<? extends HasMetadata> declared : catalog.all()) {
      Findings findings = Findings.on(declared, out);
      checkName(declared.object(), findings);
      checkNamespace(declared.object(), findings);
    }
    for (Declared<TenantCluster> tenant : catalog.tenantClusters()) {
      checkTenantName(tenant.object(), Findings.on(tenant, out));
    }
    checkHostNamespaceCollisions(catalog, out);
  }

  private static void checkName(HasMetadata object, Findings findings) {
    String name = Catalog.nameOf(object);
    if (findings.require("metadata.name", name) && !isLabel(name)) {
      findings.add(
          "metadata.name", "name " + quote(name) + " is not a DNS-1123 label (" + LABEL_FORM + ")");
    }
  }

  private static void checkNamespace(HasMetadata object, Findings findings) {
    String kind = Catalog.kindOf(object);
    String namespace = Catalog.namespaceOf(object);
    boolean namespaced = object instanceof Namespaced;
    if (namespaced && Messages.isBlank(namespace)) {
      findings.add(
          "metadata.namespace", "metadata.namespace is required: " + kind + " is namespaced");
    } else if (!namespaced && namespace != null) {
      findings.add(
          "metadata.namespace", kind + " is cluster-scoped; remove namespace " + quote(namespace));
    } else if (namespaced && !isLabel(namespace)) {
      findings.add(
          "metadata.namespace",
          "namespace " + quote(namespace) + " is not a DNS-1123 label (" + LABEL_FORM + ")");
    }
  }

  private static void checkTenantName(TenantCluster tenant, Findings findings) {
    String name = Catalog.nameOf(tenant);
    if (!isLabel(name)) {
      return;
    }
    if (!Character.isLetter(name.charAt(0))) {
      findings.add(
          "metadata.name",
          "name "
              + quote(name)
              + " must start with a letter: it names the control-plane Service (DNS-1035 label)");
    }
    if (name.length() > HostNames.MAX_TENANT_NAME_LENGTH) {
      findings.add(
          "metadata.name",
          "name "
              + quote(name)
              + " is "
              + name.length()
              + " characters; at most "
              + HostNames.MAX_TENANT_NAME_LENGTH
              + ": the control-plane StatefulSet needs room for its 11-character revision suffix");
    }
    String namespace = Catalog.namespaceOf(tenant);
    if (isLabel(namespace)) {
      String host = HostNames.hostNamespace(namespace, name);
      if (host.length() > HostNames.MAX_NAMESPACE_LENGTH) {
        findings.add(
            "metadata.name",
            "derived host namespace "
                + quote(host)
                + " is "
                + host.length()
                + " characters; at most "
                + HostNames.MAX_NAMESPACE_LENGTH
                + " (a namespace name): shorten the tenant's name or namespace");
      }
    }
  }

  private static void checkHostNamespaceCollisions(Catalog catalog, List<Violation> out) {
    Map<String, TenantCluster> firstByHostNamespace = new LinkedHashMap<>();
    for (Declared<TenantCluster> declared : catalog.tenantClusters()) {
      TenantCluster tenant = declared.object();
      String name = Catalog.nameOf(tenant);
      String namespace = Catalog.namespaceOf(tenant);
      if (name == null || namespace == null) {
        continue;
      }
      String host = HostNames.hostNamespace(namespace, name);
      TenantCluster other = firstByHostNamespace.putIfAbsent(host, tenant);
      if (other != null && !Objects.equals(Catalog.namespaceOf(other), namespace)) {
        reportCollision(catalog, host, tenant, other, out);
      }
    }
  }

  private static void reportCollision(
      Catalog catalog, String host, TenantCluster one, TenantCluster other, List<Violation> out) {
    for (Declared<TenantCluster> declared : catalog.tenantClusters()) {
      TenantCluster tenant = declared.object();
      TenantCluster counterpart = tenant == one ? other : tenant == other ? one : null;
      if (counterpart != null) {
        Findings.on(declared, out)
            .add(
                "metadata.name",
                "derived host namespace "
                    + quote(host)
                    + " collides with that of TenantCluster "
                    + Catalog.namespaceOf(counterpart)
                    + "/"
                    + Catalog.nameOf(counterpart));
      }
    }
  }

  static boolean isLabel(String value) {
    return value != null
        && value.length() <= MAX_LABEL_LENGTH
        && DNS_1123_LABEL.matcher(value).matches();
  }
}
