package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's API Service (ClusterIP, 443 to 6443) and the headless Service that gives each
 * control-plane pod a DNS name. The headless Service publishes pods before they are ready, since
 * embedded etcd members must find each other before any API server can become ready.
 */
public final class ServicesBuilder {
  public static final int API_PORT = 443;

  private ServicesBuilder() {}

  public static Service api(ControlPlaneModel model) {
    return new ServiceBuilder()
        .withMetadata(
            HostLabels.metadata(
                model, HostNames.controlPlane(model.tenant()), HostLabels.CONTROL_PLANE))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(HostLabels.controlPlaneSelector(model))
        .withPorts(port("https", API_PORT, ApiServerFlags.SECURE_PORT))
        .endSpec()
        .build();
  }

  public static Service headless(ControlPlaneModel model) {
    List<ServicePort> ports = new ArrayList<>();
    ports.add(port("https", ApiServerFlags.SECURE_PORT, ApiServerFlags.SECURE_PORT));
    if (model.store() == ControlPlaneModel.Store.EMBEDDED_ETCD) {
      ports.add(port("etcd-client", EtcdFlags.CLIENT_PORT, EtcdFlags.CLIENT_PORT));
      ports.add(port("etcd-peer", EtcdFlags.PEER_PORT, EtcdFlags.PEER_PORT));
    }
    return new ServiceBuilder()
        .withMetadata(
            HostLabels.metadata(
                model, HostNames.headlessService(model.tenant()), HostLabels.CONTROL_PLANE))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(HostLabels.controlPlaneSelector(model))
        .withPorts(ports)
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port, int targetPort) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(targetPort))
        .build();
  }
}
