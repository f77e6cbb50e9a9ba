package dev.enclave.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.core.observed.MigratedTenant;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MigrationRecordTest {
  private static final Instant AT = Instant.parse("2026-12-08T03:00:00Z");

  @Test
  void aMoveUnderWayCarriesNoCompletionAndIsNotReported() {
    MigrationRecord started = MigrationRecord.started("host-eu", "https://127.0.0.1:6443", "uid-1", "20261208t030000z-ab12cd34");

    String json = started.toJson();

    assertThat(json).isEqualTo(
        "{\"host\":\"host-eu\",\"server\":\"https://127.0.0.1:6443\",\"uid\":\"uid-1\",\"backupId\":\"20261208t030000z-ab12cd34\"}");
    assertThat(MigrationRecord.parse(json)).isEqualTo(started);
    assertThatThrownBy(() -> MigrationRecord.parse(json).observed("tenants-eu", "bank-a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the move is not completed (no completedAt)");
  }

  @Test
  void aCompletedMoveRoundTripsIntoTheReportsView() {
    MigrationRecord done = MigrationRecord.started("host-eu", "https://127.0.0.1:6443", "uid-1", "b-1").completed(AT, 0);

    MigratedTenant observed = MigrationRecord.parse(done.toJson()).observed("tenants-eu", "bank-a");

    assertThat(observed).isEqualTo(
        new MigratedTenant("tenants-eu", "bank-a", "host-eu", "https://127.0.0.1:6443", "uid-1", "b-1", AT, 0));
  }

  @Test
  void somethingElseInTheAnnotationIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> MigrationRecord.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not JSON: ");
    assertThatThrownBy(() -> MigrationRecord.parse("[1]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a JSON object");
    assertThatThrownBy(() -> MigrationRecord.parse("{\"host\":\"h\",\"server\":\"s\",\"uid\":7,\"backupId\":\"b\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("field uid is missing or not a string");
    assertThatThrownBy(() -> MigrationRecord.parse(
            "{\"host\":\"h\",\"server\":\"s\",\"uid\":\"u\",\"backupId\":\"b\",\"completedAt\":\"yesterday\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("completedAt is not a time: yesterday");
  }
}
