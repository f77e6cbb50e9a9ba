package dev.enclave.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: redrawn in place on a terminal, plain lines otherwise, bytes and MB/s. */
class TransferProgressTest {
  private final AtomicLong nanos = new AtomicLong();
  private final StringWriter out = new StringWriter();

  @Test
  void onATerminalTheLineIsRedrawnWithACarriageReturnAndEndedOnce() {
    TransferProgress progress = new TransferProgress(new PrintWriter(out), true, "backup tenants-eu/acme", nanos::get);
    nanos.set(100_000_000L);
    progress.add(1_000_000); // too soon to redraw
    nanos.set(1_000_000_000L);
    progress.add(9_000_000);
    nanos.set(2_000_000_000L);
    progress.done();

    assertThat(out.toString())
        .isEqualTo("\rbackup tenants-eu/acme: 10.0 MB, 10.0 MB/s\rbackup tenants-eu/acme: 10.0 MB, 5.0 MB/s"
            + System.lineSeparator());
  }

  @Test
  void elsewhereItPrintsAPlainLineEveryFiveSecondsAndALastOne() {
    TransferProgress progress = new TransferProgress(new PrintWriter(out), false, "download b", nanos::get);
    nanos.set(1_000_000_000L);
    progress.add(5_000_000);
    nanos.set(5_000_000_000L);
    progress.add(5_000_000);
    nanos.set(8_000_000_000L);
    progress.done();

    assertThat(out.toString().lines())
        .containsExactly("download b: 10.0 MB, 2.0 MB/s", "download b: 10.0 MB, 1.3 MB/s");
  }

  @Test
  void aTenantIsNamespaceSlashName() {
    assertThat(new TenantRef.Converter().convert("tenants-eu/acme")).isEqualTo(new TenantRef("tenants-eu", "acme"));
  }
}
