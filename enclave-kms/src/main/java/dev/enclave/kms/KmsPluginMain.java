package dev.enclave.kms;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code enclave-kms}: serves the KMS v2 API on {@code --listen} with KEKs from {@code --backend}.
 * Exit codes: 0 stopped by a signal, 1 the backend or socket failed at start, 2 bad flags (one
 * line naming the flag, what was found and what is allowed).
 */
@Command(
    name = "enclave-kms",
    mixinStandardHelpOptions = true,
    description = "KMS v2 plugin for kube-apiserver on a unix socket.")
public final class KmsPluginMain implements Callable<Integer> {
  static final List<String> BACKENDS = List.of("local", "vault", "aws-kms");

  @Spec CommandSpec spec;

  @Option(names = "--listen", required = true, description = "unix:///path/to/plugin.sock")
  String listen;

  @Option(names = "--key-name", required = true, description = "The provider name in the API server's encryption config.")
  String keyName;

  @Option(names = "--backend", defaultValue = "local", description = "local, vault or aws-kms (default: local).")
  String backend;

  @Option(names = "--key-file", description = "local: one base64 32-byte key per line, current first.")
  Path keyFile;

  @Option(names = "--vault-address", description = "vault: https://vault.example:8200")
  String vaultAddress;

  @Option(names = "--vault-transit-key", description = "vault: the transit key's name.")
  String vaultTransitKey;

  @Option(names = "--vault-transit-mount", defaultValue = "transit", description = "vault: the transit engine's mount (default: transit).")
  String vaultTransitMount;

  @Option(names = "--vault-token-file", description = "vault: a file holding the token.")
  Path vaultTokenFile;

  @Option(names = "--vault-ca-file", description = "vault: PEM CA certificates to trust instead of the JDK's.")
  Path vaultCaFile;

  @Option(names = "--aws-region", description = "aws-kms: the KMS key's region.")
  String awsRegion;

  @Option(names = "--aws-key-id", description = "aws-kms: key id, ARN or alias/NAME.")
  String awsKeyId;

  @Option(
      names = "--health-listen",
      description = "HOST:PORT for /healthz (the socket serves) and /readyz (the key backend is healthy); none by default.")
  String healthListen;

  @Option(names = "--aws-endpoint", description = "aws-kms: endpoint override (e.g. a VPC endpoint).")
  String awsEndpoint;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.err, true)));
  }

  /** Parses {@code args} and serves until the JVM is stopped; returns the exit code. */
  static int run(String[] args, PrintWriter err) {
    CommandLine line = new CommandLine(new KmsPluginMain());
    line.setErr(err);
    line.setParameterExceptionHandler(
        (e, ignored) -> {
          err.println("enclave-kms: " + e.getMessage());
          return 2;
        });
    line.setExecutionExceptionHandler(
        (e, ignored, parsed) -> {
          err.println("enclave-kms: " + e.getMessage());
          return 1;
        });
    return line.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    Path socket = socketPath();
    InetSocketAddress health = healthAddress();
    KeyEncryptionKeys keys = backend();
    UnixSocketServer server =
        UnixSocketServer.start(socket, new KmsService(keys, new EnvelopeCipher(keys, new SecureRandom())));
    KmsHealth probes =
        health == null ? null : KmsHealth.start(health, keys);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (probes != null) {
                    probes.close();
                  }
                  server.close();
                  keys.close();
                },
                "enclave-kms-stop"));
    org.slf4j.LoggerFactory.getLogger(KmsPluginMain.class)
        .info("serving KMS v2 for {} on {} (backend {}, key {})", keyName, socket, backend, keys.currentKeyId());
    server.awaitTermination();
    return 0;
  }

  Path socketPath() {
    if (!listen.startsWith("unix:///")) {
      throw bad("--listen", listen, "unix:///absolute/path.sock");
    }
    return Path.of(listen.substring("unix://".length()));
  }

  /** {@code --health-listen} as an address, or null when not given. */
  InetSocketAddress healthAddress() {
    if (healthListen == null) {
      return null;
    }
    int colon = healthListen.lastIndexOf(':');
    String allowed = "HOST:PORT with a port from 0 to 65535, such as 0.0.0.0:8083";
    if (colon <= 0) {
      throw bad("--health-listen", healthListen, allowed);
    }
    String port = healthListen.substring(colon + 1);
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw bad("--health-listen", healthListen, allowed);
    }
    return new InetSocketAddress(healthListen.substring(0, colon), Integer.parseInt(port));
  }

  /** The backend the flags name; an incomplete set of flags is a {@link ParameterException}. */
  KeyEncryptionKeys backend() {
    switch (backend) {
      case "local":
        return LocalKeyFile.open(require("--key-file", keyFile), new SecureRandom());
      case "vault":
        require("--vault-address", vaultAddress);
        return VaultTransit.connect(
            uri("--vault-address", vaultAddress),
            vaultTransitMount,
            require("--vault-transit-key", vaultTransitKey),
            require("--vault-token-file", vaultTokenFile),
            vaultCaFile);
      case "aws-kms":
        return AwsKmsKeys.connect(
            require("--aws-region", awsRegion),
            require("--aws-key-id", awsKeyId),
            awsEndpoint == null ? null : uri("--aws-endpoint", awsEndpoint),
            keyName,
            DefaultCredentialsProvider.builder().build());
      default:
        throw bad("--backend", backend, String.join(", ", BACKENDS));
    }
  }

  private <T> T require(String flag, T value) {
    if (value == null || value.toString().isBlank()) {
      throw new ParameterException(
          spec.commandLine(), flag + ": missing, and --backend=" + backend + " needs it");
    }
    return value;
  }

  private URI uri(String flag, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw bad(flag, value, "an absolute URL such as https://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw bad(flag, value, "an absolute URL such as https://host:port");
    }
  }

  private ParameterException bad(String flag, String found, String allowed) {
    return new ParameterException(spec.commandLine(), flag + ": found '" + found + "', allowed: " + allowed);
  }
}
