package dev.enclave.syncer.translate;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points a host pod at the host copies of the tenant objects it references (ConfigMaps, Secrets,
 * claims, pull secrets), and makes the downward API report the tenant's view of the pod: its tenant
 * name, namespace, uid and ServiceAccount come from annotations of the host pod.
 */
final class ReferenceRenamer {
  static final String SERVICE_ACCOUNT_ANNOTATION = "enclave.dev/service-account-name";
  private static final Map<String, String> TENANT_FIELDS =
      Map.of(
          "metadata.name", annotation(NameTranslator.OBJECT_NAME),
          "metadata.namespace", annotation(NameTranslator.OBJECT_NAMESPACE),
          "metadata.uid", annotation(NameTranslator.OBJECT_UID),
          "spec.serviceAccountName", annotation(SERVICE_ACCOUNT_ANNOTATION));

  private static final Pattern LABEL_FIELD = Pattern.compile("metadata\\.labels\\['(.+)'\\]");

  private ReferenceRenamer() {}

  static void apply(PodSpec host, String tenantNamespace, SyncPolicy policy) {
    // an empty reference (the API server allows one in imagePullSecrets) names nothing; kept as is
    UnaryOperator<String> rename =
        name ->
            name == null || name.isEmpty() ? name : NameTranslator.hostName(tenantNamespace, name);
    if (host.getVolumes() != null) {
      for (Volume volume : host.getVolumes()) {
        if (volume != null) {
          volume(volume, rename, tenantNamespace, policy);
        }
      }
    }
    if (host.getImagePullSecrets() != null) {
      for (LocalObjectReference secret : host.getImagePullSecrets()) {
        if (secret != null) {
          secret.setName(rename.apply(secret.getName()));
        }
      }
    }
    for (ContainerAt at : ContainerAt.of(host)) {
      env(at.container().getEnv(), rename);
      envFrom(at.container().getEnvFrom(), rename);
    }
  }

  private static void volume(
      Volume volume, UnaryOperator<String> rename, String tenantNamespace, SyncPolicy policy) {
    if (volume.getConfigMap() != null) {
      volume.getConfigMap().setName(rename.apply(volume.getConfigMap().getName()));
    }
    if (volume.getSecret() != null) {
      volume.getSecret().setSecretName(rename.apply(volume.getSecret().getSecretName()));
    }
    if (volume.getPersistentVolumeClaim() != null) {
      var claim = volume.getPersistentVolumeClaim();
      claim.setClaimName(rename.apply(claim.getClaimName()));
    }
    if (volume.getDownwardAPI() != null) {
      files(volume.getDownwardAPI().getItems());
    }
    var ephemeral = volume.getEphemeral();
    if (ephemeral != null && ephemeral.getVolumeClaimTemplate() != null) {
      var template = ephemeral.getVolumeClaimTemplate();
      template.setMetadata(null);
      ClaimPolicy.apply(template.getSpec(), policy, tenantNamespace);
    }
    if (volume.getProjected() != null && volume.getProjected().getSources() != null) {
      for (VolumeProjection source : volume.getProjected().getSources()) {
        projection(source, rename);
      }
    }
  }

  private static void projection(VolumeProjection source, UnaryOperator<String> rename) {
    if (source == null) {
      return;
    }
    if (source.getConfigMap() != null) {
      source.getConfigMap().setName(rename.apply(source.getConfigMap().getName()));
    }
    if (source.getSecret() != null) {
      source.getSecret().setName(rename.apply(source.getSecret().getName()));
    }
    if (source.getDownwardAPI() != null) {
      files(source.getDownwardAPI().getItems());
    }
  }

  private static void env(List<EnvVar> env, UnaryOperator<String> rename) {
    if (env == null) {
      return;
    }
    for (EnvVar var : env) {
      EnvVarSource from = var == null ? null : var.getValueFrom();
      if (from == null) {
        continue;
      }
      if (from.getConfigMapKeyRef() != null) {
        from.getConfigMapKeyRef().setName(rename.apply(from.getConfigMapKeyRef().getName()));
      }
      if (from.getSecretKeyRef() != null) {
        from.getSecretKeyRef().setName(rename.apply(from.getSecretKeyRef().getName()));
      }
      field(from.getFieldRef());
    }
  }

  private static void envFrom(List<EnvFromSource> envFrom, UnaryOperator<String> rename) {
    if (envFrom == null) {
      return;
    }
    for (EnvFromSource source : envFrom) {
      if (source != null && source.getConfigMapRef() != null) {
        source.getConfigMapRef().setName(rename.apply(source.getConfigMapRef().getName()));
      }
      if (source != null && source.getSecretRef() != null) {
        source.getSecretRef().setName(rename.apply(source.getSecretRef().getName()));
      }
    }
  }

  private static void files(List<DownwardAPIVolumeFile> files) {
    if (files != null) {
      files.stream().filter(f -> f != null).forEach(f -> field(f.getFieldRef()));
    }
  }

  private static void field(ObjectFieldSelector selector) {
    if (selector == null || selector.getFieldPath() == null) {
      return;
    }
    String path = selector.getFieldPath();
    Matcher label = LABEL_FIELD.matcher(path);
    if (TENANT_FIELDS.containsKey(path)) {
      selector.setFieldPath(TENANT_FIELDS.get(path));
    } else if (label.matches()) {
      NameTranslator.hostLabelKey(label.group(1))
          .ifPresent(key -> selector.setFieldPath("metadata.labels['" + key + "']"));
    }
  }

  private static String annotation(String key) {
    return "metadata.annotations['" + key + "']";
  }
}
