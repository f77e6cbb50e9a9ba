package dev.enclave.operator.webhook;

import java.util.List;

/**
 * The answer to one admission request: allowed, or denied with an HTTP-style code and a message for
 * people (one line per reason).
 */
record Verdict(boolean allowed, int code, String message) {

  static Verdict allow() {
    return new Verdict(true, 200, null);
  }

  /** A refusal listing every reason, one per line, in the order found. */
  static Verdict deny(List<String> reasons) {
    return new Verdict(false, 403, String.join("\n", reasons));
  }

  static Verdict deny(String reason) {
    return deny(List.of(reason));
  }

  /** Fail closed: the webhook could not decide, so the request is refused. */
  static Verdict internalError(String uid) {
    return new Verdict(
        false,
        500,
        "enclave admission webhook could not validate this request (internal error, see the"
            + " operator log for request uid "
            + uid
            + "); refused to stay safe, retry later");
  }

  static Verdict allowIfEmpty(List<String> reasons) {
    return reasons.isEmpty() ? allow() : deny(reasons);
  }
}
