package dev.enclave.core.evidence.controls;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The controls each framework maps to, with the article each cites (see REFERENCES.md): EU Data
 * Act, DORA, NIS2, EU AI Act, GDPR, UK GDPR and the UK Data (Use and Access) Act 2025.
 */
final class ControlCatalog {
  private static final List<String> RESIDENCY =
      List.of(
          "TenantCluster:spec.jurisdiction",
          "TenantCluster:spec.dataStore",
          "TenantCluster:spec.backup",
          "TenantCluster:spec.audit",
          "DataStore:spec.jurisdiction",
          "Jurisdiction:spec.placement",
          "Jurisdiction:spec.storageClasses",
          "Jurisdiction:spec.auditSinks",
          "Jurisdiction:spec.backupTargets",
          "Jurisdiction:spec.keyManagement",
          "Jurisdiction:spec.adminGroups",
          "AccessGrant:spec.group");
  private static final List<String> BACKUP =
      List.of("TenantCluster:spec.backup", "Jurisdiction:spec.backupTargets");
  private static final List<String> AUDIT =
      List.of("TenantCluster:spec.audit", "Jurisdiction:spec.auditSinks");
  private static final List<String> ACCESS =
      List.of("AccessGrant:", "Jurisdiction:spec.adminGroups");

  static final Map<String, List<ControlDefinition>> BY_FRAMEWORK =
      Map.of(
          "EU-DATA-ACT", dataAct(),
          "DORA", dora(),
          "NIS2", nis2(),
          "EU-AI-ACT", aiAct(),
          "GDPR", gdpr("GDPR", "GDPR"),
          "UK-GDPR", gdpr("UK-GDPR", "UK GDPR"),
          "UK-DUAA", ukDuaa());

  private ControlCatalog() {}

  private static List<ControlDefinition> dataAct() {
    String f = "EU Data Act (Reg. 2023/2854)";
    return List.of(
        new ControlDefinition(
            "EU-DATA-ACT-25",
            f,
            "Art. 25",
            "Switching between providers",
            "Customers can switch to another provider, within a 30-day transition period, without"
                + " obstacles: their data and configuration must be exportable.",
            true,
            false,
            List.of(
                "TenantCluster:spec.backup",
                "TenantCluster:spec.kubernetesVersion",
                "Jurisdiction:spec.registries",
                "Jurisdiction:spec.backupTargets"),
            all(Checks::declaredInGit, Checks::upstreamImages, Checks::backupsInside)),
        new ControlDefinition(
            "EU-DATA-ACT-28",
            f,
            "Art. 28",
            "Transparency on jurisdiction",
            "Providers state the jurisdiction of the infrastructure that processes the data.",
            true,
            true,
            List.of(
                "TenantCluster:spec.jurisdiction",
                "Jurisdiction:spec.placement",
                "Jurisdiction:spec.displayName"),
            all(Checks::displayNamed, Checks::placementDeclared, Checks::podsOnMatchingNodes)),
        new ControlDefinition(
            "EU-DATA-ACT-32",
            f,
            "Art. 32",
            "Safeguards against non-EU government access",
            "Technical, legal and organisational measures prevent international governmental"
                + " access to data held in the Union that would conflict with Union law.",
            true,
            true,
            RESIDENCY,
            all(
                Checks::kmsDeclared,
                Checks::stateInside,
                Checks::backupsInside,
                Checks::auditInside,
                Checks::adminGroupsLimited,
                Checks::noCrossings)));
  }

  private static List<ControlDefinition> dora() {
    String f = "DORA (Reg. 2022/2554)";
    return List.of(
        new ControlDefinition(
            "DORA-12",
            f,
            "Art. 12",
            "Backup and restoration",
            "Backups are taken, restorable on systems separate from the source, and tested.",
            true,
            false,
            BACKUP,
            all(
                Checks::backupsInside,
                Checks::lastBackups,
                (c, e) ->
                    e.note(
                        "restore tests are not verifiable from declarations: evidence"
                            + " them from the restore test records"))),
        new ControlDefinition(
            "DORA-28",
            f,
            "Art. 28",
            "ICT third-party risk register",
            "Every ICT service a function relies on, and where it is provided, is known and"
                + " recorded.",
            true,
            false,
            List.of(
                "TenantCluster:spec.dataStore",
                "TenantCluster:spec.backup",
                "TenantCluster:spec.audit",
                "DataStore:",
                "Jurisdiction:spec.keyManagement"),
            Checks::destinationsNamed),
        new ControlDefinition(
            "DORA-30",
            f,
            "Art. 30(2)(b)",
            "Regions of processing named",
            "Contracts name the regions or countries where functions are provided and data is"
                + " processed and stored.",
            true,
            true,
            List.of(
                "TenantCluster:spec.jurisdiction",
                "TenantCluster:spec.backup",
                "Jurisdiction:spec.placement",
                "Jurisdiction:spec.backupTargets"),
            all(Checks::displayNamed, Checks::placementDeclared, Checks::regionsNamed)));
  }

