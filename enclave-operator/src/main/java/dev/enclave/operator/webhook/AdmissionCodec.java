package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;

/** Reads admission.k8s.io/v1 AdmissionReview requests and writes their responses as JSON. */
final class AdmissionCodec {
  static final String API_VERSION = "admission.k8s.io/v1";
  static final String KIND = "AdmissionReview";

  private final KubernetesSerialization json = new KubernetesSerialization();

  AdmissionRequest read(byte[] body) throws MalformedReviewException {
    AdmissionReview review = parse(new String(body, StandardCharsets.UTF_8));
    if (!API_VERSION.equals(review.getApiVersion()) || !KIND.equals(review.getKind())) {
      throw new MalformedReviewException(
          "expected apiVersion "
              + API_VERSION
              + " and kind "
              + KIND
              + ", found "
              + review.getApiVersion()
              + " "
              + review.getKind());
    }
    AdmissionRequest request = review.getRequest();
    if (request == null || isBlank(request.getUid())) {
      throw new MalformedReviewException("request.uid is required");
    }
    if (isBlank(request.getOperation()) || request.getKind() == null) {
      throw new MalformedReviewException("request.operation and request.kind are required");
    }
    return request;
  }

  /** The response review: same apiVersion and kind, the request's uid echoed. */
  byte[] write(String uid, Verdict verdict) {
    AdmissionResponseBuilder response =
        new AdmissionResponseBuilder().withUid(uid).withAllowed(verdict.allowed());
    if (!verdict.allowed()) {
      response.withStatus(
          new StatusBuilder()
              .withCode(verdict.code())
              .withReason(verdict.code() == 403 ? "Forbidden" : "InternalError")
              .withMessage(verdict.message())
              .build());
    }
    AdmissionReview review =
        new AdmissionReviewBuilder()
            .withApiVersion(API_VERSION)
            .withKind(KIND)
            .withResponse(response.build())
            .build();
    return json.asJson(review).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The request's object as an API class; fails with IllegalArgumentException if it does not fit.
   */
  <T> T convert(Object object, Class<T> type) {
    return json.convertValue(object, type);
  }

  private AdmissionReview parse(String body) throws MalformedReviewException {
    if (!body.stripLeading().startsWith("{")) {
      throw new MalformedReviewException("body is not a JSON object");
    }
    try {
      AdmissionReview review = json.unmarshal(body, AdmissionReview.class);
      if (review == null) {
        throw new MalformedReviewException("body is empty");
      }
      return review;
    } catch (RuntimeException e) {
      throw new MalformedReviewException("body is not valid AdmissionReview JSON");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
