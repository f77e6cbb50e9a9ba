package dev.enclave.operator.grant;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.ClusterCaTrust;
import dev.enclave.core.pki.IssuedCertificate;
import dev.enclave.core.pki.Kubeconfig;
import dev.enclave.core.pki.LeafProfile;
import dev.enclave.core.pki.PkiSecret;
import dev.enclave.core.pki.TenantPki;
import dev.enclave.operator.tenant.TenantSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grant's credential: a client certificate from the tenant's cluster CA, CN the grant's user and
 * O its group, valid for exactly the grant's window, in a kubeconfig for the tenant's endpoint;
 * delivered as Secret {@code <grant>-kubeconfig} next to the grant and owned by it. Refusals name
 * the CA Secret and the missing key, never key material.
 */
public final class GrantKubeconfigs {
  private final SecureRandom random;

  public GrantKubeconfigs(SecureRandom random) {
    this.random = random;
  }

  /** The kubeconfig Secret for {@code grant}, issued from the CA in {@code caSecret}. */
  public Secret issue(
      AccessGrant grant, TenantCluster tenant, Secret caSecret, GrantWindow window) {
    CertificateAuthority ca = authority(tenant, caSecret);
    IssuedCertificate client =
        ca.issueFor(
            LeafProfile.client(GrantNames.user(grant), grant.getSpec().getGroup()),
            window.grantedAt(),
            window.expiresAt(),
            random);
    Kubeconfig kubeconfig =
        new Kubeconfig(
            tenant.getMetadata().getName(),
            HostNames.endpoint(tenant),
            trusted(tenant, caSecret),
            GrantNames.user(grant),
            client);
    Map<String, String> annotations = new TreeMap<>(window.annotations());
    annotations.put(GrantBindingBuilder.USER_ANNOTATION, GrantNames.user(grant));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(GrantNames.kubeconfigSecret(grant))
        .withNamespace(grant.getMetadata().getNamespace())
        .withLabels(
            Map.of(
                EnclaveApi.MANAGED_BY_LABEL,
                EnclaveApi.MANAGED_BY,
                EnclaveApi.ACCESS_GRANT_LABEL,
                grant.getMetadata().getName()))
        .withAnnotations(annotations)
        .addNewOwnerReference()
        .withApiVersion(EnclaveApi.API_VERSION)
        .withKind(AccessGrant.KIND)
        .withName(grant.getMetadata().getName())
        .withUid(grant.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withType(PkiSecret.TYPE_OPAQUE)
        .withData(
            Map.of(
                PkiSecret.KUBECONFIG,
                Base64.getEncoder()
                    .encodeToString(kubeconfig.toYaml().getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /**
   * Whether the kubeconfig in {@code delivered} is signed by another CA than the one in {@code
   * caSecret}, or trusts other CAs than its {@code ca.crt}: a cluster CA rotation moved on. An
   * unreadable kubeconfig is stale too: issuing it again mends it.
   */
  public static boolean stale(Secret delivered, TenantCluster tenant, Secret caSecret) {
    try {
      ClusterCaTrust trust = TenantPki.clusterCaTrust(tenant, TenantSecrets.decode(caSecret));
      Kubeconfig kubeconfig =
          Kubeconfig.parse(TenantSecrets.decode(delivered).get(PkiSecret.KUBECONFIG));
      try {
        kubeconfig.client().certificate().verify(trust.signer().getPublicKey());
      } catch (GeneralSecurityException e) {
        return true;
      }
      return !kubeconfig.trusted().equals(trust.trusted());
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** Every CA the tenant trusts now ({@code ca.crt}). */
  private static List<X509Certificate> trusted(TenantCluster tenant, Secret caSecret) {
    try {
      return TenantPki.clusterCaTrust(tenant, TenantSecrets.decode(caSecret)).trusted();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Secret " + HostNames.hostNamespace(tenant) + "/"
          + HostNames.caSecret(tenant) + ": " + e.getMessage());
    }
  }

  /** Whether {@code secret} is this grant's own: owned by it, by uid. */
  public static boolean ownedBy(Secret secret, AccessGrant grant) {
    return secret.getMetadata().getOwnerReferences() != null
        && secret.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                r ->
                    AccessGrant.KIND.equals(r.getKind())
                        && grant.getMetadata().getUid() != null
                        && grant.getMetadata().getUid().equals(r.getUid()));
  }

  private static CertificateAuthority authority(TenantCluster tenant, Secret caSecret) {
    String where =
        "Secret " + HostNames.hostNamespace(tenant) + "/" + HostNames.caSecret(tenant);
    try {
      Map<String, String> data = TenantSecrets.decode(caSecret);
      for (String key : new String[] {PkiSecret.TLS_CRT, PkiSecret.TLS_KEY}) {
        if (data.get(key) == null || data.get(key).isBlank()) {
          throw new IllegalStateException(where + ": missing key " + key + " of the tenant CA");
        }
      }
      return CertificateAuthority.fromPem(data.get(PkiSecret.TLS_CRT), data.get(PkiSecret.TLS_KEY));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage());
    }
  }
}
