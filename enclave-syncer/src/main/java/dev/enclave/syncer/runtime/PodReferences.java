package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The ConfigMaps, Secrets and ServiceAccount one tenant pod uses, by name in the pod's namespace:
 * from volumes (also projected), env, envFrom and imagePullSecrets of every container.
 */
public record PodReferences(Set<String> configMaps, Set<String> secrets, String serviceAccount) {

  public static final PodReferences NONE = new PodReferences(Set.of(), Set.of(), null);

  public PodReferences {
    configMaps = Set.copyOf(configMaps);
    secrets = Set.copyOf(secrets);
  }

  public static PodReferences of(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return NONE;
    }
    Set<String> configMaps = new TreeSet<>();
    Set<String> secrets = new TreeSet<>();
    for (Volume v : nonNull(spec.getVolumes())) {
      if (v.getConfigMap() != null) {
        add(configMaps, v.getConfigMap().getName());
      }
      if (v.getSecret() != null) {
        add(secrets, v.getSecret().getSecretName());
      }
      if (v.getProjected() != null) {
        for (VolumeProjection p : nonNull(v.getProjected().getSources())) {
          if (p.getConfigMap() != null) {
            add(configMaps, p.getConfigMap().getName());
          }
          if (p.getSecret() != null) {
            add(secrets, p.getSecret().getName());
          }
        }
      }
    }
    Consumer<Container> container =
        c -> {
          for (EnvVar e : nonNull(c.getEnv())) {
            if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
              add(configMaps, e.getValueFrom().getConfigMapKeyRef().getName());
            }
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
              add(secrets, e.getValueFrom().getSecretKeyRef().getName());
            }
          }
          for (EnvFromSource e : nonNull(c.getEnvFrom())) {
            if (e.getConfigMapRef() != null) {
              add(configMaps, e.getConfigMapRef().getName());
            }
            if (e.getSecretRef() != null) {
              add(secrets, e.getSecretRef().getName());
            }
          }
        };
    nonNull(spec.getInitContainers()).forEach(container);
    nonNull(spec.getContainers()).forEach(container);
    for (LocalObjectReference ref : nonNull(spec.getImagePullSecrets())) {
      add(secrets, ref.getName());
    }
    return new PodReferences(configMaps, secrets, NameTranslator.serviceAccountOf(spec));
  }

  private static void add(Set<String> names, String name) {
    if (name != null && !name.isEmpty()) {
      names.add(name);
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? new ArrayList<>() : list;
  }
}
