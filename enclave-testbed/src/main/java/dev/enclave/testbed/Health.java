package dev.enclave.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Waiting for a started process to answer its health endpoint, failing with its log if it dies. */
final class Health {
  private static final HttpClient PLAIN =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * For the self-signed serving certificates controller-manager and scheduler make for their
   * loopback /healthz: nothing but a health probe of a process we started goes through it.
   */
  private static final HttpClient SELF_SIGNED =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          // Go's servers answer the JDK client's HTTP/2 probe with GOAWAY.
          .version(HttpClient.Version.HTTP_1_1)
          .sslContext(trustingSelfSigned())
          .build();

  private Health() {}

  /** True when GET {@code url} answers 200 (plain HTTP, or HTTPS with a self-signed cert). */
  static boolean answers(String url) {
    return probe(url).isEmpty();
  }

  /** Empty when GET {@code url} answers 200, else what it answered or why it could not. */
  static String probe(String url) {
    HttpClient client = url.startsWith("https://") ? SELF_SIGNED : PLAIN;
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? ""
          : "HTTP " + response.statusCode() + ": " + response.body().strip();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Polls {@code ready} every 100 ms until it holds; if the process exits or the time is up, the
   * process is stopped and the failure carries the tail of its log.
   */
  static void await(ManagedProcess process, String what, Duration timeout, BooleanSupplier ready) {
    await(process, what, timeout, ready, () -> "");
  }

  /** As above; {@code lastFailure} says why the last probe failed, for the error message. */
  static void await(
      ManagedProcess process,
      String what,
      Duration timeout,
      BooleanSupplier ready,
      java.util.function.Supplier<String> lastFailure) {
    try {
      poll(process, what, timeout, ready, lastFailure);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  private static void poll(
      ManagedProcess process,
      String what,
      Duration timeout,
      BooleanSupplier ready,
      java.util.function.Supplier<String> lastFailure) {
    Instant deadline = Instant.now().plus(timeout);
    while (!ready.getAsBoolean()) {
      process.requireAlive();
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            process + ": " + what + " not within " + timeout.toSeconds() + " s (" + lastFailure.get()
                + "); last lines of "
                + process.log() + ":\n" + process.tail(30));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + process);
      }
    }
  }

  private static SSLContext trustingSelfSigned() {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
