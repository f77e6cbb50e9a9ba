package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;

/** Decides one admission request of one webhook path. */
interface AdmissionValidator {

  /** Never null; may throw, in which case the request is refused (fail closed). */
  Verdict validate(AdmissionRequest request);
}
