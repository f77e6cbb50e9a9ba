package dev.enclave.syncer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.List;

/**
 * The JSON reading of the syncer's host client ({@link
 * KubernetesClientBuilder#withKubernetesSerialization}): a pod spec read from the host keeps only
 * {@code nodeName} and {@code volumes}, the rest is skipped unparsed. The syncer never reads back
 * the containers, affinity, tolerations or DNS settings it wrote (their fingerprint is in the
 * metadata), and building them from every host pod's watch events was one of its largest costs.
 * Metadata and status are read whole; writing is unchanged. Use it for the syncer's host client
 * only: a pod spec read through it, in a pod or a workload template, is incomplete.
 */
public final class HostSerialization {
  private HostSerialization() {}

  public static KubernetesSerialization create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(
        new SimpleModule("enclave-host-pods").addDeserializer(PodSpec.class, new NodeAndVolumes()));
    return new KubernetesSerialization(mapper, true);
  }

  /** Reads {@code nodeName} and {@code volumes} of a pod spec and skips every other field. */
  private static final class NodeAndVolumes extends StdDeserializer<PodSpec> {
    private static final JavaType VOLUMES =
        TypeFactory.defaultInstance().constructCollectionType(List.class, Volume.class);

    NodeAndVolumes() {
      super(PodSpec.class);
    }

    @Override
    public PodSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      PodSpec spec = new PodSpec();
      JsonToken token =
          p.currentToken() == JsonToken.START_OBJECT ? p.nextToken() : p.currentToken();
      for (; token == JsonToken.FIELD_NAME; token = p.nextToken()) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "nodeName" -> spec.setNodeName(p.getValueAsString());
          case "volumes" -> spec.setVolumes(ctxt.readValue(p, VOLUMES));
          default -> p.skipChildren();
        }
      }
      return spec;
    }
  }
}
