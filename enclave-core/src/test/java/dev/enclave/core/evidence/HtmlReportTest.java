package dev.enclave.core.evidence;

import static dev.enclave.core.evidence.EvidenceFixtures.JURISDICTIONS;
import static dev.enclave.core.evidence.EvidenceFixtures.euTenant;
import static dev.enclave.core.evidence.EvidenceFixtures.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.evidence.html.HtmlReport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** index.html: self-contained, escaped, and a crossing drawn in red. */
class HtmlReportTest {

  @Test
  void aCrossBoundaryReferenceIsDrawnInRedWithALegend() {
    String html =
        HtmlReport.render(evidence(JURISDICTIONS + euTenant("bank", "uk-backups", "0 3 * * *", 9)));

    assertThat(html).contains("crosses a jurisdiction boundary");
    assertThat(
            Pattern.compile(
                    "<path class=\"crossing\"[^>]*stroke=\"#c62828\"[^>]*><title>bank"
                        + " reaches Backup target uk-backups outside eu</title>")
                .matcher(html)
                .find())
        .isTrue();
    assertThat(html)
        .contains(
            "backup target &quot;uk-backups&quot; is declared by jurisdiction"
                + " &quot;uk&quot;, not &quot;eu&quot;");
  }

  @Test
  void withoutACrossingNothingIsRed() {
    String html =
        HtmlReport.render(evidence(JURISDICTIONS + euTenant("bank", "eu-backups", "0 3 * * *", 9)));
    assertThat(html).doesNotContain("<path class=\"crossing\"").contains("No boundary crossings.");
  }

  @Test
  void aHostileNameIsEscapedEverywhere() {
    String hostile = "\"x<script>alert(1)</script>&\"";
    String yaml = JURISDICTIONS + euTenant(hostile, "eu-backups", "0 3 * * *", 9);
    String html = HtmlReport.render(evidence(yaml));
    String json = EvidenceJson.write(evidence(yaml));

    assertThat(html)
        .doesNotContain("<script")
        .contains("x&lt;script&gt;alert(1)&lt;/script&gt;&amp;");
    assertThat(json).contains("x<script>alert(1)</script>&");
  }

  @Test
  void thePageIsSelfContainedAndDeterministic() {
    String yaml = JURISDICTIONS + euTenant("bank", "eu-backups", "0 3 * * *", 9);
    String html = HtmlReport.render(evidence(yaml));

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<html lang=\"en\">")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("src=\"http")
        .doesNotContain("url(");
    assertThat(HtmlReport.render(evidence(yaml))).isEqualTo(html);
    assertThat(EvidenceJson.write(evidence(yaml))).isEqualTo(EvidenceJson.write(evidence(yaml)));
  }

  @Test
  void aDestroyedBackupKeyIsShownWithItsTenantKeyIdAndTimeInHtmlAndJson() {
    dev.enclave.core.observed.Observations observed =
        new dev.enclave.core.observed.Observations(
            java.time.Instant.parse("2026-12-07T02:00:00Z"), "eu-1", java.util.List.of(), java.util.List.of(),
            java.util.List.of(),
            java.util.List.of(new dev.enclave.core.observed.ShreddedBackupKey("tenants-eu", "old-bank", "u-9", "eu",
                "local:00112233445566ff", java.time.Instant.parse("2026-12-06T10:00:00Z"))));
    Evidence e = evidence(JURISDICTIONS + euTenant("bank", "eu-backups", "0 3 * * *", 9), java.util.Optional.of(observed));

    assertThat(HtmlReport.render(e))
        .contains("Backup key <code>local:00112233445566ff</code> of deleted TenantCluster tenants-eu/old-bank"
            + " (uid u-9) in Jurisdiction eu destroyed at 2026-12-06T10:00:00Z (crypto-shredding: its backups"
            + " are unreadable).");
    assertThat(EvidenceJson.write(e))
        .contains("\"shreddedBackupKeys\"").contains("\"keyId\" : \"local:00112233445566ff\"");
    assertThat(EvidenceJson.write(evidence(JURISDICTIONS + euTenant("bank", "eu-backups", "0 3 * * *", 9),
            java.util.Optional.of(new dev.enclave.core.observed.Observations(java.time.Instant.parse("2026-12-07T02:00:00Z"),
                "eu-1", java.util.List.of(), java.util.List.of())))))
        .as("absent when none was seen").doesNotContain("shreddedBackupKeys");
  }
}
