package dev.enclave.operator.webhook;

import dev.enclave.core.compliance.Violation;
import dev.enclave.core.model.Platform;
import java.util.List;

/** The platform's compliance rules as the webhook calls them; {@code ComplianceRules::evaluate}. */
@FunctionalInterface
public interface ComplianceCheck {

  List<Violation> evaluate(Platform platform);
}
