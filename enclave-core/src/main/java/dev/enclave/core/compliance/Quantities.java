package dev.enclave.core.compliance;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict parsing of Kubernetes quantities for sizes and quotas: an unsigned decimal number and one
 * of the real suffixes (m, k, M, G, T, P, E, Ki … Ei, or an e/E exponent). Sub-milli suffixes (n,
 * u) and signs are refused: they make no sense for a volume size or a quota. Exponents have at most
 * two digits, so that a hostile "1e999999999" cannot make fabric8 expand a billion digits.
 */
final class Quantities {
  private static final Pattern FORMAT =
      Pattern.compile(
          "^(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?\\d{1,2})?$");

  /** The form a quantity must have, for messages. */
  static final String EXPECTED = "a Kubernetes quantity such as 500m, 64, 5Gi or 1e3";

  private Quantities() {}

  /** The amount in base units, or empty when the text is not a strict quantity. */
  static Optional<BigDecimal> parse(String text) {
    if (text == null || !FORMAT.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Quantity.getAmountInBytes(Quantity.parse(text)));
    } catch (RuntimeException e) {
      // fabric8 throws ArithmeticException or IllegalArgumentException on what it cannot parse.
      return Optional.empty();
    }
  }
}
