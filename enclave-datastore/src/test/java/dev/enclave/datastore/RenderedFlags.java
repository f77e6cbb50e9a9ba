package dev.enclave.datastore;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ApiServerFlags;
import dev.enclave.core.controlplane.ControlPlaneModel;
import dev.enclave.core.controlplane.KineFlags;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the control-plane builders render for an example tenant on a shared store, with the store's
 * endpoints pointed at the testbed's server: the tests run the flags Enclave ships, not a copy.
 */
final class RenderedFlags {
  private RenderedFlags() {}

  /** kine's {@code --endpoint} for the tenant, with {@code $(VAR)} expanded as the kubelet does. */
  static String kineEndpoint(String region, String tenantFile, String dataStoreFile, List<String> endpoints,
      Map<String, String> secret) {
    String rendered = KineFlags.of(model(region, tenantFile, dataStoreFile, endpoints)).asMap().get("endpoint");
    return rendered
        .replace("$(" + KineFlags.USERNAME_ENV + ")", secret.get(KineFlags.USERNAME_KEY))
        .replace("$(" + KineFlags.PASSWORD_ENV + ")", secret.get(KineFlags.PASSWORD_KEY))
        .replace("$(" + KineFlags.DATABASE_ENV + ")", secret.get(KineFlags.DATABASE_KEY));
  }

  /** The tenant API server's flags (etcd-servers, etcd-prefix, ...). */
  static Map<String, String> apiServer(String region, String tenantFile, String dataStoreFile, List<String> endpoints) {
    return ApiServerFlags.of(model(region, tenantFile, dataStoreFile, endpoints)).asMap();
  }

  static TenantCluster tenant(String region, String tenantFile) {
    return read(region + "/tenants/" + tenantFile, TenantCluster.class);
  }

  private static ControlPlaneModel model(String region, String tenantFile, String dataStoreFile, List<String> endpoints) {
    DataStore store = read(region + "/" + dataStoreFile, DataStore.class);
    store.getSpec().setEndpoints(endpoints);
    return ControlPlaneModel.fromCrd(tenant(region, tenantFile), read(region + "/jurisdiction.yaml", Jurisdiction.class), store);
  }

  private static <T> T read(String file, Class<T> type) {
    Path path = Testbed.examplePlatform().resolve(file);
    try (InputStream in = Files.newInputStream(path)) {
      return Serialization.unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
