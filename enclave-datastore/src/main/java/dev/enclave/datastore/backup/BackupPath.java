package dev.enclave.datastore.backup;

import java.util.regex.Pattern;

/** Where one backup lives in a target: {@code <jurisdiction>/<namespace>/<tenant>/<backupId>/}. */
public record BackupPath(String jurisdiction, String namespace, String tenant, String backupId) {
  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  public static final String DATA = "data";
  public static final String MANIFEST = "manifest.json";

  public BackupPath {
    check("jurisdiction", jurisdiction);
    check("namespace", namespace);
    check("tenant", tenant);
    check("backupId", backupId);
  }

  public static BackupPath of(TenantIdentity tenant, String backupId) {
    return new BackupPath(tenant.jurisdiction(), tenant.namespace(), tenant.name(), backupId);
  }

  /** The folder of every backup of the tenant, ending in a slash. */
  public static String tenantFolder(TenantIdentity tenant) {
    return tenant.jurisdiction() + "/" + tenant.namespace() + "/" + tenant.name() + "/";
  }

  public String folder() {
    return jurisdiction + "/" + namespace + "/" + tenant + "/" + backupId + "/";
  }

  public String data() {
    return folder() + DATA;
  }

  public String manifest() {
    return folder() + MANIFEST;
  }

  private static void check(String field, String value) {
    if (value == null || !SEGMENT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "backup path field " + field + " is '" + value + "'; allowed: lower-case DNS label characters");
    }
  }
}
