package dev.enclave.core.evidence;

import dev.enclave.core.evidence.ObservedEvidence.PodEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Everything one tenant cluster reaches outside its own jurisdiction, declared or observed. */
final class Crossings {
  private Crossings() {}

  static List<Crossing> of(TenantEvidence t, Destinations destinations) {
    List<Crossing> out = new ArrayList<>();
    TenantEvidence.StoreEvidence store = t.dataStore();
    if ("shared".equals(store.kind())) {
      check(
          t,
          "dataStore",
          "data store",
          store.name(),
          store.jurisdiction(),
          "spec.dataStore.ref",
          out);
    } else if ("embedded".equals(store.kind()) && store.storageClass() != null) {
      check(
          t,
          "storageClass",
          "storage class",
          store.storageClass(),
          store.jurisdiction(),
          "spec.dataStore.embedded.storageClass",
          out);
    }
    if (t.backup().target() != null) {
      check(
          t,
          "backupTarget",
          "backup target",
          t.backup().target(),
          t.backup().jurisdiction(),
          "spec.backup.target",
          out);
    }
    if (t.audit().sink() != null) {
      check(
          t,
          "auditSink",
          "audit sink",
          t.audit().sink(),
          t.audit().jurisdiction(),
          "spec.audit.sink",
          out);
    }
    if (t.observed() != null) {
      observed(t, destinations, out);
    }
    return out;
  }

  private static void observed(TenantEvidence t, Destinations destinations, List<Crossing> out) {
    for (PodEvidence pod : t.observed().pods()) {
      if (pod.nodeName() != null && !pod.inJurisdiction()) {
        String where =
            pod.nodeJurisdiction() == null
                ? "carries no jurisdiction's placement labels"
                : "belongs to jurisdiction \"" + pod.nodeJurisdiction() + "\"";
        out.add(
            new Crossing(
                t.namespace(),
                t.name(),
                t.jurisdiction(),
                "node",
                pod.nodeName(),
                pod.nodeJurisdiction(),
                "Pod/" + pod.name() + " spec.nodeName",
                "pod " + pod.name() + " runs on node " + pod.nodeName() + ", which " + where));
      }
    }
    for (var volume : t.observed().volumes()) {
      if (volume.storageClass() == null) {
        continue;
      }
      String owner =
          destinations
              .storageClass(t.jurisdiction(), volume.storageClass())
              .map(Destinations.Found::jurisdiction)
              .orElse(null);
      check(
          t,
          "storageClass",
          "volume " + volume.claim() + " uses storage class",
          volume.storageClass(),
          owner,
          "PersistentVolumeClaim/" + volume.claim() + " spec.storageClassName",
          out);
    }
  }

  private static void check(
      TenantEvidence t,
      String reach,
      String noun,
      String target,
      String owner,
      String field,
      List<Crossing> out) {
    if (Objects.equals(owner, t.jurisdiction())) {
      return;
    }
    String where =
        owner == null
            ? "is declared by no jurisdiction"
            : "is declared by jurisdiction \"" + owner + "\", not \"" + t.jurisdiction() + "\"";
    out.add(
        new Crossing(
            t.namespace(),
            t.name(),
            t.jurisdiction(),
            reach,
            target,
            owner,
            field,
            noun + " \"" + target + "\" " + where));
  }
}
