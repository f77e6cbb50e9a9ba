package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.JurisdictionEvidence;
import dev.enclave.core.evidence.ObservedEvidence.PodEvidence;
import dev.enclave.core.evidence.TenantEvidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Lays the diagram out in four columns (jurisdictions, host clusters, tenant clusters, what each
 * tenant reaches) and one horizontal band per jurisdiction. A reached thing sits in the band of the
 * jurisdiction that declares it, or in a final "declared nowhere" band, so an edge that leaves its
 * band crosses a boundary. Deterministic: everything is placed in sorted order.
 */
final class DiagramLayout {
  static final int WIDTH = 1000;
  static final int ROW = 38;
  static final int BOX_H = 28;
  static final int BAND_HEAD = 26;
  static final int TOP = 56;
  static final int[] X = {16, 200, 380, 650};
  static final int[] W = {160, 150, 210, 330};
  static final String NOWHERE = "";

  record Box(int column, int x, int y, String label, String sublabel, boolean red) {
    int midY() {
      return y + BOX_H / 2;
    }
  }

  record Edge(Box from, Box to, boolean red, String title) {}

  record Band(String jurisdiction, String title, int y, int height) {}

  final List<Band> bands = new ArrayList<>();
  final List<Box> boxes = new ArrayList<>();
  final List<Edge> edges = new ArrayList<>();
  int height;

  /** A thing a tenant reaches: its band (owner jurisdiction), kind and name. */
  private record Target(String owner, int order, String label, String sublabel) {}

  static DiagramLayout of(Evidence e) {
    DiagramLayout layout = new DiagramLayout();
    Map<String, Map<String, Target>> targetsByOwner = new TreeMap<>();
    Map<String, List<Target>> reachesByTenant = new LinkedHashMap<>();
    for (TenantEvidence t : e.tenants()) {
      List<Target> reaches = reaches(t);
      reachesByTenant.put(t.qualifiedName(), reaches);
      for (Target r : reaches) {
        targetsByOwner.computeIfAbsent(r.owner(), k -> new TreeMap<>()).putIfAbsent(key(r), r);
      }
    }
    Map<String, Box> targetBoxes = new LinkedHashMap<>();
    int y = TOP;
    for (JurisdictionEvidence j : e.jurisdictions()) {
      y =
          layout.band(
              j, targetsByOwner.getOrDefault(j.name(), Map.of()), reachesByTenant, targetBoxes, y);
    }
    Map<String, Target> nowhere = targetsByOwner.getOrDefault(NOWHERE, Map.of());
    if (!nowhere.isEmpty()) {
      int rows = nowhere.size();
      layout.bands.add(new Band(NOWHERE, "Declared by no jurisdiction", y, BAND_HEAD + rows * ROW));
      int row = 0;
      for (Target t : sorted(nowhere)) {
        Box box = new Box(3, X[3], y + BAND_HEAD + row++ * ROW, t.label(), t.sublabel(), true);
        layout.boxes.add(box);
        targetBoxes.put(NOWHERE + "|" + key(t), box);
      }
      y += BAND_HEAD + rows * ROW + 10;
    }
    layout.connect(e, reachesByTenant, targetBoxes);
    layout.height = y + 8;
    return layout;
  }

