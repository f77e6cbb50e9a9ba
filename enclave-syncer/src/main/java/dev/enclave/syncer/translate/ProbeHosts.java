package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.util.List;

/**
 * Probes and lifecycle hooks with a {@code host}: the kubelet connects from the node, so a host
 * would let a tenant reach anything the node can (Pod Security baseline since Kubernetes 1.34).
 */
final class ProbeHosts {
  private ProbeHosts() {}

  static void check(Container container, String path, List<Refusal> refusals) {
    probe(container.getLivenessProbe(), path + ".livenessProbe", refusals);
    probe(container.getReadinessProbe(), path + ".readinessProbe", refusals);
    probe(container.getStartupProbe(), path + ".startupProbe", refusals);
    Lifecycle lifecycle = container.getLifecycle();
    if (lifecycle != null) {
      handler(lifecycle.getPostStart(), path + ".lifecycle.postStart", refusals);
      handler(lifecycle.getPreStop(), path + ".lifecycle.preStop", refusals);
    }
  }

  private static void probe(Probe probe, String path, List<Refusal> refusals) {
    if (probe != null) {
      hosts(probe.getHttpGet(), probe.getTcpSocket(), path, refusals);
    }
  }

  private static void handler(LifecycleHandler handler, String path, List<Refusal> refusals) {
    if (handler != null) {
      hosts(handler.getHttpGet(), handler.getTcpSocket(), path, refusals);
    }
  }

  private static void hosts(
      HTTPGetAction http, TCPSocketAction tcp, String path, List<Refusal> refusals) {
    if (http != null && http.getHost() != null && !http.getHost().isEmpty()) {
      Refusals.add(refusals, path + ".httpGet.host", http.getHost(), "unset (the pod's own IP)");
    }
    if (tcp != null && tcp.getHost() != null && !tcp.getHost().isEmpty()) {
      Refusals.add(refusals, path + ".tcpSocket.host", tcp.getHost(), "unset (the pod's own IP)");
    }
  }
}
