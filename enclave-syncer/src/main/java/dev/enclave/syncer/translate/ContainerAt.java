package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/** A container of a pod with its field path, init containers first. */
record ContainerAt(String path, Container container) {

  static List<ContainerAt> of(PodSpec spec) {
    List<ContainerAt> all = new ArrayList<>();
    add(all, "spec.initContainers", spec == null ? null : spec.getInitContainers());
    add(all, "spec.containers", spec == null ? null : spec.getContainers());
    return all;
  }

  private static void add(List<ContainerAt> into, String field, List<Container> containers) {
    if (containers == null) {
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      if (containers.get(i) != null) {
        into.add(new ContainerAt(field + "[" + i + "]", containers.get(i)));
      }
    }
  }
}
