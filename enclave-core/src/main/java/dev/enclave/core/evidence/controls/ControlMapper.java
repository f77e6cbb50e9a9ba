package dev.enclave.core.evidence.controls;

import dev.enclave.core.evidence.TenantEvidence;
import dev.enclave.core.evidence.ViolationEvidence;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a jurisdiction's frameworks to controls and evaluates each: PASS when every fact holds, FAIL
 * when one does not or a violation (or drift) concerns it, NOT_APPLICABLE when it is about tenant
 * clusters and the jurisdiction has none, or the framework is unknown to this version.
 */
public final class ControlMapper {
  private ControlMapper() {}

  public static List<ControlResult> evaluate(ControlContext context) {
    List<ControlResult> results = new ArrayList<>();
    for (String framework : context.jurisdiction().frameworks()) {
      List<ControlDefinition> controls = ControlCatalog.BY_FRAMEWORK.get(framework);
      if (controls == null) {
        results.add(unknown(framework));
        continue;
      }
      controls.forEach(d -> results.add(evaluate(d, context)));
    }
    return results;
  }

  static ControlResult evaluate(ControlDefinition d, ControlContext c) {
    if (d.perTenant() && c.jurisdiction().tenants().isEmpty()) {
      return result(
          d,
          ControlStatus.NOT_APPLICABLE,
          new ControlEvidence()
              .note("no tenant clusters in jurisdiction " + c.jurisdiction().name()));
    }
    ControlEvidence e = new ControlEvidence();
    d.check().accept(c, e);
    for (ViolationEvidence v : c.violations()) {
      if (concerns(d, v)) {
        e.fail(
            "violation at "
                + (v.location() == null ? "(no file)" : v.location())
                + ": "
                + v.object()
                + ": "
                + v.fieldPath()
                + ": "
                + v.message());
        e.object(v.kind() + "/" + (v.namespace() == null ? "" : v.namespace() + "/") + v.name());
      }
    }
    if (d.failsOnDrift()) {
      for (TenantEvidence t : c.jurisdiction().tenants()) {
        t.drift().forEach(x -> e.fail("drift on " + t.name() + ": " + x.describe()));
      }
    }
    return result(d, e.failed() ? ControlStatus.FAIL : ControlStatus.PASS, e);
  }

  private static boolean concerns(ControlDefinition d, ViolationEvidence v) {
    for (String concern : d.concerns()) {
      int colon = concern.indexOf(':');
      String kind = concern.substring(0, colon);
      String prefix = concern.substring(colon + 1);
      if (kind.equals(v.kind()) && v.fieldPath() != null && v.fieldPath().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static ControlResult result(ControlDefinition d, ControlStatus s, ControlEvidence e) {
    return new ControlResult(
        d.id(), d.framework(), d.article(), d.title(), d.requirement(), s, e.lines(), e.objects());
  }

  private static ControlResult unknown(String framework) {
    return new ControlResult(
        framework,
        framework,
        "-",
        "No control mapping",
        "This version of Enclave maps no controls for framework " + framework + ".",
        ControlStatus.NOT_APPLICABLE,
        List.of(ControlEvidence.NOTE + "framework " + framework + " is declared but not mapped"),
        List.of());
  }
}
