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
        .withData(new TreeMap<>(Map.of(key, Yaml.write(content))))
        .build();
  }

  /** An ordered map from alternating keys and values, for hand-built configuration documents. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static List<Object> list(Object... values) {
    return List.of(values);
  }
}
