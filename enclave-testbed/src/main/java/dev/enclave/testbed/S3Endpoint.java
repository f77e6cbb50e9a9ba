package dev.enclave.testbed;

/** A real S3 API server of the testbed on loopback: where a path-style client reaches it, and as whom. */
public interface S3Endpoint extends AutoCloseable {
  /** {@code http://127.0.0.1:PORT}, the endpoint override for a path-style S3 client. */
  String endpoint();

  String accessKey();

  String secretKey();

  /** The region the server answers for its buckets (GetBucketLocation). */
  String region();

  ManagedProcess process();

  @Override
  void close();
}
