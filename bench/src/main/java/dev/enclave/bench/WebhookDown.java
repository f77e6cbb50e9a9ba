package dev.enclave.bench;

import dev.enclave.testbed.Ports;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Enclave's admission webhook for its own objects, as the chart registers it (failurePolicy Fail,
 * CREATE, UPDATE and DELETE of the four kinds), but at a loopback port nobody serves: the webhook
 * is down, and every write of an Enclave object but its status is refused until {@link #remove}.
 */
final class WebhookDown {
  static final String NAME = "enclave-webhook-down";

  private WebhookDown() {}

  static void install(KubernetesClient admin) {
    ValidatingWebhookConfiguration down =
        new ValidatingWebhookConfigurationBuilder()
            .withNewMetadata().withName(NAME).endMetadata()
            .addNewWebhook()
            .withName("objects.enclave.dev")
            .withAdmissionReviewVersions("v1")
            .withSideEffects("None")
            .withFailurePolicy("Fail")
            .withMatchPolicy("Equivalent")
            .withTimeoutSeconds(2)
            .withNewClientConfig()
            .withUrl("https://127.0.0.1:" + Ports.free() + "/validate-enclave")
            .endClientConfig()
            .addNewRule()
            .withApiGroups("enclave.dev")
            .withApiVersions("v1alpha1")
            .withOperations("CREATE", "UPDATE", "DELETE")
            .withResources("jurisdictions", "datastores", "tenantclusters", "accessgrants")
            .withScope("*")
            .endRule()
            .endWebhook()
            .build();
    admin.admissionRegistration().v1().validatingWebhookConfigurations().resource(down).create();
  }

  static void remove(KubernetesClient admin) {
    admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(NAME).delete();
  }
}
