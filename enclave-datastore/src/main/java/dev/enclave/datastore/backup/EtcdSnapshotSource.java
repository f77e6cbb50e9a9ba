package dev.enclave.datastore.backup;

import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdSnapshot;
import java.io.IOException;
import java.io.OutputStream;

/** A whole embedded etcd's snapshot (a tenant with its own etcd), as etcdctl snapshot save has it. */
public final class EtcdSnapshotSource implements BackupSource {
  private final EtcdClient client;

  public EtcdSnapshotSource(EtcdClient client) {
    this.client = client;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.ETCD_SNAPSHOT;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    EtcdSnapshot.save(client, out);
  }
}
