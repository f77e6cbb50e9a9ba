package dev.enclave.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Versity S3 Gateway (github.com/versity/versitygw, Apache-2.0), a real S3 API server, on
 * 127.0.0.1 with its posix backend under {@code dir}: buckets are directories, objects files,
 * written through O_TMPFILE so an upload cut short leaves nothing, and multipart uploads joined
 * with copy_file_range. It answers GetBucketLocation with the region it is started for. Built
 * from its Go module by {@code scripts/setup-k8s --bench}; only the benchmarks run it.
 *
 * <p>Part ETags are derived from a data-integrity checksum instead of MD5
 * ({@code --data-integrity-etag}): S3 clients treat a part's ETag as opaque, and MD5 was a fifth
 * of the server's CPU for a backup.
 */
public final class VersityGateway implements S3Endpoint {
  private final ManagedProcess process;
  private final int port;
  private final String accessKey;
  private final String secretKey;
  private final String region;

  private VersityGateway(ManagedProcess process, int port, String accessKey, String secretKey, String region) {
    this.process = process;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /** With a fixed test identity; nothing but this machine reaches the server. */
  public static VersityGateway start(Components components, Path dir, String region) {
    String accessKey = "enclave-testbed";
    String secretKey = "enclave-testbed-secret";
    Path binary = components.tool("versitygw");
    Path data = dir.resolve("data");
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + data, e);
    }
    int port = Ports.free();
    // The root credentials in the environment, not on the command line: ps shows arguments.
    ManagedProcess process =
        ManagedProcess.start(
            "versitygw",
            binary,
            List.of("--port", "127.0.0.1:" + port, "--region", region, "--quiet",
                "posix", "--data-integrity-etag", data.toString()),
            Map.of("ROOT_ACCESS_KEY_ID", accessKey, "ROOT_SECRET_ACCESS_KEY", secretKey),
            dir.resolve("versitygw.log"));
    VersityGateway gateway = new VersityGateway(process, port, accessKey, secretKey, region);
    // Unsigned requests are refused (403): any such answer means the gateway is serving.
    Health.await(
        process,
        "an S3 answer",
        Duration.ofSeconds(30),
        () -> Health.probe(gateway.endpoint() + "/").startsWith("HTTP 403"));
    return gateway;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public String accessKey() {
    return accessKey;
  }

  @Override
  public String secretKey() {
    return secretKey;
  }

  @Override
  public String region() {
    return region;
  }

  @Override
  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
