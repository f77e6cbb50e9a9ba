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
public final class VersityGateway extends S3Endpoint {
  private VersityGateway(ManagedProcess process, int port, String accessKey, String secretKey, String region) {
    super(process, port, accessKey, secretKey, region);
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
    gateway.awaitServing(Duration.ofSeconds(30));
    return gateway;
  }
}
