package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.fields;
import static dev.enclave.syncer.translate.Fixtures.restricted;
import static dev.enclave.syncer.translate.Fixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared escape vectors hold for the enforcer alone; SyncerIT sends them to real servers. */
class EscapeVectorsTest {
  static List<EscapeVectors.Vector> vectors() {
    return EscapeVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyEscapeVectorIsRefusedNamingItsFieldsOrRewrittenIntoTheJurisdiction(
      EscapeVectors.Vector vector) {
    Translation<Pod> translation = PodEnforcer.toHost(vector.pod(), restricted(), Fixtures.CONTEXT);

    if (vector.refused()) {
      assertThat(fields(translation)).containsExactlyElementsOf(vector.refusedFields());
    } else {
      Pod host = synced(translation);
      PlacementVectorsTest.assertEveryTermRequiresEu(host);
      assertThat(host.getSpec().getTolerations()).contains(Fixtures.EU_TOLERATION);
      assertThat(host.getSpec().getPriorityClassName()).isNull();
      assertThat(host.getSpec().getSchedulerName()).isNull();
    }
  }
}
