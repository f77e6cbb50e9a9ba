package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiSecret.CA_CRT;
import static dev.enclave.core.pki.PkiSecret.KUBECONFIG;
import static dev.enclave.core.pki.PkiSecret.SA_KEY;
import static dev.enclave.core.pki.PkiSecret.SA_PUB;
import static dev.enclave.core.pki.PkiSecret.TLS_CRT;
import static dev.enclave.core.pki.PkiSecret.TLS_KEY;
import static dev.enclave.core.pki.PkiSecret.TYPE_OPAQUE;
import static dev.enclave.core.pki.PkiSecret.TYPE_TLS;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which Secret and data key holds each part of a tenant PKI. Certificates use the {@code
 * kubernetes.io/tls} layout ({@code tls.crt}, {@code tls.key}, {@code ca.crt}), one Secret per
 * certificate, named by {@link HostNames} and mounted by the control-plane builders: the API
 * server's etcd client pair in {@code -etcd-tls}, etcd's own serving pair in {@code
 * -etcd-server-tls}.
 */
final class SecretLayout {
  private SecretLayout() {}

  /** The names of every Secret {@link #write} produces, in the same order. */
  static List<String> names(TenantCluster tenant) {
    return List.of(
        HostNames.caSecret(tenant),
        HostNames.etcdCaSecret(tenant),
        HostNames.apiServerCertSecret(tenant),
        HostNames.etcdCertSecret(tenant),
        HostNames.etcdServerCertSecret(tenant),
        HostNames.controllerManagerKubeconfigSecret(tenant),
        HostNames.schedulerKubeconfigSecret(tenant),
        HostNames.syncerKubeconfigSecret(tenant),
        HostNames.corednsKubeconfigSecret(tenant),
        HostNames.serviceAccountKeySecret(tenant),
        HostNames.adminKubeconfigSecret(tenant),
        HostNames.bootstrapKubeconfigSecret(tenant));
  }

  /** The Secrets of {@link #names} that hold a CA or the service-account keys, not a leaf. */
  static List<String> authorityNames(TenantCluster tenant) {
    return List.of(
        HostNames.caSecret(tenant),
        HostNames.etcdCaSecret(tenant),
        HostNames.serviceAccountKeySecret(tenant));
  }

  static List<PkiSecret> write(TenantPki pki) {
    TenantCluster names = pki.tenant().asTenantCluster();
    IssuedCertificate etcdClient = pki.leaf(TenantLeaf.API_SERVER_ETCD_CLIENT);
    return List.of(
        clusterCa(HostNames.caSecret(names), pki),
        ca(HostNames.etcdCaSecret(names), pki.etcdCa()),
        new TlsSecret(
                HostNames.apiServerCertSecret(names),
                pki.leaf(TenantLeaf.API_SERVER).certificatePem(),
                pki.leaf(TenantLeaf.API_SERVER).privateKeyPem(),
                Pem.bundle(pki.clusterTrust()))
            .secret(),
        tls(HostNames.etcdCertSecret(names), etcdClient, pki.etcdCa()).secret(),
        tls(HostNames.etcdServerCertSecret(names), pki.leaf(TenantLeaf.ETCD), pki.etcdCa())
            .secret(),
        kubeconfig(
            HostNames.controllerManagerKubeconfigSecret(names),
            pki.kubeconfig(TenantLeaf.CONTROLLER_MANAGER)),
        kubeconfig(
            HostNames.schedulerKubeconfigSecret(names), pki.kubeconfig(TenantLeaf.SCHEDULER)),
        kubeconfig(HostNames.syncerKubeconfigSecret(names), pki.kubeconfig(TenantLeaf.SYNCER)),
        kubeconfig(HostNames.corednsKubeconfigSecret(names), pki.kubeconfig(TenantLeaf.COREDNS)),
        new PkiSecret(
            HostNames.serviceAccountKeySecret(names),
            TYPE_OPAQUE,
            Map.of(
                SA_KEY, pki.serviceAccountKeys().privateKeyPem(),
                SA_PUB, pki.serviceAccountKeys().publicKeyPem())),
        kubeconfig(HostNames.adminKubeconfigSecret(names), pki.kubeconfig(TenantLeaf.ADMIN)),
        kubeconfig(
            HostNames.bootstrapKubeconfigSecret(names), pki.kubeconfig(TenantLeaf.BOOTSTRAP)));
  }

