package dev.enclave.operator.webhook;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The declared platform and pods the webhook tests send: jurisdictions eu and uk, tenant acme. */
final class WebhookFixtures {
  static final String HOST_NAMESPACE = "tc-tenants-eu-acme";

  private WebhookFixtures() {}

  static Jurisdiction jurisdiction(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: enclave.dev/v1alpha1
        kind: Jurisdiction
        metadata: {name: %1$s}
        spec:
          displayName: Jurisdiction %1$s
          frameworks: [GDPR, NIS2]
          placement:
            nodeSelector: {enclave.dev/jurisdiction: %1$s}
          storageClasses: [%1$s-encrypted]
          auditSinks:
            - {name: %1$s-siem, url: "https://siem.%1$s.example.com/k8s-audit"}
          keyManagement: {kmsEndpoint: "unix:///var/run/kmsplugin/%1$s.sock"}
          backupTargets:
            - name: %1$s-backups
              s3: {endpoint: "https://s3.%1$s.example.com", bucket: enclave-%1$s, region: %1$s-1}
          registries: [registry.%1$s.example.com]
          kubernetesVersions: {allowed: ["1.36", "1.37"], held: ["1.37.1"]}
          adminGroups: [%1$s-platform-oncall]
        """
            .formatted(name),
        Jurisdiction.class);
  }

  static DataStore dataStore() {
    return Serialization.unmarshal(
        """
        apiVersion: enclave.dev/v1alpha1
        kind: DataStore
        metadata: {name: eu-postgres-1}
        spec:
          jurisdiction: eu
          driver: postgresql
          endpoints: ["postgres.eu.example.com:5432"]
          credentialsSecretRef: {name: eu-postgres-1-admin, namespace: enclave-system}
        """,
        DataStore.class);
  }

  static TenantCluster tenant(String name) {
    return Serialization.unmarshal(
        """
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata: {name: %s, namespace: tenants-eu}
        spec:
          jurisdiction: eu
          kubernetesVersion: "1.37.2"
          controlPlane: {replicas: 1}
          dataStore:
            embedded: {storageClass: eu-encrypted, size: 5Gi}
          audit: {sink: eu-siem}
          backup: {target: eu-backups, schedule: "0 */6 * * *", retention: 14}
          isolation: {runtimeClassName: gvisor, podSecurity: restricted}
          policy: {engine: kyverno, bundles: [residency, image-provenance, sbom]}
          quota: {pods: "200", "requests.cpu": "64"}
        """
            .formatted(name),
        TenantCluster.class);
  }

  static AccessGrant grant() {
    return Serialization.unmarshal(
        """
        apiVersion: enclave.dev/v1alpha1
        kind: AccessGrant
        metadata: {name: incident-4711, namespace: tenants-eu}
        spec:
          tenantCluster: acme
          group: eu-platform-oncall
          role: view
          duration: 2h
          justification: "INC-4711: etcd latency alarm"
        """,
        AccessGrant.class);
  }

  /** A host namespace as the operator creates it. */
  static Namespace hostNamespace(String name, String jurisdiction) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(EnclaveApi.JURISDICTION_LABEL, jurisdiction)
        .addToLabels(EnclaveApi.TENANT_NAME_LABEL, "acme")
        .addToLabels(EnclaveApi.TENANT_NAMESPACE_LABEL, "tenants-eu")
        .addToLabels(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY)
        .endMetadata()
        .build();
  }

  static Namespace plainNamespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  /** A pod that stays on eu nodes and asks nothing of the node. */
  static Pod compliantPod() {
    return Serialization.unmarshal(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web-0, namespace: %s}
        spec:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms:
                  - matchExpressions:
                      - {key: enclave.dev/jurisdiction, operator: In, values: [eu]}
          containers:
            - name: web
              image: registry.eu.example.com/web:1.0
              ports: [{containerPort: 8080}]
              securityContext:
                allowPrivilegeEscalation: false
                capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
        """
            .formatted(HOST_NAMESPACE),
        Pod.class);
  }
}
