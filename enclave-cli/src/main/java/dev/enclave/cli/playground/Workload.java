package dev.enclave.cli.playground;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A StatefulSet or Deployment seen as what the simulation needs: replicas, pods and status. */
record Workload(HasMetadata object, PodTemplateSpec template, int replicas, Object currentStatus) {
  /** Annotation on simulated pods naming the template they were made from. */
  static final String TEMPLATE_HASH = "enclave.dev/simulated-template-hash";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Workload of(StatefulSet sts) {
    Integer replicas = sts.getSpec().getReplicas();
    return new Workload(
        sts, sts.getSpec().getTemplate(), replicas == null ? 1 : replicas, sts.getStatus());
  }

  static Workload of(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    return new Workload(
        deployment,
        deployment.getSpec().getTemplate(),
        replicas == null ? 1 : replicas,
        deployment.getStatus());
  }

  /** {@code Kind/namespace/name}, matched against pods' owner references. */
  String key() {
    return key(object.getKind(), namespace(), object.getMetadata().getName());
  }

  static Optional<String> ownerKey(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null || owners.isEmpty()) {
      return Optional.empty();
    }
    OwnerReference owner = owners.get(0);
    return Optional.of(key(owner.getKind(), pod.getMetadata().getNamespace(), owner.getName()));
  }

  static String templateHash(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(TEMPLATE_HASH);
  }

  /**
   * Replica {@code i} as its controller would create it: {@code <sts>-<i>} for a StatefulSet,
   * {@code <deployment>-<hash>-<i>} for a Deployment, with the template's labels and spec.
   */
  Pod pod(int i) {
    String name = object.getMetadata().getName();
    String hash = hash();
    boolean stateful = object instanceof StatefulSet;
    String podName = stateful ? name + "-" + i : name + "-" + hash + "-" + i;
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    if (stateful) {
      labels.put("statefulset.kubernetes.io/pod-name", podName);
      labels.put("apps.kubernetes.io/pod-index", Integer.toString(i));
    } else {
      labels.put("pod-template-hash", hash);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
      annotations.putAll(template.getMetadata().getAnnotations());
    }
    annotations.put(TEMPLATE_HASH, hash);
    Pod pod =
        new PodBuilder()
            .withMetadata(
                new ObjectMetaBuilder()
                    .withName(podName)
                    .withNamespace(namespace())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(ownerReference())
                    .build())
            .withSpec(SERIALIZATION.clone(template.getSpec()))
            .build();
    if (stateful) {
      pod.getSpec().setHostname(podName);
      pod.getSpec().setSubdomain(((StatefulSet) object).getSpec().getServiceName());
    }
    return pod;
  }

  /** The status its controller would report for these pods. */
  Object status(List<Pod> pods) {
    int ready = (int) pods.stream().filter(SimulatedPods::isReady).count();
    int updated = (int) pods.stream().filter(p -> hash().equals(templateHash(p))).count();
    Long generation = object.getMetadata().getGeneration();
    if (object instanceof StatefulSet) {
      String revision = object.getMetadata().getName() + "-" + hash();
      return new StatefulSetStatusBuilder()
          .withObservedGeneration(generation)
          .withReplicas(pods.size())
          .withReadyReplicas(ready)
          .withAvailableReplicas(ready)
          .withCurrentReplicas(updated)
          .withUpdatedReplicas(updated)
          .withCurrentRevision(revision)
          .withUpdateRevision(revision)
          .withCollisionCount(0)
          .build();
    }
    boolean available = ready >= replicas;
    return new DeploymentStatusBuilder()
        .withObservedGeneration(generation)
        .withReplicas(pods.size())
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withUnavailableReplicas(replicas - ready == 0 ? null : replicas - ready)
        .withUpdatedReplicas(updated)
        .withConditions(
            new DeploymentConditionBuilder()
                .withType("Available")
                .withStatus(available ? "True" : "False")
                .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(
                    available
                        ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability.")
                .build())
        .build();
  }

  /** A copy of the workload carrying that status, for a status update. */
  HasMetadata withStatus(Object status) {
    if (object instanceof StatefulSet sts) {
      return new StatefulSetBuilder(sts).withStatus((StatefulSetStatus) status).build();
    }
    return new DeploymentBuilder((Deployment) object).withStatus((DeploymentStatus) status).build();
  }

  private String namespace() {
    return object.getMetadata().getNamespace();
  }

  private OwnerReference ownerReference() {
    return new OwnerReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withName(object.getMetadata().getName())
        .withUid(object.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** A short digest of the pod template, standing in for the controller revision hash. */
  private String hash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(SERIALIZATION.asJson(template).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
