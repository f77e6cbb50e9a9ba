package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceAccountKeysTest {
  private final ServiceAccountKeys keys = ServiceAccountKeys.generate(seeded(1));

  @Test
  void theKeysAreEcdsaP256ForEs256Tokens() {
    assertThat(keys.publicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(keys.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(keys.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void theyRoundTripThroughPem() {
    ServiceAccountKeys loaded =
        ServiceAccountKeys.fromPem(keys.privateKeyPem(), keys.publicKeyPem());

    assertThat(loaded.privateKeyPem()).isEqualTo(keys.privateKeyPem());
    assertThat(loaded.fingerprint()).isEqualTo(keys.fingerprint());
  }

  @Test
  void aPrivateKeyFromAnotherPairIsRefused() {
    ServiceAccountKeys other = ServiceAccountKeys.generate(seeded(2));

    assertThatThrownBy(() -> ServiceAccountKeys.fromPem(other.privateKeyPem(), keys.publicKeyPem()))
        .hasMessage("the service-account private key does not belong to its public key");
  }

  @Test
  void toStringShowsTheAlgorithmAndFingerprintOnly() {
    assertThat(keys.toString())
        .isEqualTo("ServiceAccountKeys[EC, " + keys.fingerprint() + "]")
        .doesNotContain("PRIVATE KEY");
  }
}
