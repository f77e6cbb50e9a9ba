package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.model.Declared;
import java.util.List;

/**
 * Names that must point at something declared: jurisdictions, data stores, tenant clusters, and the
 * audit sinks and backup targets of the tenant's own jurisdiction.
 */
final class ReferenceRules {
  private ReferenceRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<TenantCluster> tenant : catalog.tenantClusters()) {
      checkTenant(catalog, tenant.object().getSpec(), Findings.on(tenant, out));
    }
    for (Declared<DataStore> store : catalog.dataStores()) {
      if (store.object().getSpec() != null) {
        checkJurisdiction(
            catalog, store.object().getSpec().getJurisdiction(), Findings.on(store, out));
      }
    }
    for (Declared<AccessGrant> grant : catalog.accessGrants()) {
      checkGrant(catalog, grant.object(), Findings.on(grant, out));
    }
  }

  private static void checkTenant(Catalog catalog, TenantClusterSpec spec, Findings findings) {
    if (spec == null) {
      return;
    }
    String ref = spec.getDataStore() == null ? null : spec.getDataStore().getRef();
    if (!Messages.isBlank(ref) && catalog.dataStore(ref).isEmpty()) {
      findings.add(
          "spec.dataStore.ref",
          "data store "
              + quote(ref)
              + " does not exist"
              + Messages.declared(catalog.dataStoreNames()));
    }
    if (checkJurisdiction(catalog, spec.getJurisdiction(), findings)) {
      catalog
          .jurisdictionSpec(spec.getJurisdiction())
          .ifPresent(jurisdiction -> checkDestinations(spec, jurisdiction, findings));
    }
  }

  /** Audit sinks and backup targets are looked up in the tenant's own jurisdiction only. */
  private static void checkDestinations(
      TenantClusterSpec spec, JurisdictionSpec jurisdiction, Findings findings) {
    String name = spec.getJurisdiction();
    if (spec.getAudit() != null && findings.require("spec.audit.sink", spec.getAudit().getSink())) {
      String sink = spec.getAudit().getSink();
      List<String> sinks = Catalog.namesOf(jurisdiction.getAuditSinks(), AuditSink::getName);
      if (!sinks.contains(sink)) {
        findings.add("spec.audit.sink", Messages.notAllowedIn("audit sink", sink, name, sinks));
      }
    }
    if (spec.getBackup() != null
        && findings.require("spec.backup.target", spec.getBackup().getTarget())) {
      String target = spec.getBackup().getTarget();
      List<String> targets =
          Catalog.namesOf(jurisdiction.getBackupTargets(), BackupTarget::getName);
      if (!targets.contains(target)) {
        findings.add(
            "spec.backup.target", Messages.notAllowedIn("backup target", target, name, targets));
      }
    }
  }

  /** Reports a missing or unknown jurisdiction; answers whether it exists. */
  private static boolean checkJurisdiction(Catalog catalog, String name, Findings findings) {
    if (!findings.require("spec.jurisdiction", name)) {
      return false;
    }
    if (catalog.jurisdiction(name).isEmpty()) {
      findings.add(
          "spec.jurisdiction",
          "jurisdiction "
              + quote(name)
              + " does not exist"
              + Messages.declared(catalog.jurisdictionNames()));
      return false;
    }
    return true;
  }

  private static void checkGrant(Catalog catalog, AccessGrant grant, Findings findings) {
    if (grant.getSpec() == null) {
      return;
    }
    String tenant = grant.getSpec().getTenantCluster();
    String namespace = Catalog.namespaceOf(grant);
    if (findings.require("spec.tenantCluster", tenant)
        && namespace != null
        && catalog.tenantCluster(namespace, tenant).isEmpty()) {
      findings.add(
          "spec.tenantCluster",
          "tenant cluster "
              + quote(tenant)
              + " does not exist in namespace "
              + quote(namespace)
              + Messages.declared(catalog.tenantClusterNamesIn(namespace)));
    }
  }
}
