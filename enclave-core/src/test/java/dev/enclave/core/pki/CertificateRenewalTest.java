package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiFixtures.CLOCK;
import static dev.enclave.core.pki.PkiFixtures.NOW;
import static dev.enclave.core.pki.PkiFixtures.at;
import static dev.enclave.core.pki.PkiFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateRenewalTest {
  private final X509Certificate oneYearLeaf =
      CertificateAuthority.create("acme-ca", CLOCK, seeded(1))
          .issue(LeafProfile.client("jane"), CLOCK, seeded(2))
          .certificate();
  private final Instant expiry = NOW.plus(Duration.ofDays(365));

  @Test
  void byDefaultRenewalStartsWhenAThirdOfTheLifetimeRemains() {
    Duration third = Duration.ofDays(365).plus(Duration.ofMinutes(5)).dividedBy(3);

    assertThat(CertificateRenewal.defaultRenewBefore(oneYearLeaf)).isEqualTo(third);
    assertThat(
            CertificateRenewal.needsRenewal(oneYearLeaf, at(expiry.minus(third).minusSeconds(1))))
        .isFalse();
    assertThat(CertificateRenewal.needsRenewal(oneYearLeaf, at(expiry.minus(third)))).isTrue();
  }

  @Test
  void aFreshCertificateDoesNotNeedRenewal() {
    assertThat(CertificateRenewal.needsRenewal(oneYearLeaf, CLOCK)).isFalse();
  }

  @Test
  void anExplicitWindowIsHonouredToTheSecond() {
    Duration before = Duration.ofDays(30);

    assertThat(
            CertificateRenewal.needsRenewal(
                oneYearLeaf, at(expiry.minus(Duration.ofDays(31))), before))
        .isFalse();
    assertThat(CertificateRenewal.needsRenewal(oneYearLeaf, at(expiry.minus(before)), before))
        .isTrue();
  }

  @Test
  void anExpiredCertificateNeedsRenewal() {
    assertThat(CertificateRenewal.needsRenewal(oneYearLeaf, at(expiry.plusSeconds(1)))).isTrue();
  }
}
