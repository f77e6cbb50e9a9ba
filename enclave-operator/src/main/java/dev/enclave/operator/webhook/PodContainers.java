package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every container of a pod with its field path: regular, init and ephemeral alike, since each one
 * runs on the node with whatever its security context asks for.
 */
record PodContainers(String path, SecurityContext securityContext, List<ContainerPort> ports) {

  static List<PodContainers> of(PodSpec spec) {
    List<PodContainers> all = new ArrayList<>();
    add(
        all,
        "spec.containers",
        spec.getContainers(),
        c -> of(c.getSecurityContext(), c.getPorts()));
    add(
        all,
        "spec.initContainers",
        spec.getInitContainers(),
        c -> of(c.getSecurityContext(), c.getPorts()));
    add(
        all,
        "spec.ephemeralContainers",
        spec.getEphemeralContainers(),
        c -> of(c.getSecurityContext(), c.getPorts()));
    return all;
  }

  private static <T> void add(
      List<PodContainers> all, String field, List<T> containers, Function<T, PodContainers> view) {
    if (containers == null) {
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      PodContainers c = view.apply(containers.get(i));
      all.add(new PodContainers(field + "[" + i + "]", c.securityContext(), c.ports()));
    }
  }

  private static PodContainers of(SecurityContext securityContext, List<ContainerPort> ports) {
    return new PodContainers(null, securityContext, ports == null ? List.of() : ports);
  }
}