  static TenantPki read(TenantRef tenant, Map<String, Map<String, String>> dataBySecretName) {
    SecretSource source = new SecretSource(dataBySecretName);
    TenantCluster names = tenant.asTenantCluster();
    SecretSource.Issuer clusterCa = source.issuer(HostNames.caSecret(names));
    SecretSource.Issuer etcdCa = source.issuer(HostNames.etcdCaSecret(names));
    String apiServer = HostNames.apiServerCertSecret(names);
    Map<TenantLeaf, IssuedCertificate> leaves = new EnumMap<>(TenantLeaf.class);
    leaves.put(TenantLeaf.API_SERVER, source.pair(apiServer, TLS_CRT, TLS_KEY, clusterCa));
    leaves.put(
        TenantLeaf.API_SERVER_ETCD_CLIENT,
        source.pair(HostNames.etcdCertSecret(names), TLS_CRT, TLS_KEY, etcdCa));
    leaves.put(
        TenantLeaf.ETCD,
        source.pair(HostNames.etcdServerCertSecret(names), TLS_CRT, TLS_KEY, etcdCa));
    leaves.put(
        TenantLeaf.CONTROLLER_MANAGER,
        source.client(HostNames.controllerManagerKubeconfigSecret(names), clusterCa));
    leaves.put(
        TenantLeaf.SCHEDULER, source.client(HostNames.schedulerKubeconfigSecret(names), clusterCa));
    leaves.put(TenantLeaf.ADMIN, source.client(HostNames.adminKubeconfigSecret(names), clusterCa));
    leaves.put(
        TenantLeaf.BOOTSTRAP,
        source.client(HostNames.bootstrapKubeconfigSecret(names), clusterCa));
    leaves.put(
        TenantLeaf.SYNCER, source.client(HostNames.syncerKubeconfigSecret(names), clusterCa));
    leaves.put(
        TenantLeaf.COREDNS, source.client(HostNames.corednsKubeconfigSecret(names), clusterCa));
    return new TenantPki(
        tenant,
        clusterCa.ca(),
        etcdCa.ca(),
        source.serviceAccountKeys(HostNames.serviceAccountKeySecret(names)),
        leaves,
        clusterCa.trusted(),
        clusterCa.incoming());
  }

  /**
   * The CAs and service-account keys of a PKI whose leaf Secrets may be incomplete, with every leaf
   * issued anew: how a PKI gains a leaf that an older Enclave did not issue, keeping its CAs.
   */
  static TenantPki reissueLeaves(
      TenantRef tenant,
      Map<String, Map<String, String>> dataBySecretName,
      Clock clock,
      SecureRandom random) {
    SecretSource source = new SecretSource(dataBySecretName);
    TenantCluster names = tenant.asTenantCluster();
    SecretSource.Issuer clusterCa = source.issuer(HostNames.caSecret(names));
    return TenantPki.withNewLeaves(
        tenant,
        clusterCa.ca(),
        source.issuer(HostNames.etcdCaSecret(names)).ca(),
        source.serviceAccountKeys(HostNames.serviceAccountKeySecret(names)),
        clusterCa.trusted(),
        clusterCa.incoming(),
        clock,
        random);
  }

  /**
   * The cluster CA's Secret: {@code ca.crt} is every CA trusted (mounted as the API server's
   * {@code --client-ca-file} and the controller-manager's {@code --root-ca-file}); during a
   * rotation's first step the incoming CA's pair is kept beside the signing one.
   */
  private static PkiSecret clusterCa(String name, TenantPki pki) {
    CertificateAuthority ca = pki.clusterCa();
    TlsSecret secret =
        new TlsSecret(name, ca.certificatePem(), ca.privateKeyPem(), Pem.bundle(pki.clusterTrust()));
    pki.incomingClusterCa()
        .ifPresent(
            next ->
                secret
                    .with(PkiSecret.NEXT_CRT, next.certificatePem())
                    .with(PkiSecret.NEXT_KEY, next.privateKeyPem()));
    return secret.secret();
  }



  /** A CA's own Secret: its certificate doubles as {@code ca.crt}, as cert-manager writes it. */
  private static PkiSecret ca(String name, CertificateAuthority ca) {
    return new TlsSecret(name, ca.certificatePem(), ca.privateKeyPem(), ca.certificatePem())
        .secret();
  }

  private static TlsSecret tls(String name, IssuedCertificate leaf, CertificateAuthority ca) {
    return new TlsSecret(name, leaf.certificatePem(), leaf.privateKeyPem(), ca.certificatePem());
  }

  private static PkiSecret kubeconfig(String name, Kubeconfig kubeconfig) {
    return new PkiSecret(name, TYPE_OPAQUE, Map.of(KUBECONFIG, kubeconfig.toYaml()));
  }

  /** Collects a {@code kubernetes.io/tls} Secret's data, with room for extra keys. */
  private static final class TlsSecret {
    private final String name;
    private final Map<String, String> data = new TreeMap<>();

    TlsSecret(String name, String certificatePem, String privateKeyPem, String caPem) {
      this.name = name;
      data.put(TLS_CRT, certificatePem);
      data.put(TLS_KEY, privateKeyPem);
      data.put(CA_CRT, caPem);
    }

    TlsSecret with(String key, String value) {
      data.put(key, value);
      return this;
    }

    PkiSecret secret() {
      return new PkiSecret(name, TYPE_TLS, data);
    }
  }
}
