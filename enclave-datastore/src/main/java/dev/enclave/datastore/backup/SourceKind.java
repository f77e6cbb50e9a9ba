package dev.enclave.datastore.backup;

/** What a backup's plaintext is, as its manifest names it. */
public enum SourceKind {
  ETCD_SNAPSHOT("etcd-snapshot"),
  ETCD_PREFIX("etcd-prefix"),
  POSTGRESQL("postgresql");

  private final String manifestName;

  SourceKind(String manifestName) {
    this.manifestName = manifestName;
  }

  public String manifestName() {
    return manifestName;
  }

  public static SourceKind fromManifest(String name) {
    for (SourceKind kind : values()) {
      if (kind.manifestName.equals(name)) {
        return kind;
      }
    }
    throw new BackupRefusedException(
        "manifest field sourceKind is '" + name + "'; allowed: etcd-snapshot, etcd-prefix, postgresql");
  }
}
