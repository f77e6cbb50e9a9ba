package dev.enclave.operator;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The example platform of the design document, read from test resources. */
public final class Fixtures {
  private Fixtures() {}

  public static Jurisdiction eu() {
    return read("eu.yaml", Jurisdiction.class);
  }

  public static Jurisdiction uk() {
    return read("uk.yaml", Jurisdiction.class);
  }

  /** {@code tenants-eu/acme}: embedded etcd, one replica, Kubernetes 1.37.2. */
  public static TenantCluster acme() {
    return read("acme.yaml", TenantCluster.class);
  }

  public static TenantCluster tenant(String namespace, String name) {
    TenantCluster tenant = acme();
    tenant.getMetadata().setNamespace(namespace);
    tenant.getMetadata().setName(name);
    return tenant;
  }

  private static <T> T read(String file, Class<T> type) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/platform/" + file)) {
      return Serialization.unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
