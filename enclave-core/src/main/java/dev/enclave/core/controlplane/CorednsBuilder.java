package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.COREDNS_CONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.COREDNS_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.COREFILE;
import static dev.enclave.core.controlplane.ControlPlaneVolume.KUBECONFIG;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant's own DNS: a CoreDNS Deployment that answers {@code cluster.local} from the tenant API
 * (never the host's) and forwards other names to the host's resolver, its Corefile, and the
 * ClusterIP Service synced pods resolve through. CoreDNS listens on an unprivileged port and the
 * Service maps 53 to it, so it runs with every capability dropped. Forwarding external names
 * through the host DNS lets the host see which external names a tenant looks up, never tenant
 * service names.
 */
public final class CorednsBuilder {
  public static final String DNS = "dns";
  public static final String CONTAINER = "coredns";
  public static final int SERVICE_PORT = 53;
  public static final int DNS_PORT = 1053;
  public static final int HEALTH_PORT = 8080;
  public static final int READY_PORT = 8181;
  public static final String CLUSTER_DOMAIN = "cluster.local";

  private CorednsBuilder() {}

  public static ConfigMap configMap(ControlPlaneModel model) {
    return new ConfigMapBuilder()
        .withMetadata(HostLabels.metadata(model, HostNames.coredns(model.tenant()), DNS))
        .withData(new TreeMap<>(Map.of(COREFILE, corefile())))
        .build();
  }

  static String corefile() {
    return String.join(
        "\n",
        ".:" + DNS_PORT + " {",
        "    errors",
        "    health :" + HEALTH_PORT,
        "    ready :" + READY_PORT,
        "    kubernetes " + CLUSTER_DOMAIN + " in-addr.arpa ip6.arpa {",
        "        kubeconfig " + COREDNS_KUBECONFIG.file(KUBECONFIG),
        "        pods insecure",
        "        fallthrough in-addr.arpa ip6.arpa",
        "        ttl 30",
        "    }",
        "    forward . /etc/resolv.conf",
        "    cache 30",
        "    loop",
        "    reload",
        "    loadbalance",
        "}",
        "");
  }

  /**
   * Two replicas spread across nodes for an HA tenant, one otherwise. The pod uses the host's
   * cluster DNS ({@code ClusterFirst}) as its upstream, the only resolver its NetworkPolicy allows.
   */
  public static Deployment deployment(ControlPlaneModel model, String configHash) {
    Map<String, String> selector = HostLabels.selector(model, DNS);
    return new DeploymentBuilder()
        .withMetadata(HostLabels.metadata(model, HostNames.coredns(model.tenant()), DNS))
        .withNewSpec()
        .withReplicas(model.highlyAvailable() ? 2 : 1)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(HostLabels.of(model, DNS))
        .withAnnotations(ControlPlaneStatefulSetBuilder.podAnnotations(model, configHash))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(HostNames.corednsServiceAccount(model.tenant()))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withDnsPolicy("ClusterFirst")
        .withSecurityContext(SecurityContexts.pod())
        .withAffinity(PodPlacement.affinity(model, model.highlyAvailable(), selector))
        .withTolerations(PodPlacement.tolerations(model))
        .withContainers(container(model))
        .withVolumes(ControlPlaneVolumes.forCoredns(model))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static Container container(ControlPlaneModel model) {
    return ControlPlaneContainers.base(
            CONTAINER,
            Images.coredns(model),
            ControlPlaneContainers.resources("100m", "70Mi", "500m", "170Mi"))
        .withArgs("-conf", COREDNS_CONFIG.file(COREFILE))
        .addNewPort()
        .withName("dns")
        .withContainerPort(DNS_PORT)
        .withProtocol("UDP")
        .endPort()
        .addNewPort()
        .withName("dns-tcp")
        .withContainerPort(DNS_PORT)
        .withProtocol("TCP")
        .endPort()
        .withLivenessProbe(ControlPlaneContainers.http("/health", HEALTH_PORT, 5))
        .withReadinessProbe(ControlPlaneContainers.http("/ready", READY_PORT, 3))
        .withVolumeMounts(COREDNS_CONFIG.mount(), COREDNS_KUBECONFIG.mount())
        .build();
  }

  public static Service service(ControlPlaneModel model) {
    return new ServiceBuilder()
        .withMetadata(HostLabels.metadata(model, HostNames.dnsService(model.tenant()), DNS))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(HostLabels.selector(model, DNS))
        .withPorts(port("dns", "UDP"), port("dns-tcp", "TCP"))
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, String protocol) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol(protocol)
        .withPort(SERVICE_PORT)
        .withTargetPort(new IntOrString(DNS_PORT))
        .build();
  }
}
