package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The four Enclave CRDs as generated at build time into the enclave-api jar. */
public final class EnclaveCrds {
  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(Jurisdiction.class, DataStore.class, TenantCluster.class, AccessGrant.class);

  private EnclaveCrds() {}

  /** Reads {@code META-INF/fabric8/<plural>.<group>-v1.yml} for each kind from the classpath. */
  public static List<CustomResourceDefinition> load() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    return KINDS.stream().map(kind -> read(serialization, kind)).toList();
  }

  public static List<CustomResourceDefinitionContext> contexts(List<CustomResourceDefinition> crds) {
    return crds.stream().map(CustomResourceDefinitionContext::fromCrd).toList();
  }

  private static CustomResourceDefinition read(
      KubernetesSerialization serialization, Class<? extends HasMetadata> kind) {
    String resource = "META-INF/fabric8/" + HasMetadata.getFullResourceName(kind) + "-v1.yml";
    try (InputStream in = EnclaveCrds.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is not on the classpath; build enclave-api so its CRDs are generated");
      }
      return serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
