package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Bad flags: exit 2 and one line naming the flag, what was found and what is allowed. */
class KmsPluginMainTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return KmsPluginMain.run(args, new PrintWriter(err, true));
  }

  @Test
  void whenTheBackendIsUnknownThenTheAllowedOnesAreListed() {
    assertThat(run("--listen=unix:///tmp/x.sock", "--key-name=k", "--backend=gcp")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("enclave-kms: --backend: found 'gcp', allowed: local, vault, aws-kms" + System.lineSeparator());
  }

  @Test
  void whenListenIsNotAUnixUrlThenItSaysWhatIsAllowed() {
    assertThat(run("--listen=tcp://127.0.0.1:1", "--key-name=k", "--key-file=/x")).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo("enclave-kms: --listen: found 'tcp://127.0.0.1:1', allowed: unix:///absolute/path.sock");
  }

  @Test
  void whenABackendFlagIsMissingThenItIsNamed() {
    assertThat(run("--listen=unix:///tmp/x.sock", "--key-name=k", "--backend=vault", "--vault-address=https://v:8200"))
        .isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo("enclave-kms: --vault-transit-key: missing, and --backend=vault needs it");
  }

  @Test
  void whenTheHealthAddressHasNoPortThenItSaysWhatIsAllowed() {
    assertThat(run("--listen=unix:///tmp/x.sock", "--key-name=k", "--key-file=/x", "--health-listen=0.0.0.0"))
        .isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "enclave-kms: --health-listen: found '0.0.0.0', allowed: HOST:PORT with a port from 0 to"
                + " 65535, such as 0.0.0.0:8083");
    err.getBuffer().setLength(0);
    assertThat(run("--listen=unix:///tmp/x.sock", "--key-name=k", "--key-file=/x", "--health-listen=:99999"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--health-listen: found ':99999'");
  }

  @Test
  void whenARequiredFlagIsMissingOrUnknownThenOneLineAndExitTwo() {
    assertThat(run("--key-name=k")).isEqualTo(2);
    assertThat(err.toString().trim()).isEqualTo("enclave-kms: Missing required option: '--listen=<listen>'");
    err.getBuffer().setLength(0);

    assertThat(run("--listen=unix:///tmp/x.sock", "--key-name=k", "--colour=blue")).isEqualTo(2);
    assertThat(err.toString().trim()).isEqualTo("enclave-kms: Unknown option: '--colour=blue'");
  }

  @Test
  void whenTheKeyFileIsBrokenThenExitOneWithTheFileAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path file = KeyFiles.create(dir, "c2hvcnQ=");
    assertThat(run("--listen=unix://" + dir.resolve("k.sock"), "--key-name=k", "--key-file=" + file)).isEqualTo(1);
    assertThat(err.toString().trim()).isEqualTo("enclave-kms: " + file + ":1: decodes to 5 bytes, expected 32");
  }
}
