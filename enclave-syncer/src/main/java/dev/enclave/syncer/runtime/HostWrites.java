package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.util.concurrent.ExecutionException;

/**
 * Writes one host copy only when the fingerprint of what we own differs from the copy's: create
 * when missing, replace (with the cached resourceVersion, so a concurrent change gets 409 and a
 * retry) or merge-patch when the server allocates fields we must keep, delete when unwanted.
 */
final class HostWrites {
  private static final String JSON = "application/json";
  /** How an existing copy is brought up to date. */
  enum Update {
    REPLACE,
    MERGE_PATCH
  }

  private HostWrites() {}

  /** Returns true when it wrote. */
  static <T extends HasMetadata> boolean ensure(
      KubernetesClient client, T existing, T desired, Object owned, Update update) {
    String fingerprint = Fingerprints.of(owned);
    if (existing != null && Fingerprints.matches(existing, fingerprint)) {
      return false;
    }
    T stamped = Fingerprints.stamp(desired, fingerprint);
    if (existing == null) {
      client.resource(stamped).create();
    } else if (update == Update.REPLACE) {
      stamped.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.resource(stamped).update();
    } else {
      client.resource(stamped).patch(PatchContext.of(PatchType.JSON_MERGE));
    }
    return true;
  }

  /**
   * Creates a host pod from its spec already serialized for its fingerprint, and does not read the
   * created pod back (the informer delivers it): one serialization and no deserialization per pod,
   * which is most of what the syncer's CPU goes to. Failures throw as fabric8's create does.
   */
  static void createPod(KubernetesClient client, String namespace, Pod stamped, String specJson) {
    String body =
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
            + Serialization.asJson(stamped.getMetadata())
            + ",\"spec\":"
            + specJson
            + "}";
    String url =
        URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace, "pods");
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(url).post(JSON, body).build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubernetesClientException.launderThrowable(e);
    } catch (ExecutionException e) {
      throw KubernetesClientException.launderThrowable(e.getCause());
    }
    if (!response.isSuccessful()) {
      throw new KubernetesClientException(status(response));
    }
  }

  private static Status status(HttpResponse<String> response) {
    Status status = null;
    try {
      status = Serialization.unmarshal(response.body(), Status.class);
    } catch (RuntimeException e) {
      // not a Status body: described by its code below
    }
    if (status == null || status.getCode() == null) {
      status =
          new StatusBuilder()
              .withCode(response.code())
              .withMessage("creating a host pod answered " + response.code() + ": " + response.body())
              .build();
    }
    return status;
  }

  static void delete(KubernetesClient client, HasMetadata existing) {
    if (existing != null && existing.getMetadata().getDeletionTimestamp() == null) {
      client.resource(existing).delete();
    }
  }
}
