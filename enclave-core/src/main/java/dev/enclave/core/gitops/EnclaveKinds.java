package dev.enclave.core.gitops;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** The Enclave kinds the loader reads, and what it says about the ones it does not know. */
final class EnclaveKinds {
  private static final Map<String, Class<? extends HasMetadata>> CLASSES =
      Map.of(
          Jurisdiction.KIND, Jurisdiction.class,
          DataStore.KIND, DataStore.class,
          TenantCluster.KIND, TenantCluster.class,
          AccessGrant.KIND, AccessGrant.class);

  private EnclaveKinds() {}

  /** True for every apiVersion of the enclave.dev group, known or not. */
  static boolean isEnclaveGroup(String apiVersion) {
    return apiVersion.equals(EnclaveApi.GROUP) || apiVersion.startsWith(EnclaveApi.GROUP + "/");
  }

  static boolean isEnclaveKind(String kind) {
    return CLASSES.containsKey(kind);
  }

  /** The class of a known kind of enclave.dev/v1alpha1, else a {@link DocumentException}. */
  static Class<? extends HasMetadata> classOf(String apiVersion, String kind, int line) {
    if (!apiVersion.equals(EnclaveApi.API_VERSION)) {
      String version = apiVersion.substring(EnclaveApi.GROUP.length()).replaceFirst("^/", "");
      throw new DocumentException(
          line,
          "unknown version \""
              + version
              + "\" of "
              + EnclaveApi.GROUP
              + "; known: "
              + EnclaveApi.API_VERSION);
    }
    Class<? extends HasMetadata> type = CLASSES.get(kind);
    if (type == null) {
      throw new DocumentException(
          line,
          "unknown kind \""
              + kind
              + "\" in "
              + EnclaveApi.API_VERSION
              + "; known: "
              + String.join(", ", EnclaveApi.KINDS));
    }
    return type;
  }
}
