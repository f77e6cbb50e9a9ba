package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;

/**
 * The kubeconfig of the audit webhook backend, pointing at the jurisdiction's audit sink that the
 * tenant names. The sink's certificate is checked against the system roots; it holds no
 * credentials.
 */
public final class AuditWebhookBuilder {
  private static final String SINK = "audit-sink";

  private AuditWebhookBuilder() {}

  /** Empty when the tenant declares no audit sink: the API server then logs to stdout. */
  public static Optional<ConfigMap> build(ControlPlaneModel model) {
    return model
        .auditSink()
        .map(
            url ->
                ConfigMaps.file(
                    model,
                    HostNames.auditWebhookConfigMap(model.tenant()),
                    AuditPolicyBuilder.COMPONENT,
                    ControlPlaneVolume.KUBECONFIG,
                    kubeconfig(url)));
  }

  public static Config kubeconfig(String url) {
    return new ConfigBuilder()
        .withApiVersion("v1")
        .withKind("Config")
        .addNewCluster()
        .withName(SINK)
        .withNewCluster()
        .withServer(url)
        .endCluster()
        .endCluster()
        .addNewContext()
        .withName(SINK)
        .withNewContext()
        .withCluster(SINK)
        .withUser(SINK)
        .endContext()
        .endContext()
        .addNewUser()
        .withName(SINK)
        .withNewUser()
        .endUser()
        .endUser()
        .withCurrentContext(SINK)
        .build();
  }
}
