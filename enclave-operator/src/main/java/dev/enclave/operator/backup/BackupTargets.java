package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.api.v1alpha1.SecretReference;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.datastore.backup.FilesystemBackupTarget;
import dev.enclave.datastore.backup.S3BackupTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Opens a backup target that a Jurisdiction declares ({@code spec.backupTargets[]}): an S3 bucket
 * with the credentials from its Secret, or a directory. A target the Jurisdiction does not list is
 * refused: backups only go where the tenant's jurisdiction says.
 */
public final class BackupTargets {
  public static final String ACCESS_KEY_ID = "accessKeyId";
  public static final String SECRET_ACCESS_KEY = "secretAccessKey";

  private final KubernetesClient client;
  private final String operatorNamespace;

  public BackupTargets(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
  }

  /** The target named {@code targetName} of {@code jurisdiction}; {@code who} names the asker in errors. */
  public dev.enclave.datastore.backup.BackupTarget open(Jurisdiction jurisdiction, String targetName, String who) {
    String j = jurisdiction.getMetadata().getName();
    List<BackupTarget> targets =
        jurisdiction.getSpec() == null || jurisdiction.getSpec().getBackupTargets() == null
            ? List.of()
            : jurisdiction.getSpec().getBackupTargets();
    int index = -1;
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i) != null && targetName.equals(targets.get(i).getName())) {
        index = i;
      }
    }
    if (index < 0) {
      throw new BackupRefusedException(
          who + ": spec.backup.target: backup target \"" + targetName + "\" is not declared by Jurisdiction "
              + j + "; allowed: " + names(targets));
    }
    BackupTarget target = targets.get(index);
    String path = "Jurisdiction " + j + ": spec.backupTargets[" + index + "]";
    if (target.getS3() != null && target.getPath() == null) {
      return s3(j, target.getName(), target.getS3(), path);
    }
    if (target.getPath() != null && target.getS3() == null && target.getPath().startsWith("/")) {
      return new FilesystemBackupTarget(Path.of(target.getPath()));
    }
    throw new BackupRefusedException(
        path + ": set exactly one of s3 or path (an absolute directory); found "
            + (target.getS3() == null ? "s3 unset" : "s3 set") + ", path "
            + (target.getPath() == null ? "unset" : "\"" + target.getPath() + "\""));
  }

  private S3BackupTarget s3(String jurisdiction, String name, S3Location location, String path) {
    SecretReference ref = location.getCredentialsSecretRef();
    if (ref == null || ref.getName() == null) {
      throw new BackupRefusedException(
          path + ".s3.credentialsSecretRef is not set; allowed: a Secret with keys " + ACCESS_KEY_ID + " and "
              + SECRET_ACCESS_KEY);
    }
    String namespace = ref.getNamespace() == null ? operatorNamespace : ref.getNamespace();
    String neededFor = path + ".s3.credentialsSecretRef";
    String accessKey = SecretValues.read(client, namespace, ref.getName(), ACCESS_KEY_ID, neededFor);
    String secretKey = SecretValues.read(client, namespace, ref.getName(), SECRET_ACCESS_KEY, neededFor);
    return S3BackupTarget.connect(jurisdiction, name, location, accessKey, secretKey);
  }

  private static String names(List<BackupTarget> targets) {
    String names =
        targets.stream().filter(t -> t != null && t.getName() != null).map(BackupTarget::getName)
            .collect(Collectors.joining(", "));
    return names.isEmpty() ? "none (the Jurisdiction declares no backup target)" : names;
  }
}