  private int band(
      JurisdictionEvidence j,
      Map<String, Target> targets,
      Map<String, List<Target>> reachesByTenant,
      Map<String, Box> targetBoxes,
      int y) {
    int rows = Math.max(1, Math.max(j.tenants().size(), targets.size()));
    String title =
        (j.displayName() == null ? j.name() : j.displayName() + " (" + j.name() + ")")
            + (j.declared() ? "" : " — not declared");
    bands.add(new Band(j.name(), title, y, BAND_HEAD + rows * ROW));
    int top = y + BAND_HEAD;
    Box jBox =
        new Box(
            0, X[0], top, j.name(), j.declared() ? "jurisdiction" : "not declared", !j.declared());
    Box host = new Box(1, X[1], top, j.hostCluster(), "host cluster", false);
    boxes.add(jBox);
    boxes.add(host);
    edges.add(new Edge(jBox, host, false, j.name() + " is served by " + j.hostCluster()));
    int row = 0;
    for (TenantEvidence t : j.tenants()) {
      Box tBox =
          new Box(
              2,
              X[2],
              top + row++ * ROW,
              t.name(),
              t.namespace() + ", v" + Objects.toString(t.kubernetesVersion(), "?"),
              false);
      boxes.add(tBox);
      edges.add(
          new Edge(host, tBox, false, "control plane of " + t.name() + " on " + j.hostCluster()));
    }
    row = 0;
    for (Target t : sorted(targets)) {
      Box box = new Box(3, X[3], top + row++ * ROW, t.label(), t.sublabel(), false);
      boxes.add(box);
      targetBoxes.put(j.name() + "|" + key(t), box);
    }
    return y + BAND_HEAD + rows * ROW + 10;
  }

  private void connect(
      Evidence e, Map<String, List<Target>> reachesByTenant, Map<String, Box> targetBoxes) {
    for (TenantEvidence t : e.tenants()) {
      Box from =
          boxes.stream()
              .filter(
                  b ->
                      b.column() == 2
                          && b.label().equals(t.name())
                          && b.sublabel().startsWith(t.namespace() + ","))
              .findFirst()
              .orElseThrow();
      for (Target r : reachesByTenant.get(t.qualifiedName())) {
        Box to = targetBoxes.get(r.owner() + "|" + key(r));
        boolean red = !r.owner().equals(t.jurisdiction());
        edges.add(
            new Edge(
                from,
                to,
                red,
                t.name() + " reaches " + r.label() + (red ? " outside " + t.jurisdiction() : "")));
      }
    }
  }

  private static List<Target> reaches(TenantEvidence t) {
    List<Target> out = new ArrayList<>();
    String own = t.jurisdiction();
    if (t.observed() == null || t.observed().pods().isEmpty()) {
      out.add(new Target(own, 0, "Nodes " + labels(t.placement()), "declared placement"));
    } else {
      for (PodEvidence p : t.observed().pods()) {
        if (p.nodeName() != null) {
          out.add(
              new Target(owner(p.nodeJurisdiction()), 0, "Node " + p.nodeName(), "observed node"));
        }
      }
    }
    var s = t.dataStore();
    if ("shared".equals(s.kind())) {
      out.add(
          new Target(
              owner(s.jurisdiction()),
              1,
              "Data store " + s.name(),
              Objects.toString(s.driver(), "unknown driver")));
    } else if ("embedded".equals(s.kind())) {
      out.add(
          new Target(
              owner(s.jurisdiction()), 1, "Storage class " + s.storageClass(), "embedded etcd"));
    }
    if (t.audit().sink() != null) {
      out.add(
          new Target(
              owner(t.audit().jurisdiction()),
              2,
              "Audit sink " + t.audit().sink(),
              Objects.toString(t.audit().url(), "unknown")));
    }
    if (t.backup().target() != null) {
      out.add(
          new Target(
              owner(t.backup().jurisdiction()),
              3,
              "Backup target " + t.backup().target(),
              "region " + Objects.toString(t.backup().region(), "unknown")));
    }
    return out.stream().distinct().toList();
  }

  private static String owner(String jurisdiction) {
    return jurisdiction == null ? NOWHERE : jurisdiction;
  }

  private static String key(Target t) {
    return t.order() + "|" + t.label();
  }

  private static List<Target> sorted(Map<String, Target> targets) {
    return targets.values().stream().sorted((a, b) -> key(a).compareTo(key(b))).toList();
  }

  private static String labels(Map<String, String> labels) {
    return labels.isEmpty()
        ? "(any: no placement)"
        : String.join(
            ", ", labels.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList());
  }
}
