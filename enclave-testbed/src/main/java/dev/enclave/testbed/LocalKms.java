package dev.enclave.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * local-kms (github.com/nsmithuk/local-kms), an AWS KMS API emulator, on 127.0.0.1 with its data
 * under {@code dir}: for testing AWS KMS clients with no AWS account. Any access key signs.
 */
public final class LocalKms implements AutoCloseable {
  /** The region local-kms puts in the ARNs it makes. */
  public static final String REGION = "eu-central-1";

  private final ManagedProcess process;
  private final int port;

  private LocalKms(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static LocalKms start(Components components, Path dir) {
    int port = Ports.free();
    ManagedProcess process =
        ManagedProcess.start(
            "local-kms",
            components.tool("local-kms"),
            List.of(),
            Map.of(
                "KMS_LISTEN", "127.0.0.1:" + port,
                "KMS_REGION", REGION,
                "KMS_DATA_PATH", dir.resolve("data").toString()),
            dir.resolve("local-kms.log"));
    Health.await(
        process,
        "listening",
        Duration.ofSeconds(30),
        () -> process.tail(20).contains("listening on 127.0.0.1:" + port));
    return new LocalKms(process, port);
  }

  /** {@code http://127.0.0.1:PORT}, the endpoint override for an AWS SDK KMS client. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
