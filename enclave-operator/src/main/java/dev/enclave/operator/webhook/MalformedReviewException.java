package dev.enclave.operator.webhook;

/** The request body is not an admission.k8s.io/v1 AdmissionReview; answered with HTTP 400. */
final class MalformedReviewException extends Exception {

  MalformedReviewException(String message) {
    super(message);
  }
}
