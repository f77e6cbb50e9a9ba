package dev.enclave.syncer.translate;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps host credentials out of tenant pods while giving them their tenant's. The host pod runs as
 * a host ServiceAccount without permissions and never gets its token mounted; the tenant's token,
 * CA and namespace come from a Secret the runtime writes (named by {@link
 * NameTranslator#tokenSecretName}), mounted where clients look for them, and the {@code
 * KUBERNETES_*} variables point at the tenant's API Service, never the host's.
 */
final class ServiceAccountTokens {
  static final String VOLUME = "enclave-api-access";
  static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  static final String TOKEN_KEY = "token";
  static final String CA_KEY = "ca.crt";
  static final String NAMESPACE_KEY = "namespace";
  private static final int READ_BY_ALL = 0644;

  private ServiceAccountTokens() {}

  static void apply(
      PodSpec host, boolean automount, String tokenSecret, SyncPolicy policy, PodContext context) {
    host.setServiceAccountName(NameTranslator.workloadServiceAccount(policy));
    host.setServiceAccount(NameTranslator.workloadServiceAccount(policy));
    host.setAutomountServiceAccountToken(false);
    replaceProjectedTokens(host, tokenSecret);
    if (automount && mountWhereMissing(host)) {
      List<Volume> volumes = host.getVolumes() == null ? new ArrayList<>() : host.getVolumes();
      volumes.add(tokenVolume(tokenSecret));
      host.setVolumes(volumes);
    }
    List<EnvVar> api = apiServerEnv(context);
    Set<String> names = Set.copyOf(api.stream().map(EnvVar::getName).toList());
    for (ContainerAt at : ContainerAt.of(host)) {
      List<EnvVar> env = new ArrayList<>(api);
      if (at.container().getEnv() != null) {
        at.container().getEnv().stream()
            .filter(e -> e != null && (e.getName() == null || !names.contains(e.getName())))
            .forEach(env::add);
      }
      at.container().setEnv(env);
    }
  }

  /** Tenant API variables, first so that tenant variables can refer to them. */
  static List<EnvVar> apiServerEnv(PodContext context) {
    String host = context.apiServerHost();
    String port = String.valueOf(context.apiServerPort());
    String url = "tcp://" + host + ":" + port;
    String prefix = "KUBERNETES_PORT_" + port + "_TCP";
    return List.of(
        env("KUBERNETES_SERVICE_HOST", host),
        env("KUBERNETES_SERVICE_PORT", port),
        env("KUBERNETES_SERVICE_PORT_HTTPS", port),
        env("KUBERNETES_PORT", url),
        env(prefix, url),
        env(prefix + "_PROTO", "tcp"),
        env(prefix + "_PORT", port),
        env(prefix + "_ADDR", host));
  }

  private static void replaceProjectedTokens(PodSpec host, String tokenSecret) {
    if (host.getVolumes() == null) {
      return;
    }
    for (Volume volume : host.getVolumes()) {
      ProjectedVolumeSource projected = volume == null ? null : volume.getProjected();
      if (projected == null || projected.getSources() == null) {
        continue;
      }
      List<VolumeProjection> sources = new ArrayList<>();
      for (VolumeProjection source : projected.getSources()) {
        if (source != null && source.getServiceAccountToken() != null) {
          String path = source.getServiceAccountToken().getPath();
          VolumeProjection secret = new VolumeProjection();
          secret.setSecret(
              new SecretProjection(
                  List.of(new KeyToPath(TOKEN_KEY, null, path == null ? TOKEN_KEY : path)),
                  tokenSecret,
                  false));
          sources.add(secret);
        } else {
          sources.add(source);
        }
      }
      projected.setSources(sources);
    }
  }

  private static boolean mountWhereMissing(PodSpec host) {
    boolean added = false;
    for (ContainerAt at : ContainerAt.of(host)) {
      Container container = at.container();
      List<VolumeMount> mounts =
          container.getVolumeMounts() == null ? new ArrayList<>() : container.getVolumeMounts();
      if (mounts.stream().noneMatch(m -> m != null && MOUNT_PATH.equals(m.getMountPath()))) {
        VolumeMount mount = new VolumeMount();
        mount.setName(VOLUME);
        mount.setMountPath(MOUNT_PATH);
        mount.setReadOnly(true);
        mounts.add(mount);
        container.setVolumeMounts(mounts);
        added = true;
      }
    }
    return added;
  }

  private static Volume tokenVolume(String tokenSecret) {
    VolumeProjection secret = new VolumeProjection();
    secret.setSecret(
        new SecretProjection(
            List.of(
                new KeyToPath(TOKEN_KEY, null, TOKEN_KEY),
                new KeyToPath(CA_KEY, null, CA_KEY),
                new KeyToPath(NAMESPACE_KEY, null, NAMESPACE_KEY)),
            tokenSecret,
            false));
    ProjectedVolumeSource projected = new ProjectedVolumeSource();
    projected.setDefaultMode(READ_BY_ALL);
    projected.setSources(List.of(secret));
    Volume volume = new Volume();
    volume.setName(VOLUME);
    volume.setProjected(projected);
    return volume;
  }

  private static EnvVar env(String name, String value) {
    return new EnvVar(name, value, null);
  }
}
