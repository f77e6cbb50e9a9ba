package dev.enclave.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one webhook path: POST only, bounded body, 400 for what is not an
 * AdmissionReview, and a denial (never a stack trace) when validation itself fails.
 */
final class AdmissionHandler implements HttpHandler {
  /** The API server sends at most a few MiB; anything larger is refused before parsing. */
  static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionHandler.class);

  private final String path;
  private final AdmissionValidator validator;
  private final AdmissionCodec codec;

  AdmissionHandler(String path, AdmissionValidator validator, AdmissionCodec codec) {
    this.path = path;
    this.validator = validator;
    this.codec = codec;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      respond(exchange);
    } catch (IOException e) {
      LOG.debug("{}: connection failed while answering: {}", path, e.toString());
    } finally {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      sendText(exchange, 405, "only POST is supported on " + path);
      return;
    }
    byte[] body = readBounded(exchange.getRequestBody());
    if (body == null) {
      sendText(exchange, 413, "request body exceeds " + MAX_BODY_BYTES + " bytes");
      return;
    }
    AdmissionRequest request;
    try {
      request = codec.read(body);
    } catch (MalformedReviewException e) {
      sendText(exchange, 400, "malformed AdmissionReview: " + e.getMessage());
      return;
    }
    Verdict verdict = decide(request);
    send(exchange, 200, "application/json", codec.write(request.getUid(), verdict));
  }

  private Verdict decide(AdmissionRequest request) {
    try {
      Verdict verdict = validator.validate(request);
      log(request, verdict);
      return verdict;
    } catch (RuntimeException e) {
      LOG.error(
          "{}: refused {} {} (uid {}) because validation failed: {}",
          path,
          request.getOperation(),
          object(request),
          request.getUid(),
          Failures.describe(e));
      return Verdict.internalError(request.getUid());
    }
  }

  private void log(AdmissionRequest request, Verdict verdict) {
    if (!verdict.allowed()) {
      LOG.info(
          "{}: denied {} {} (uid {}{}): {}",
          path,
          request.getOperation(),
          object(request),
          request.getUid(),
          Boolean.TRUE.equals(request.getDryRun()) ? ", dry run" : "",
          verdict.message().replace('\n', ';'));
    }
  }

  /** {@code KIND/NAMESPACE/NAME}, or {@code KIND/NAME} for cluster-scoped objects. */
  private static String object(AdmissionRequest request) {
    String namespace = request.getNamespace();
    return request.getKind().getKind()
        + "/"
        + (namespace == null || namespace.isEmpty() ? "" : namespace + "/")
        + request.getName();
  }

  /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void sendText(HttpExchange exchange, int status, String message)
      throws IOException {
    send(
        exchange,
        status,
        "text/plain; charset=utf-8",
        (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
