package dev.enclave.cli.migrate;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.backup.BackupKeys;
import dev.enclave.operator.backup.TenantBackupResolver;
import dev.enclave.operator.tenant.HostKinds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What is left of a tenant cluster on a host, read from the server: the TenantCluster, its host
 * namespace, its backup key Secret, and every object of the kinds Enclave writes for a tenant that
 * carries the tenant's ownership labels, in any namespace. A kind the caller may not list is a
 * finding too: then nothing is proven about it.
 */
final class HostLeftovers {
  /**
   * apiVersion and kind of everything written on a host for a tenant: the kinds the operator
   * writes ({@link HostKinds#WATCHED}), and the pods and claims of its control plane and workloads.
   */
  private static final List<String[]> KINDS =
      Stream.concat(HostKinds.WATCHED.stream(), Stream.of(Pod.class, PersistentVolumeClaim.class))
          .map(kind -> new String[] {HasMetadata.getApiVersion(kind), HasMetadata.getKind(kind)})
          .toList();

  private HostLeftovers() {}

  /** One line per object of {@code tenant} still on the host; empty when nothing is left. */
  static List<String> of(KubernetesClient client, TenantCluster tenant, String operatorNamespace) {
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    List<String> left = new ArrayList<>();
    try {
      if (client.resources(TenantCluster.class).inNamespace(namespace).withName(name).get() != null) {
        left.add("TenantCluster " + namespace + "/" + name);
      }
      String hostNamespace = HostNames.hostNamespace(tenant);
      if (client.namespaces().withName(hostNamespace).get() != null) {
        left.add("Namespace " + hostNamespace);
      }
      String key = BackupKeys.secretName(TenantBackupResolver.backupUid(tenant));
      if (client.secrets().inNamespace(operatorNamespace).withName(key).get() != null) {
        left.add("Secret " + operatorNamespace + "/" + key + " (backup key)");
      }
    } catch (KubernetesClientException e) {
      left.add("could not read the TenantCluster, its namespace or its backup key: " + e.getMessage());
    }
    Map<String, String> labels =
        Map.of(EnclaveApi.TENANT_NAMESPACE_LABEL, namespace, EnclaveApi.TENANT_NAME_LABEL, name);
    for (String[] kind : KINDS) {
      try {
        for (GenericKubernetesResource r :
            client.genericKubernetesResources(kind[0], kind[1]).inAnyNamespace().withLabels(labels).list().getItems()) {
          String ns = r.getMetadata().getNamespace();
          String line = kind[1] + " " + (ns == null ? "" : ns + "/") + r.getMetadata().getName();
          if (!left.contains(line)) {
            left.add(line);
          }
        }
      } catch (KubernetesClientException e) {
        left.add(kind[1] + ": could not be listed (" + e.getCode() + "), so nothing is proven about it");
      }
    }
    return left;
  }
}
