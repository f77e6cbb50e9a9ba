package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local key file: its format, its errors, and reloading on rotation. */
class LocalKeyFileTest {
  @TempDir Path dir;

  @Test
  void whenALineIsNotBase64ThenTheErrorNamesFileAndLine() {
    Path file = KeyFiles.create(dir, KeyFiles.newKey(), "not base64 at all!");

    assertThatThrownBy(() -> LocalKeyFile.open(file, new SecureRandom()))
        .isInstanceOf(KeyBackendException.class)
        .hasMessage(file + ":2: not base64 (expected one base64 32-byte key per line)");
  }

  @Test
  void whenALineIsNot32BytesThenTheErrorSaysHowManyItHas() {
    Path file = KeyFiles.create(dir, Base64.getEncoder().encodeToString(new byte[16]));

    assertThatThrownBy(() -> LocalKeyFile.open(file, new SecureRandom()))
        .hasMessage(file + ":1: decodes to 16 bytes, expected 32");
  }

  @Test
  void whenTheFileIsEmptyOrMissingThenTheErrorNamesIt() {
    Path empty = KeyFiles.create(dir);
    Path missing = dir.resolve("absent");

    assertThatThrownBy(() -> LocalKeyFile.open(empty, new SecureRandom()))
        .hasMessage(empty + " holds no key (expected one base64 32-byte key per line)");
    assertThatThrownBy(() -> LocalKeyFile.open(missing, new SecureRandom()))
        .hasMessageStartingWith("cannot read key file " + missing);
  }

  @Test
  void theKeyIdIsLocalAndSixteenHexDigitsOfTheSha256() {
    byte[] zeros = new byte[32];

    // sha256(32 zero bytes) = 66687aadf862bd776c8fc18b8e9f8e20...
    assertThat(LocalKeyFile.keyIdOf(zeros)).isEqualTo("local:66687aadf862bd77");
  }

  @Test
  void whenAKeyIsPrependedThenItBecomesCurrentWithoutARestart() {
    String old = KeyFiles.newKey();
    Path file = KeyFiles.create(dir, old);
    LocalKeyFile keys = LocalKeyFile.open(file, new SecureRandom());
    assertThat(keys.currentKeyId()).isEqualTo(KeyFiles.idOf(old));

    String fresh = KeyFiles.rotate(file);

    assertThat(keys.currentKeyId()).isEqualTo(KeyFiles.idOf(fresh));
    assertThat(keys.health()).isEqualTo("ok");
  }

  @Test
  void whenTheFileIsBrokenLaterThenTheOldKeysStayAndHealthNamesTheLine() {
    String old = KeyFiles.newKey();
    Path file = KeyFiles.create(dir, old);
    LocalKeyFile keys = LocalKeyFile.open(file, new SecureRandom());
    byte[] dataKey = new byte[32];
    KeyEncryptionKeys.Wrapped wrapped = keys.wrap(dataKey);

    KeyFiles.write(file, List.of("garbage!", old));

    assertThat(keys.health()).isEqualTo(file + ":1: not base64 (expected one base64 32-byte key per line)");
    assertThat(keys.currentKeyId()).isEqualTo(KeyFiles.idOf(old));
    assertThat(keys.unwrap(wrapped.keyId(), wrapped.bytes())).isEqualTo(dataKey);
  }

  @Test
  void aWrappedDataKeyDoesNotContainTheDataKey() throws Exception {
    Path file = KeyFiles.create(dir, KeyFiles.newKey());
    LocalKeyFile keys = LocalKeyFile.open(file, new SecureRandom());
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);

    KeyEncryptionKeys.Wrapped wrapped = keys.wrap(dataKey);

    assertThat(wrapped.bytes()).hasSize(12 + 32 + 16).isNotEqualTo(dataKey);
    assertThat(Files.readString(file)).doesNotContain(Base64.getEncoder().encodeToString(dataKey));
  }

  @Test
  void keysGivenInMemoryWrapAndUnwrapLikeTheFileAndNameTheirSourceInErrors() {
    String line = KeyFiles.newKey();
    LocalKeyFile keys = LocalKeyFile.ofLines("Secret enclave-system/backup-key-u1", List.of(line), new SecureRandom());
    LocalKeyFile other = LocalKeyFile.ofLines("Secret enclave-system/backup-key-u2", List.of(KeyFiles.newKey()), new SecureRandom());

    KeyEncryptionKeys.Wrapped wrapped = keys.wrap(new byte[] {1, 2, 3});

    assertThat(keys.currentKeyId()).isEqualTo(LocalKeyFile.keyIdOf(Base64.getDecoder().decode(line)));
    assertThat(keys.unwrap(wrapped.keyId(), wrapped.bytes())).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> other.unwrap(wrapped.keyId(), wrapped.bytes()))
        .hasMessageStartingWith("key " + wrapped.keyId() + " is not in Secret enclave-system/backup-key-u2");
    assertThatThrownBy(() -> LocalKeyFile.ofLines("Secret s/k", List.of("nope!"), new SecureRandom()))
        .hasMessage("Secret s/k:1: not base64 (expected one base64 32-byte key per line)");
  }
}
