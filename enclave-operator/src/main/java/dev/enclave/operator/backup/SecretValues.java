package dev.enclave.operator.backup;

import dev.enclave.datastore.backup.BackupRefusedException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads one key of a Secret, refusing a missing Secret or key by name (never by value). */
final class SecretValues {
  private SecretValues() {}

  static String read(KubernetesClient client, String namespace, String name, String key, String neededFor) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new BackupRefusedException(
          neededFor + ": Secret " + namespace + "/" + name + " does not exist");
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return secret.getStringData().get(key);
    }
    throw new BackupRefusedException(
        neededFor + ": Secret " + namespace + "/" + name + " has no key " + key);
  }
}
