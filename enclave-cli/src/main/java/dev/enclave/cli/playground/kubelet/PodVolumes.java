package dev.enclave.cli.playground.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod's volumes as directories, filled as the kubelet fills them: Secret and ConfigMap items with
 * their modes, emptyDirs, projected volumes (a bound ServiceAccount token from the TokenRequest API,
 * ConfigMap items, downward API files), and a directory per PersistentVolumeClaim that outlives the
 * pod. A Secret or ConfigMap that does not exist yet leaves the pod waiting, as a FailedMount does.
 */
final class PodVolumes {
  private final KubernetesClient host;
  private final Path claims;

  PodVolumes(KubernetesClient host, Path claims) {
    this.host = host;
    this.claims = claims;
  }

  /** Why a volume cannot be mounted yet (the pod waits), or null once every one is written. */
  static final class NotReady extends RuntimeException {
    NotReady(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Writes every volume of {@code pod} under {@code dir}; returns each volume's directory by name
   * and, in {@code refreshAt}, when its ServiceAccount tokens must be re-issued.
   */
  Map<String, Path> write(Pod pod, Path dir, Instant[] refreshAt) {
    Map<String, Path> out = new LinkedHashMap<>();
    String namespace = pod.getMetadata().getNamespace();
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path target = dir.resolve(volume.getName());
      if (volume.getPersistentVolumeClaim() != null) {
        target = claims.resolve(namespace).resolve(volume.getPersistentVolumeClaim().getClaimName());
        directory(target, 0750);
      } else if (volume.getEmptyDir() != null) {
        directory(target, 0777);
      } else if (volume.getSecret() != null) {
        var source = volume.getSecret();
        Secret secret = host.secrets().inNamespace(namespace).withName(source.getSecretName()).get();
        if (secret == null) {
          if (Boolean.TRUE.equals(source.getOptional())) {
            directory(target, 0755);
            out.put(volume.getName(), target);
            continue;
          }
          throw new NotReady("volume " + volume.getName() + ": Secret " + namespace + "/" + source.getSecretName() + " not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
          secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
          secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        files(target, data, source.getItems(), mode(source.getDefaultMode()), "Secret " + source.getSecretName());
      } else if (volume.getConfigMap() != null) {
        var source = volume.getConfigMap();
        ConfigMap map = host.configMaps().inNamespace(namespace).withName(source.getName()).get();
        if (map == null) {
          throw new NotReady("volume " + volume.getName() + ": ConfigMap " + namespace + "/" + source.getName() + " not found");
        }
        files(target, configMapData(map), source.getItems(), mode(source.getDefaultMode()), "ConfigMap " + source.getName());
      } else if (volume.getProjected() != null) {
        int mode = mode(volume.getProjected().getDefaultMode());
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (VolumeProjection projection : volume.getProjected().getSources()) {
          files.putAll(projected(pod, projection, refreshAt));
        }
        files(target, files, null, mode, "projected volume " + volume.getName());
      } else if (volume.getDownwardAPI() != null) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (DownwardAPIVolumeFile file : volume.getDownwardAPI().getItems()) {
          files.put(file.getPath(), field(pod, file.getFieldRef()).getBytes(StandardCharsets.UTF_8));
        }
        files(target, files, null, mode(volume.getDownwardAPI().getDefaultMode()), "downward API volume");
      } else {
        throw new NotReady("volume " + volume.getName() + ": this kind of volume is not supported by the playground's pod runner");
      }
      out.put(volume.getName(), target);
    }
    return out;
  }

  private Map<String, byte[]> projected(Pod pod, VolumeProjection projection, Instant[] refreshAt) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    String namespace = pod.getMetadata().getNamespace();
    if (projection.getServiceAccountToken() != null) {
      var source = projection.getServiceAccountToken();
      long seconds = source.getExpirationSeconds() == null ? 3607 : source.getExpirationSeconds();
      TokenRequest request =
          new TokenRequestBuilder()
              .withNewSpec()
              .withAudiences(source.getAudience() == null ? List.of() : List.of(source.getAudience()))
              .withExpirationSeconds(seconds)
              .withNewBoundObjectRef()
              .withApiVersion("v1")
              .withKind("Pod")
              .withName(pod.getMetadata().getName())
              .withUid(pod.getMetadata().getUid())
              .endBoundObjectRef()
              .endSpec()
              .build();
      String token =
          host.serviceAccounts()
              .inNamespace(namespace)
              .withName(pod.getSpec().getServiceAccountName())
              .tokenRequest(request)
              .getStatus()
              .getToken();
      files.put(source.getPath(), token.getBytes(StandardCharsets.UTF_8));
      Instant due = Instant.now().plus(Duration.ofSeconds(seconds * 8 / 10));
      if (refreshAt[0] == null || due.isBefore(refreshAt[0])) {
        refreshAt[0] = due;
      }
    }
    if (projection.getConfigMap() != null) {
      var source = projection.getConfigMap();
      ConfigMap map = host.configMaps().inNamespace(namespace).withName(source.getName()).get();
      if (map == null) {
        throw new NotReady("projected ConfigMap " + namespace + "/" + source.getName() + " not found");
      }
      selected(configMapData(map), source.getItems(), "ConfigMap " + source.getName()).forEach(files::put);
    }
    if (projection.getSecret() != null) {
      var source = projection.getSecret();
      Secret secret = host.secrets().inNamespace(namespace).withName(source.getName()).get();
      if (secret == null) {
        throw new NotReady("projected Secret " + namespace + "/" + source.getName() + " not found");
      }
      Map<String, byte[]> data = new LinkedHashMap<>();
      if (secret.getData() != null) {
        secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
      }
      selected(data, source.getItems(), "Secret " + source.getName()).forEach(files::put);
    }
    if (projection.getDownwardAPI() != null) {
      for (DownwardAPIVolumeFile file : projection.getDownwardAPI().getItems()) {
        files.put(file.getPath(), field(pod, file.getFieldRef()).getBytes(StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /** The value of a downward API field of {@code pod}, as the kubelet resolves it. */
  static String field(Pod pod, ObjectFieldSelector selector) {
    String path = selector.getFieldPath();
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP" -> pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPodIP());
      case "status.hostIP" -> "127.0.0.1";
      default -> {
        if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
          String key = path.substring("metadata.labels['".length(), path.length() - 2);
          yield pod.getMetadata().getLabels().getOrDefault(key, "");
        }
        throw new NotReady("field " + path + " is not supported by the playground's pod runner");
      }
    };
  }

  private static Map<String, byte[]> configMapData(ConfigMap map) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (map.getData() != null) {
      map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (map.getBinaryData() != null) {
      map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return data;
  }

  private static Map<String, byte[]> selected(Map<String, byte[]> data, List<KeyToPath> items, String source) {
    if (items == null || items.isEmpty()) {
      return data;
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        throw new NotReady(source + " has no key " + item.getKey());
      }
      out.put(item.getPath(), value);
    }
    return out;
  }

  private static void files(Path dir, Map<String, byte[]> data, List<KeyToPath> items, int mode, String source) {
    directory(dir, 0755);
    for (Map.Entry<String, byte[]> file : selected(data, items, source).entrySet()) {
      Path target = dir.resolve(file.getKey()).normalize();
      if (!target.startsWith(dir)) {
        throw new NotReady(source + ": item path " + file.getKey() + " leaves its volume");
      }
      try {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".write-", "");
        Files.write(temp, file.getValue());
        Files.setPosixFilePermissions(temp, permissions(mode));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target, e);
      }
    }
  }

  private static void directory(Path dir, int mode) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, permissions(mode));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static int mode(Integer mode) {
    return mode == null ? 0644 : mode;
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
