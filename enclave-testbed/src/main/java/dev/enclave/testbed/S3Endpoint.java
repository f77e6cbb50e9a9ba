package dev.enclave.testbed;

import java.time.Duration;

/**
 * A real S3 API server of the testbed, running as its own process on 127.0.0.1: where a path-style
 * client reaches it, as whom, and the region it answers for its buckets (GetBucketLocation).
 */
public abstract class S3Endpoint implements AutoCloseable {
  private final ManagedProcess process;
  private final int port;
  private final String accessKey;
  private final String secretKey;
  private final String region;

  S3Endpoint(ManagedProcess process, int port, String accessKey, String secretKey, String region) {
    this.process = process;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /** {@code http://127.0.0.1:PORT}, the endpoint override for a path-style S3 client. */
  public final String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public final String accessKey() {
    return accessKey;
  }

  public final String secretKey() {
    return secretKey;
  }

  public final String region() {
    return region;
  }

  public final ManagedProcess process() {
    return process;
  }

  /** Waits until the server refuses an unsigned request (403): any such answer means it is serving. */
  final void awaitServing(Duration timeout) {
    Health.await(process, "an S3 answer", timeout, () -> Health.probe(endpoint() + "/").startsWith("HTTP 403"));
  }

  @Override
  public final void close() {
    process.close();
  }
}
