package dev.enclave.core.evidence.controls;

/** The outcome of one control. */
public enum ControlStatus {
  PASS,
  FAIL,
  NOT_APPLICABLE
}
