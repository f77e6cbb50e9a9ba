package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KineFlagsTest {

  @Test
  void kineListensOnLoopbackOnly() {
    assertThat(KineFlags.of(Fixtures.model(Fixtures.postgresql())).asMap())
        .containsEntry("listen-address", "127.0.0.1:2379");
  }

  @Test
  void theDatabaseCredentialsComeFromTheTenantsSecretNeverFromTheManifest() {
    Map<String, String> flags = KineFlags.of(Fixtures.model(Fixtures.postgresql())).asMap();
    Container kine = Rendered.container(Fixtures.postgresql(), ControlPlaneContainers.KINE);

    assertThat(flags.get("endpoint"))
        .isEqualTo(
            "postgres://$(DATASTORE_USERNAME):$(DATASTORE_PASSWORD)@postgres.eu.example.com:5432"
                + "/$(DATASTORE_DATABASE)?sslmode=verify-full");
    assertThat(kine.getEnv()).extracting(EnvVar::getValue).containsOnlyNulls();
    assertThat(kine.getEnv())
        .allSatisfy(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("globex-datastore"));
  }
}
