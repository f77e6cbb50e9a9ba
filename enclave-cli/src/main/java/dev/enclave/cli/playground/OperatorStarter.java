package dev.enclave.cli.playground;

import dev.enclave.operator.EnclaveOperator;
import dev.enclave.operator.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Starts the Enclave operator for some jurisdictions on one host cluster. */
@FunctionalInterface
public interface OperatorStarter {

  AutoCloseable start(KubernetesClient client, Set<String> jurisdictions);

  /**
   * The real operator, in-process: free ports for metrics and health, no leader election (one
   * operator per host), default namespace and resync.
   */
  static OperatorStarter enclaveOperator(Clock clock) {
    return (client, jurisdictions) -> {
      OperatorConfig defaults = OperatorConfig.forJurisdictions(jurisdictions);
      OperatorConfig config =
          new OperatorConfig(
              jurisdictions,
              defaults.operatorNamespace(),
              0,
              0,
              0,
              defaults.resyncPeriod(),
              false,
              defaults.leaseName());
      EnclaveOperator operator = EnclaveOperator.start(client, config, clock);
      try {
        operator.awaitReady(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return operator;
    };
  }
}
