package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.List;

/**
 * The host ServiceAccounts of a tenant, none automounting a token: the control-plane pods' (bound
 * to the syncer's host permissions, its token projected into the syncer container only), CoreDNS's
 * and the synced workloads' (bound to nothing: workloads never reach the host API).
 */
public final class ServiceAccountsBuilder {
  public static final String SYNCER = "syncer";
  public static final String WORKLOADS = "workloads";

  private ServiceAccountsBuilder() {}

  public static List<ServiceAccount> build(ControlPlaneModel model) {
    return List.of(
        serviceAccount(model, HostNames.syncerServiceAccount(model.tenant()), SYNCER),
        serviceAccount(model, HostNames.corednsServiceAccount(model.tenant()), CorednsBuilder.DNS),
        serviceAccount(model, HostNames.workloadsServiceAccount(model.tenant()), WORKLOADS));
  }

  private static ServiceAccount serviceAccount(
      ControlPlaneModel model, String name, String component) {
    return new ServiceAccountBuilder()
        .withMetadata(HostLabels.metadata(model, name, component))
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