  private static List<ControlDefinition> nis2() {
    String f = "NIS2 (Dir. 2022/2555)";
    return List.of(
        new ControlDefinition(
            "NIS2-21-B",
            f,
            "Art. 21(2)(b)",
            "Incident handling",
            "Policies and procedures for handling incidents, which needs a record of what"
                + " happened.",
            true,
            false,
            AUDIT,
            Checks::auditInside),
        new ControlDefinition(
            "NIS2-21-H",
            f,
            "Art. 21(2)(h)",
            "Cryptography and encryption",
            "Policies and procedures on the use of cryptography and, where appropriate,"
                + " encryption.",
            false,
            false,
            List.of(
                "Jurisdiction:spec.keyManagement",
                "Jurisdiction:spec.auditSinks",
                "Jurisdiction:spec.backupTargets"),
            all(Checks::kmsDeclared, Checks::tls)),
        new ControlDefinition(
            "NIS2-21-I",
            f,
            "Art. 21(2)(i)",
            "Access control",
            "Access control policies: administrative access is limited, time-bound and"
                + " justified.",
            false,
            false,
            ACCESS,
            all(Checks::adminGroupsLimited, Checks::grantsTimeBound)),
        new ControlDefinition(
            "NIS2-23",
            f,
            "Art. 23",
            "Incident reporting",
            "Significant incidents reported within 24 hours (early warning), 72 hours"
                + " (notification) and one month (final report), which needs an audit trail.",
            true,
            false,
            AUDIT,
            all(
                Checks::auditInside,
                (c, e) ->
                    e.note(
                        "the reporting deadlines themselves are an organisational"
                            + " process; the report evidences the audit trail they rely on"))));
  }

  private static List<ControlDefinition> aiAct() {
    String f = "EU AI Act (Reg. 2024/1689)";
    return List.of(
        new ControlDefinition(
            "EU-AI-ACT-12",
            f,
            "Art. 12",
            "Automatic logging",
            "High-risk AI systems automatically record events (logs) over their lifetime.",
            true,
            false,
            AUDIT,
            all(
                (c, e) ->
                    e.ok(
                        "every tenant API server runs with an audit policy (Metadata level"
                            + " for all requests, rendered by Enclave)"),
                Checks::auditInside)),
        new ControlDefinition(
            "EU-AI-ACT-19",
            f,
            "Art. 19",
            "Logs kept at least six months",
            "Automatically generated logs are kept for at least six months.",
            true,
            false,
            List.of("TenantCluster:spec.backup", "TenantCluster:spec.audit"),
            Checks::logRetention));
  }

  private static List<ControlDefinition> gdpr(String id, String name) {
    return List.of(
        new ControlDefinition(
            id + "-32",
            name,
            "Art. 32",
            "Security of processing",
            "Encryption, confidentiality, resilience, and the ability to restore access to"
                + " personal data in a timely manner.",
            true,
            false,
            List.of(
                "TenantCluster:spec.dataStore",
                "TenantCluster:spec.backup",
                "TenantCluster:spec.isolation",
                "Jurisdiction:spec.keyManagement",
                "AccessGrant:",
                "Jurisdiction:spec.adminGroups"),
            all(Checks::kmsDeclared, Checks::backupsInside, Checks::adminGroupsLimited)),
        new ControlDefinition(
            id + "-44",
            name,
            "Art. 44",
            "Transfers to third countries",
            "Personal data leaves the territory only under the conditions of Chapter V.",
            true,
            true,
            RESIDENCY,
            all(
                Checks::placementDeclared,
                Checks::stateInside,
                Checks::noCrossings,
                Checks::podsOnMatchingNodes)));
  }

  private static List<ControlDefinition> ukDuaa() {
    return List.of(
        new ControlDefinition(
            "UK-DUAA-TRANSFER",
            "UK Data (Use and Access) Act 2025",
            "Transfer test",
            "Protection not materially lower",
            "Personal data may be transferred only where the protection in the destination is"
                + " not materially lower than in the United Kingdom.",
            true,
            true,
            RESIDENCY,
            all(
                Checks::placementDeclared,
                Checks::stateInside,
                Checks::backupsInside,
                Checks::auditInside,
                Checks::kmsDeclared,
                Checks::adminGroupsLimited,
                Checks::noCrossings,
                Checks::podsOnMatchingNodes)));
  }

  @SafeVarargs
  private static BiConsumer<ControlContext, ControlEvidence> all(
      BiConsumer<ControlContext, ControlEvidence>... checks) {
    return (c, e) -> {
      for (BiConsumer<ControlContext, ControlEvidence> check : checks) {
        check.accept(c, e);
      }
    };
  }
}
