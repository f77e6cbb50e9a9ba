package dev.enclave.core.controlplane;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers that look into rendered host objects. */
final class Rendered {
  private Rendered() {}

  static List<HasMetadata> of(TenantCluster tenant) {
    return ControlPlaneBuilder.build(tenant, Fixtures.eu(), Fixtures.dataStoreOf(tenant));
  }

  static List<TenantCluster> representativeTenants() {
    return List.of(
        Fixtures.embedded(), Fixtures.postgresql(), Fixtures.externalEtcd(), Fixtures.minimal());
  }

  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The pod templates of the control-plane StatefulSet and the CoreDNS Deployment. */
  static List<PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
    return Stream.concat(
            ofKind(objects, StatefulSet.class).stream().map(s -> s.getSpec().getTemplate()),
            ofKind(objects, Deployment.class).stream().map(d -> d.getSpec().getTemplate()))
        .toList();
  }

  static List<Container> containers(List<HasMetadata> objects) {
    return podTemplates(objects).stream()
        .flatMap(
            t ->
                Stream.concat(
                    t.getSpec().getInitContainers().stream(), t.getSpec().getContainers().stream()))
        .toList();
  }

  static StatefulSet statefulSet(TenantCluster tenant) {
    return ofKind(of(tenant), StatefulSet.class).get(0);
  }

  static Deployment coredns(TenantCluster tenant) {
    return ofKind(of(tenant), Deployment.class).get(0);
  }

  static <T extends HasMetadata> T named(TenantCluster tenant, Class<T> type, String name) {
    return ofKind(of(tenant), type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** A container or init container of the control-plane pod. */
  static Container container(TenantCluster tenant, String name) {
    var spec = statefulSet(tenant).getSpec().getTemplate().getSpec();
    return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static List<String> initContainerNames(TenantCluster tenant) {
    return statefulSet(tenant).getSpec().getTemplate().getSpec().getInitContainers().stream()
        .map(Container::getName)
        .toList();
  }

  static List<String> containerNames(TenantCluster tenant) {
    return statefulSet(tenant).getSpec().getTemplate().getSpec().getContainers().stream()
        .map(Container::getName)
        .toList();
  }

  /** Parses the one file of a rendered ConfigMap. */
  static Map<String, Object> file(ConfigMap configMap) {
    String content = configMap.getData().values().iterator().next();
    try {
      return new YAMLMapper().readValue(content, new TypeReference<Map<String, Object>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
