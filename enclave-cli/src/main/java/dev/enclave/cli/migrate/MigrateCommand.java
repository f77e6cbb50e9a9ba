package dev.enclave.cli.migrate;

import dev.enclave.cli.EnclaveCtl;
import dev.enclave.cli.backup.HostOptions;
import dev.enclave.cli.backup.TenantRef;
import dev.enclave.cli.playground.DurationConverter;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.datastore.etcd.EtcdException;
import dev.enclave.kms.KeyBackendException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl migrate NAMESPACE/NAME --to-context CTX}: see {@link TenantMove}. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Move TenantCluster NAMESPACE/NAME (on a shared DataStore) to another host cluster of the same",
      "jurisdiction: stop its control plane, back it up and verify the backup, write it to the target",
      "with its keys and certificates, wait until it is Ready there, then remove it from the source and",
      "check that nothing of it is left. Across jurisdictions it is refused: re-declare it in Git.",
      "A run that stopped midway continues when run again."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:moved; nothing of the tenant is left on the source",
      "1:refused (nothing written), rolled back, or something is left on the source (listed)",
      "2:usage error, unknown tenant, or a cluster could not be asked"
    })
public final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HostOptions host;

  @Parameters(index = "0", paramLabel = "NAMESPACE/NAME", converter = TenantRef.Converter.class)
  TenantRef tenant;

  @Option(names = "--to-context", paramLabel = "CTX", required = true, description = "Kubeconfig context of the target host.")
  String toContext;

  @Option(names = "--to-kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the target host (default: --kubeconfig).")
  Path toKubeconfig;

  @Option(
      names = "--to-operator-namespace",
      paramLabel = "NS",
      description = "Namespace of the operator on the target (default: --operator-namespace).")
  String toOperatorNamespace;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long each wait may take: the stop, the target's Ready, the source's removal (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path targetConfig = toKubeconfig != null ? toKubeconfig : host.kubeconfig();
    String sourceName = host.context() != null ? host.context() : "the current context";
    try (KubernetesClient from = host.connect();
        KubernetesClient to = HostOptions.connect(targetConfig, toContext)) {
      TenantMove move =
          new TenantMove(
              new TenantMove.Host(sourceName, from, host.operatorNamespace()),
              new TenantMove.Host(toContext, to, toOperatorNamespace != null ? toOperatorNamespace : host.operatorNamespace()),
              out, err, timeout, Clock.systemUTC());
      List<String> left = move.run(tenant.namespace(), tenant.name());
      if (!left.isEmpty()) {
        err.println("enclavectl: migrate " + tenant + ": it runs on " + toContext + ", but " + left.size()
            + " objects of it are left on " + sourceName + ":");
        left.forEach(l -> err.println("  " + l));
        return EnclaveCtl.VIOLATIONS;
      }
      out.println("migrate " + tenant + ": moved to " + toContext + "; nothing of it is left on " + sourceName);
      return EnclaveCtl.OK;
    } catch (TenantMove.Refused | BackupRefusedException | KeyBackendException | EtcdException | UncheckedIOException e) {
      err.println("enclavectl: migrate " + tenant + ": " + e.getMessage());
      return EnclaveCtl.VIOLATIONS;
    } catch (TenantMove.Unknown e) {
      err.println("enclavectl: migrate " + tenant + ": " + e.getMessage());
      return EnclaveCtl.UNREADABLE;
    } catch (KubernetesClientException e) {
      err.println("enclavectl: migrate " + tenant + ": cannot ask a host cluster: "
          + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
      return EnclaveCtl.UNREADABLE;
    }
  }
}
