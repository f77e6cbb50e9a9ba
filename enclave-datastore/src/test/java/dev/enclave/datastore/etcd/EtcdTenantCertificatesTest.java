package dev.enclave.datastore.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.Pem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdTenantCertificatesTest {
  private final SecureRandom random = new SecureRandom();
  private final Clock now = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  private final CertificateAuthority ca = CertificateAuthority.create("client-ca", now, random);
  private final EtcdTenantCertificates certificates = new EtcdTenantCertificates(ca, now, random);

  @Test
  void issuesACertificateWhoseCommonNameIsTheTenantsUser() {
    Map<String, String> tls = certificates.keepOrIssue("enclave:ns:acme", Map.of());
    assertThat(Pem.readCertificate(tls.get("tls.crt")).getSubjectX500Principal().getName()).isEqualTo("CN=enclave:ns:acme");
  }

  @Test
  void keepsAGoodCertificateAndReplacesOneForAnotherUserOrFromAnotherCa() {
    Map<String, String> tls = certificates.keepOrIssue("enclave:ns:acme", Map.of());
    assertThat(certificates.keepOrIssue("enclave:ns:acme", tls)).isEqualTo(tls);
    assertThat(certificates.keepOrIssue("enclave:ns:other", tls)).isNotEqualTo(tls);
    CertificateAuthority foreign = CertificateAuthority.create("foreign", now, random);
    Map<String, String> foreignTls = new EtcdTenantCertificates(foreign, now, random).keepOrIssue("enclave:ns:acme", Map.of());
    assertThat(certificates.keepOrIssue("enclave:ns:acme", foreignTls)).isNotEqualTo(foreignTls);
  }

  @Test
  void renewsACertificateWithThirtyDaysOrLessLeft() {
    Map<String, String> tls = certificates.keepOrIssue("enclave:ns:acme", Map.of());
    Clock later = Clock.offset(now, Duration.ofDays(340));
    assertThat(new EtcdTenantCertificates(ca, later, random).keepOrIssue("enclave:ns:acme", tls)).isNotEqualTo(tls);
  }
}
