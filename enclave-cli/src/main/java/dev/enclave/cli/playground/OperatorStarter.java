package dev.enclave.cli.playground;

import dev.enclave.operator.EnclaveOperator;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.tenant.TenantApiClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Starts the Enclave operator for some jurisdictions on one host cluster. */
@FunctionalInterface
public interface OperatorStarter {

  /** Starts the operator; it reaches tenant API servers through {@code tenantApis}. */
  AutoCloseable start(
      KubernetesClient client, Set<String> jurisdictions, TenantApiClients tenantApis);

  /**
   * The real operator, in-process: free ports for metrics and health, no leader election (one
   * operator per host), default namespace and resync.
   */
  static OperatorStarter enclaveOperator(Clock clock) {
    return (client, jurisdictions, tenantApis) -> {
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
      EnclaveOperator operator = EnclaveOperator.start(client, config, clock, tenantApis);
      try {
        operator.awaitReady(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return operator;
    };
  }
}
