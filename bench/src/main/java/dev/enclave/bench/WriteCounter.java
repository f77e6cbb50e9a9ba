package dev.enclave.bench;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the write requests (anything but GET) a fabric8 client sends: a real API server does not
 * count requests per client, so the benchmark counts them where they leave.
 */
final class WriteCounter implements Interceptor {
  private final LongAdder writes = new LongAdder();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (!"GET".equals(request.method())) {
      writes.increment();
    }
  }

  long writes() {
    return writes.sum();
  }
}
