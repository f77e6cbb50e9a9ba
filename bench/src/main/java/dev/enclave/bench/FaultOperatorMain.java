package dev.enclave.bench;

import dev.enclave.core.net.NameResolution;
import dev.enclave.core.pki.ClientKeyAlgorithm;
import dev.enclave.operator.EnclaveOperator;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.WebhookCertificateConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The operator as its own process for {@code bench/run faults}, so that it can be killed with
 * SIGKILL, stopped with SIGSTOP and started again: its host client speaks plain HTTP to the fault
 * proxy on loopback (the proxy holds the credential), its tenants' API is the shared bare tenant
 * API server of the run, reached directly. Leader election is on, as in a deployment with two
 * replicas.
 *
 * <p>Arguments: the proxy's URL, the tenant API server's admin kubeconfig file, the resync period
 * in seconds.
 */
public final class FaultOperatorMain {
  private FaultOperatorMain() {}

  public static void main(String[] args) throws Exception {
    NameResolution.jdkOnly();
    Config host = FaultProxy.clientConfig(args[0], "enclave-operator");
    Config tenant = Config.fromKubeconfig(Files.readString(Path.of(args[1])));
    ClientKeyAlgorithm.detect(tenant);
    tenant.setUserAgent("enclave-operator-tenant");
    KubernetesClient client = new KubernetesClientBuilder().withConfig(host).build();
    KubernetesClient tenantApi = new KubernetesClientBuilder().withConfig(tenant).build();
    OperatorConfig config =
        new OperatorConfig(
            Set.of("eu", "uk"),
            "enclave-system",
            0,
            0,
            0,
            Duration.ofSeconds(Long.parseLong(args[2])),
            true,
            "enclave-operator",
            WebhookCertificateConfig.defaults(),
            true,
            OperatorConfig.LOOPBACK);
    EnclaveOperator.start(client, config, Clock.systemUTC(), (t, s) -> Optional.of(tenantApi));
    System.err.println("enclave-operator: started");
    Thread.currentThread().join();
  }
}
