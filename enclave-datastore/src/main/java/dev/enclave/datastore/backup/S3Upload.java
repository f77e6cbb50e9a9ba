package dev.enclave.datastore.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One S3 data object written as it is produced: held in memory up to {@link #PART_SIZE}, then a
 * multipart upload of parts of that size, completed on close; a small object is one PUT. An
 * aborted upload is aborted on the server too, so no part is left behind.
 */
final class S3Upload extends DataUpload {
  /** 8 MiB: above S3's 5 MiB minimum part, and 10,000 parts hold 80 GiB. */
  static final int PART_SIZE = 8 << 20;
  private static final int MAX_PARTS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(S3Upload.class);

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final byte[] buffer = new byte[PART_SIZE];
  private final List<CompletedPart> parts = new ArrayList<>();
  private int filled;
  private String uploadId;
  private boolean done;

  S3Upload(S3Client s3, String bucket, String key) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (done) {
      throw new IOException("s3://" + bucket + "/" + key + ": upload already closed");
    }
    while (length > 0) {
      if (filled == buffer.length) {
        uploadPart();
      }
      int n = Math.min(length, buffer.length - filled);
      System.arraycopy(bytes, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
    }
  }

  private void uploadPart() throws IOException {
    if (uploadId == null) {
      uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    }
    int number = parts.size() + 1;
    if (number > MAX_PARTS) {
      throw new IOException("s3://" + bucket + "/" + key + ": more than " + MAX_PARTS + " parts");
    }
    String etag =
        s3.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled)))
            .eTag();
    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    LOG.info("s3://{}/{}: uploaded part {} ({} bytes)", bucket, key, number, filled);
    filled = 0;
  }

  /** Completes the object: the last part and the multipart completion, or one PUT. */
  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    try {
      if (uploadId == null) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled)));
      } else {
        if (filled > 0) {
          uploadPart();
        }
        s3.completeMultipartUpload(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      }
      done = true;
    } catch (RuntimeException | IOException e) {
      abort();
      throw e;
    }
  }

  @Override
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    if (uploadId != null) {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      LOG.info("s3://{}/{}: multipart upload aborted", bucket, key);
    }
  }
}
