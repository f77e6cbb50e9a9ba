package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The live table of tenant clusters: read from the hosts, rendered as aligned plain text. */
public final class TenantTable {
  private static final List<String> HEADER =
      List.of("HOST", "NAMESPACE/NAME", "JURISDICTION", "VERSION", "PHASE", "CONDITIONS");

  private TenantTable() {}

  /** One row per declared tenant cluster, in declaration order. */
  public static List<TenantRow> observe(
      Platform platform, List<HostTarget> hosts, Map<String, String> notApplied) {
    List<TenantRow> rows = new ArrayList<>();
    for (Declared<TenantCluster> declared : platform.tenantClusters()) {
      TenantCluster tenant = declared.object();
      String key = declared.namespace() + "/" + declared.name();
      List<HostTarget> serving =
          hosts.stream().filter(h -> h.serves(tenant.getSpec().getJurisdiction())).toList();
      if (notApplied.containsKey(key) || serving.isEmpty()) {
        rows.add(TenantRow.notApplied(tenant, notApplied.getOrDefault(key, "no host serves it")));
        continue;
      }
      rows.add(read(holding(serving, tenant), tenant));
    }
    return rows;
  }

  /**
   * The first host of the jurisdiction that has the tenant (it may have moved to another with
   * {@code enclavectl migrate}), else the first, where it was applied.
   */
  private static HostTarget holding(List<HostTarget> serving, TenantCluster tenant) {
    for (HostTarget host : serving) {
      try {
        if (host.client().resources(TenantCluster.class).inNamespace(tenant.getMetadata().getNamespace())
            .withName(tenant.getMetadata().getName()).get() != null) {
          return host;
        }
      } catch (KubernetesClientException e) {
        return host; // read() reports why it cannot be read
      }
    }
    return serving.get(0);
  }

  private static TenantRow read(HostTarget host, TenantCluster tenant) {
    try {
      TenantCluster live =
          host.client()
              .resources(TenantCluster.class)
              .inNamespace(tenant.getMetadata().getNamespace())
              .withName(tenant.getMetadata().getName())
              .get();
      List<Pod> pods =
          host.client().pods().inNamespace(HostNames.hostNamespace(tenant)).list().getItems();
      return TenantRow.observed(host.name(), tenant, live, pods);
    } catch (KubernetesClientException e) {
      return TenantRow.unreadable(host.name(), tenant, PlatformApplier.reasonOf(e));
    }
  }

  /** The table, one line per row under a header, columns padded to their widest cell. */
  public static String render(List<TenantRow> rows) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(HEADER);
    for (TenantRow r : rows) {
      cells.add(
          List.of(
              r.host(),
              r.tenant(),
              nonNull(r.jurisdiction()),
              nonNull(r.version()),
              r.phase(),
              r.conditions()));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        text.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), widths[i] + 3));
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** One line per tenant that is not Ready: {@code namespace/name: reason}. */
  public static List<String> reasons(List<TenantRow> rows) {
    List<String> lines = new ArrayList<>();
    for (TenantRow r : rows) {
      if (r.terminalReason() != null) {
        lines.add(r.tenant() + ": " + r.terminalReason());
      } else if (!r.ready()) {
        lines.add(r.tenant() + ": not Ready yet: " + nonNull(r.waitingFor()));
      }
    }
    return lines;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String nonNull(String s) {
    return s == null ? "-" : s;
  }
}
