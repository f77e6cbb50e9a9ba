package dev.enclave.datastore.backup;

import java.util.Objects;

/** The tenant cluster a backup belongs to: what restore checks before it writes anything. */
public record TenantIdentity(
    String uid, String namespace, String name, String jurisdiction, String kubernetesVersion) {
  public TenantIdentity {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
  }

  /** {@code TenantCluster NAMESPACE/NAME (uid UID)}, for messages. */
  public String describe() {
    return "TenantCluster " + namespace + "/" + name + " (uid " + uid + ")";
  }
}
