package dev.enclave.cli.backup;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.EnclaveCtl;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.datastore.etcd.EtcdException;
import dev.enclave.kms.KeyBackendException;
import dev.enclave.operator.backup.TenantBackup;
import dev.enclave.operator.backup.TenantBackupResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.security.SecureRandom;

/**
 * Runs one backup command against a tenant on the host: resolves it, runs the action, and maps
 * what went wrong to an exit code and one line: 1 when a backup is refused or a transfer fails, 2
 * when the tenant does not exist or the cluster cannot be asked.
 */
final class BackupRun {
  /** What a command does with the resolved tenant; returns its exit code. */
  interface Action {
    int run(TenantBackupResolver resolver, TenantBackup backup, PrintWriter out, PrintWriter err) throws Exception;
  }

  private BackupRun() {}

  static int run(HostOptions host, TenantRef ref, PrintWriter out, PrintWriter err, Action action) {
    try (KubernetesClient client = host.connect()) {
      TenantBackupResolver resolver = new TenantBackupResolver(client, host.operatorNamespace, new SecureRandom());
      TenantCluster tenant = client.resources(TenantCluster.class).inNamespace(ref.namespace()).withName(ref.name()).get();
      if (tenant == null) {
        err.println("enclavectl: TenantCluster " + ref + " does not exist");
        return EnclaveCtl.UNREADABLE;
      }
      try (TenantBackup backup = resolver.resolve(tenant)) {
        return action.run(resolver, backup, out, err);
      }
    } catch (BackupRefusedException | KeyBackendException | EtcdException | UncheckedIOException e) {
      err.println("enclavectl: " + message(e));
      return EnclaveCtl.VIOLATIONS;
    } catch (KubernetesClientException e) {
      err.println("enclavectl: cannot ask the host cluster: " + message(e));
      return EnclaveCtl.UNREADABLE;
    } catch (Exception e) {
      err.println("enclavectl: " + message(e));
      return EnclaveCtl.VIOLATIONS;
    }
  }

  private static String message(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (e instanceof UncheckedIOException && cause != null && cause.getMessage() != null) {
      message += ": " + cause.getMessage();
    }
    return message;
  }

  /** Whether output goes to a terminal, for {@link TransferProgress}. */
  static boolean tty() {
    return System.console() != null;
  }
}
