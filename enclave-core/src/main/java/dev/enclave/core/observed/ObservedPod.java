package dev.enclave.core.observed;

import java.util.Map;

/** A pod in a tenant's host namespace, the node it runs on and that node's labels. */
public record ObservedPod(String name, String nodeName, Map<String, String> nodeLabels, String phase) {

  public ObservedPod {
    nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
  }
}
