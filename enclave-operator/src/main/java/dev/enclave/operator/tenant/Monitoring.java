package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a tenant's API server is scraped: a ServiceMonitor when the host runs the Prometheus Operator
 * (its CRD is checked once, at start), else {@code prometheus.io/*} annotations on the API Service.
 * Control-plane health itself comes from the StatefulSet's readiness.
 */
public final class Monitoring {
  public static final String SERVICE_MONITOR_CRD = "servicemonitors.monitoring.coreos.com";
  public static final GroupVersionKind SERVICE_MONITOR =
      new GroupVersionKind("monitoring.coreos.com", "v1", "ServiceMonitor");

  private final boolean serviceMonitors;

  public Monitoring(boolean serviceMonitors) {
    this.serviceMonitors = serviceMonitors;
  }

  /** Asks the host once whether the ServiceMonitor CRD is installed. */
  public static Monitoring detect(KubernetesClient client) {
    try {
      return new Monitoring(
          client
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName(SERVICE_MONITOR_CRD)
                  .get()
              != null);
    } catch (KubernetesClientException e) {
      return new Monitoring(false);
    }
  }

  public boolean usesServiceMonitors() {
    return serviceMonitors;
  }

  /** The host objects plus monitoring: a ServiceMonitor appended, or the API Service annotated. */
  public List<HasMetadata> addTo(TenantCluster tenant, List<HasMetadata> hostObjects) {
    Optional<Service> api = apiService(tenant, hostObjects);
    if (api.isEmpty()) {
      return hostObjects;
    }
    ServicePort port = api.get().getSpec().getPorts().get(0);
    if (!serviceMonitors) {
      annotate(api.get(), port);
      return hostObjects;
    }
    List<HasMetadata> withMonitor = new ArrayList<>(hostObjects);
    withMonitor.add(serviceMonitor(tenant, api.get(), port));
    return withMonitor;
  }

  private static void annotate(Service api, ServicePort port) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (api.getMetadata().getAnnotations() != null) {
      annotations.putAll(api.getMetadata().getAnnotations());
    }
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/scheme", "https");
    annotations.put("prometheus.io/path", "/metrics");
    annotations.put("prometheus.io/port", String.valueOf(port.getPort()));
    api.getMetadata().setAnnotations(annotations);
  }

  private static GenericKubernetesResource serviceMonitor(
      TenantCluster tenant, Service api, ServicePort port) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", port.getName() != null ? port.getName() : "https");
    endpoint.put("scheme", "https");
    endpoint.put("path", "/metrics");
    endpoint.put(
        "tlsConfig",
        Map.of(
            "serverName",
            api.getMetadata().getName() + "." + HostNames.hostNamespace(tenant) + ".svc",
            "ca",
            Map.of("secret", Map.of("name", HostNames.caSecret(tenant), "key", "ca.crt"))));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SERVICE_MONITOR.apiVersion())
        .withKind(SERVICE_MONITOR.getKind())
        .withNewMetadata()
        .withName(HostNames.controlPlane(tenant))
        .withNamespace(HostNames.hostNamespace(tenant))
        .withLabels(OwnerLabels.of(tenant))
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "selector", Map.of("matchLabels", api.getMetadata().getLabels()),
                    "endpoints", List.of(endpoint))))
        .build();
  }

  /** The Service named after the tenant, else the first Service that is not headless. */
  private static Optional<Service> apiService(TenantCluster tenant, List<HasMetadata> objects) {
    List<Service> services =
        objects.stream()
            .filter(Service.class::isInstance)
            .map(Service.class::cast)
            .filter(s -> s.getSpec() != null && s.getSpec().getPorts() != null)
            .filter(s -> !s.getSpec().getPorts().isEmpty())
            .toList();
    return services.stream()
        .filter(s -> HostNames.controlPlane(tenant).equals(s.getMetadata().getName()))
        .findFirst()
        .or(
            () ->
                services.stream()
                    .filter(s -> !"None".equals(s.getSpec().getClusterIP()))
                    .findFirst());
  }
}
