package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The envelope format: layout, tamper detection, and opening after the KEK was rotated. */
class EnvelopeCipherTest {
  @TempDir Path dir;

  private final byte[] secret = "a DEK seed, or a backup data key".getBytes(StandardCharsets.US_ASCII);

  @Test
  void whenSealedThenTheCiphertextIsVersionOneAndRecordsTheKeyIdButNotThePlaintext() {
    String key = KeyFiles.newKey();
    EnvelopeCipher cipher = cipher(KeyFiles.create(dir, key));

    EnvelopeCipher.Sealed sealed = cipher.seal(secret);
    Envelope envelope = Envelope.decode(sealed.ciphertext());

    assertThat(sealed.ciphertext()).startsWith('E', 'K', 1);
    assertThat(sealed.keyId()).isEqualTo(KeyFiles.idOf(key)).startsWith("local:").hasSize(22);
    assertThat(envelope.keyId()).isEqualTo(sealed.keyId());
    assertThat(envelope.sealed()).hasSize(secret.length + 16);
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
    assertThat(cipher.open(sealed.ciphertext())).isEqualTo(secret);
  }

  @Test
  void whenSealedTwiceThenDataKeysAndNoncesDiffer() {
    EnvelopeCipher cipher = cipher(KeyFiles.create(dir, KeyFiles.newKey()));

    Envelope first = Envelope.decode(cipher.seal(secret).ciphertext());
    Envelope second = Envelope.decode(cipher.seal(secret).ciphertext());

    assertThat(first.wrappedKey()).isNotEqualTo(second.wrappedKey());
    assertThat(first.nonce()).isNotEqualTo(second.nonce());
  }

  @Test
  void whenAnyByteIsAlteredThenOpeningFails() {
    EnvelopeCipher cipher = cipher(KeyFiles.create(dir, KeyFiles.newKey()));
    byte[] ciphertext = cipher.seal(secret).ciphertext();

    for (int i = 0; i < ciphertext.length; i++) {
      byte[] altered = ciphertext.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> cipher.open(altered)).as("byte %d altered", i).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void whenTheKeyIdIsSwappedForAnotherHeldKeyThenTheTagFails() {
    String old = KeyFiles.newKey();
    Path file = KeyFiles.create(dir, old);
    EnvelopeCipher cipher = cipher(file);
    Envelope sealed = Envelope.decode(cipher.seal(secret).ciphertext());
    KeyFiles.rotate(file);
    EnvelopeCipher rotated = cipher(file);
    String newId = rotated.seal(secret).keyId();

    byte[] moved = new Envelope(newId, sealed.wrappedKey(), sealed.nonce(), sealed.sealed()).encode();

    assertThatThrownBy(() -> rotated.open(moved)).hasMessageContaining("failed authentication");
  }

  @Test
  void whenAnUnknownFormatVersionArrivesThenItIsNamed() {
    EnvelopeCipher cipher = cipher(KeyFiles.create(dir, KeyFiles.newKey()));
    byte[] ciphertext = cipher.seal(secret).ciphertext();
    ciphertext[2] = 9;

    assertThatThrownBy(() -> cipher.open(ciphertext))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ciphertext format version 9 is not supported (this plugin reads 1)");
    assertThatThrownBy(() -> cipher.open(new byte[] {1, 2, 3}))
        .hasMessageContaining("not an enclave-kms ciphertext");
  }

  @Test
  void whenTheKekIsRotatedThenOldCiphertextsOpenAndNewOnesCarryTheNewKeyId() {
    String old = KeyFiles.newKey();
    Path file = KeyFiles.create(dir, old);
    EnvelopeCipher cipher = cipher(file);
    byte[] before = cipher.seal(secret).ciphertext();

    String fresh = KeyFiles.rotate(file);
    EnvelopeCipher.Sealed after = cipher.seal(secret);

    assertThat(after.keyId()).isEqualTo(KeyFiles.idOf(fresh)).isNotEqualTo(KeyFiles.idOf(old));
    assertThat(EnvelopeCipher.keyIdOf(before)).isEqualTo(KeyFiles.idOf(old));
    assertThat(cipher.open(before)).isEqualTo(secret);
    assertThat(cipher.open(after.ciphertext())).isEqualTo(secret);
  }

  @Test
  void whenTheOldKeyIsDroppedFromTheFileThenItsCiphertextsNoLongerOpenAndTheErrorNamesTheKey() {
    String old = KeyFiles.newKey();
    Path file = KeyFiles.create(dir, old);
    EnvelopeCipher cipher = cipher(file);
    byte[] before = cipher.seal(secret).ciphertext();

    KeyFiles.write(file, java.util.List.of(KeyFiles.newKey()));

    assertThatThrownBy(() -> cipher.open(before))
        .isInstanceOf(KeyBackendException.class)
        .hasMessageContaining("key " + KeyFiles.idOf(old) + " is not in " + file);
  }

  private static EnvelopeCipher cipher(Path keyFile) {
    return new EnvelopeCipher(LocalKeyFile.open(keyFile, new SecureRandom()), new SecureRandom());
  }
}
