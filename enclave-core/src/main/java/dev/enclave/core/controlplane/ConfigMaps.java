package dev.enclave.core.controlplane;

import dev.enclave.core.render.Yaml;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A ConfigMap holding one configuration file of the control plane, rendered as YAML. */
final class ConfigMaps {
  private ConfigMaps() {}

  static ConfigMap file(
      ControlPlaneModel model, String name, String component, String key, Object content) {
    return new ConfigMapBuilder()
        .withMetadata(HostLabels.metadata(model, name, component))
        .withData(new TreeMap<>(Map.of(key, Yaml.writeInOrder(content))))
        .build();
  }

  /** An ordered map of the given entries, for hand-built configuration documents. */
  @SafeVarargs
  static Map<String, Object> map(Map.Entry<String, ?>... entries) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : entries) {
      map.put(entry.getKey(), entry.getValue());
    }
    return map;
  }

  static List<Object> list(Object... values) {
    return List.of(values);
  }
}
