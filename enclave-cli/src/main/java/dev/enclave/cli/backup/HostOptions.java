package dev.enclave.cli.backup;

import dev.enclave.core.pki.ClientKeyAlgorithm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The host cluster a backup command talks to: kubeconfig, context and the operator's namespace. */
public final class HostOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the host.")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "C", description = "Kubeconfig context of the host.")
  String context;

  @Option(
      names = "--operator-namespace",
      paramLabel = "NS",
      defaultValue = "enclave-system",
      description = "Namespace of the operator: backup keys and target credentials (default: ${DEFAULT-VALUE}).")
  String operatorNamespace;

  public KubernetesClient connect() {
    return connect(kubeconfig, context);
  }

  /** A client of context {@code context} (null: the current one) of {@code kubeconfig} (null: the default). */
  public static KubernetesClient connect(Path kubeconfig, String context) {
    Config config =
        kubeconfig == null ? Config.autoConfigure(context) : Config.fromKubeconfig(context, kubeconfig.toFile());
    ClientKeyAlgorithm.detect(config);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String context() {
    return context;
  }

  public String operatorNamespace() {
    return operatorNamespace;
  }
}
