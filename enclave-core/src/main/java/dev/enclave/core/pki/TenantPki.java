package dev.enclave.core.pki;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All keys and certificates of one tenant cluster: a cluster CA, a separate etcd CA, the
 * service-account keys and eight leaves, plus the host Secrets that hold them ({@link #secrets()}).
 */
public final class TenantPki {
  /**
   * The group of the tenant administrator's certificate. Not {@code system:masters}, which bypasses
   * RBAC for good: a client certificate cannot be revoked, but a binding can be deleted. The
   * operator binds this group to {@code cluster-admin} in the tenant cluster's RBAC (the pattern
   * kubeadm adopted in 1.29 with {@code kubeadm:cluster-admins}).
   */
  public static final String TENANT_ADMINS_GROUP = "enclave:tenant-admins";

  public static final String ADMIN_USER = "kubernetes-admin";
  /** The operator's bootstrap identity in each tenant cluster. */
  public static final String BOOTSTRAP_USER = "enclave:operator-bootstrap";
  /** Kubernetes' built-in group that bypasses RBAC; only {@link TenantLeaf#BOOTSTRAP} carries it. */
  public static final String MASTERS_GROUP = "system:masters";
  public static final String CONTROLLER_MANAGER_USER = "system:kube-controller-manager";
  public static final String SCHEDULER_USER = "system:kube-scheduler";

  /**
   * The syncer's user and group, and CoreDNS's user, in the tenant cluster. The operator binds them
   * to the ClusterRoles of {@link dev.enclave.core.controlplane.TenantRbacBuilder} there.
   */
  public static final String SYNCER_USER = "enclave:syncer";

  public static final String SYNCERS_GROUP = "enclave:syncers";
  public static final String COREDNS_USER = "enclave:coredns";

  private final TenantRef tenant;
  private final CertificateAuthority clusterCa;
  private final CertificateAuthority etcdCa;
  private final ServiceAccountKeys serviceAccountKeys;
  private final Map<TenantLeaf, IssuedCertificate> leaves;
  private final List<X509Certificate> clusterTrust;
  private final Optional<CertificateAuthority> incomingClusterCa;

  TenantPki(
      TenantRef tenant,
      CertificateAuthority clusterCa,
      CertificateAuthority etcdCa,
      ServiceAccountKeys serviceAccountKeys,
      Map<TenantLeaf, IssuedCertificate> leaves) {
    this(tenant, clusterCa, etcdCa, serviceAccountKeys, leaves, List.of(clusterCa.certificate()),
        Optional.empty());
  }

  /**
   * @param clusterTrust every CA trusted for the cluster's clients and serving certificate, the
   *     signing {@code clusterCa} among them; two during a CA rotation
   * @param incomingClusterCa a CA trusted already but not yet signing (the first step of a rotation)
   */
  TenantPki(
      TenantRef tenant,
      CertificateAuthority clusterCa,
      CertificateAuthority etcdCa,
      ServiceAccountKeys serviceAccountKeys,
      Map<TenantLeaf, IssuedCertificate> leaves,
      List<X509Certificate> clusterTrust,
      Optional<CertificateAuthority> incomingClusterCa) {
    this.tenant = tenant;
    this.clusterCa = clusterCa;
    this.etcdCa = etcdCa;
    this.serviceAccountKeys = serviceAccountKeys;
    this.leaves = Collections.unmodifiableMap(new EnumMap<>(leaves));
    if (this.leaves.size() != TenantLeaf.values().length) {
      throw new IllegalArgumentException(tenant.qualifiedName() + ": every tenant leaf is needed");
    }
    this.clusterTrust = List.copyOf(clusterTrust);
    if (!this.clusterTrust.contains(clusterCa.certificate())) {
      throw new IllegalArgumentException(
          tenant.qualifiedName() + ": the signing cluster CA must be among the trusted ones");
    }
    this.incomingClusterCa = incomingClusterCa;
    incomingClusterCa.ifPresent(
        incoming -> {
          if (!this.clusterTrust.contains(incoming.certificate())) {
            throw new IllegalArgumentException(
                tenant.qualifiedName() + ": an incoming cluster CA must be trusted already");
          }
        });
  }

  /** A new PKI: both CAs, the service-account keys and every leaf, valid from the clock's now. */
  /** The host Secrets a tenant's PKI is kept in, in the order {@link #secrets()} returns them. */
  public static List<String> secretNames(TenantCluster tenant) {
    return SecretLayout.names(tenant);
  }

  /**
   * The Secrets that hold no leaf certificate: the two CAs and the service-account keys. They are
   * kept when leaves are renewed; every other Secret holds a leaf with an expiry.
   */
  public static List<String> authoritySecretNames(TenantCluster tenant) {
    return SecretLayout.authorityNames(tenant);
  }

  public static TenantPki generate(
      String tenantNamespace,
      String tenantName,
      String hostNamespace,
      Clock clock,
      SecureRandom random) {
    TenantRef tenant = new TenantRef(tenantNamespace, tenantName, hostNamespace);
    CertificateAuthority clusterCa =
        CertificateAuthority.create("kubernetes-ca " + tenant.qualifiedName(), clock, random);
    CertificateAuthority etcdCa =
        CertificateAuthority.create("etcd-ca " + tenant.qualifiedName(), clock, random);
    ServiceAccountKeys serviceAccountKeys = ServiceAccountKeys.generate(random);
    return new TenantPki(
        tenant,
        clusterCa,
        etcdCa,
        serviceAccountKeys,
        issueLeaves(tenant, clusterCa, etcdCa, clock, random));
  }

  /** As above, in the host namespace {@link dev.enclave.core.controlplane.HostNames} derives. */
  public static TenantPki generate(TenantCluster tenant, Clock clock, SecureRandom random) {
    TenantRef ref = TenantRef.of(tenant);
    return generate(ref.tenantNamespace(), ref.tenantName(), ref.hostNamespace(), clock, random);
  }

  /**
   * Loads a PKI from its Secrets' text, keyed by Secret name then data key (see {@link
   * PkiSecret#decode}). Refuses, naming the Secret and key, anything missing, unreadable, a key
   * that does not match its certificate, or a leaf not signed by its CA.
   */
  public static TenantPki fromSecrets(
      String tenantNamespace,
      String tenantName,
      String hostNamespace,
      Map<String, Map<String, String>> dataBySecretName) {
    return SecretLayout.read(
        new TenantRef(tenantNamespace, tenantName, hostNamespace), dataBySecretName);
  }

  public static TenantPki fromSecrets(
      TenantCluster tenant, Map<String, Map<String, String>> dataBySecretName) {
    return SecretLayout.read(TenantRef.of(tenant), dataBySecretName);
  }

  /**
   * Keeps the CAs and service-account keys found in the Secrets and issues every leaf anew, for a
   * PKI missing leaf Secrets (an upgrade added a leaf): nothing that trusts the CAs changes.
   * Refuses, naming the Secret, a missing or unreadable CA or service-account key.
   */
  public static TenantPki fromAuthorities(
      TenantCluster tenant,
      Map<String, Map<String, String>> dataBySecretName,
      Clock clock,
      SecureRandom random) {
    return SecretLayout.reissueLeaves(TenantRef.of(tenant), dataBySecretName, clock, random);
  }

  static TenantPki withNewLeaves(
      TenantRef tenant,
      CertificateAuthority clusterCa,
      CertificateAuthority etcdCa,
      ServiceAccountKeys serviceAccountKeys,
      List<X509Certificate> clusterTrust,
      Optional<CertificateAuthority> incomingClusterCa,
      Clock clock,
      SecureRandom random) {
    return new TenantPki(
        tenant,
        clusterCa,
        etcdCa,
        serviceAccountKeys,
        issueLeaves(tenant, clusterCa, etcdCa, clock, random),
        clusterTrust,
        incomingClusterCa);
  }

  /**
   * New keys and certificates for every leaf, from the same CAs; the CAs and the service-account
   * keys are kept, so nothing that trusts them needs to change.
   */
  public TenantPki renewLeaves(Clock clock, SecureRandom random) {
    return withNewLeaves(
        tenant, clusterCa, etcdCa, serviceAccountKeys, clusterTrust, incomingClusterCa, clock, random);
  }

  /**
   * The first step of a cluster CA rotation: a new cluster CA, trusted beside the current one by
   * the API server ({@code --client-ca-file}), by every kubeconfig and by the tenant's pods
   * ({@code --root-ca-file}); the current CA still signs and no leaf changes. Once every component
   * runs with the bundle, {@link #signedByIncomingClusterCa} may follow. Refuses a second
   * rotation while one is under way.
   */
  public TenantPki withIncomingClusterCa(Clock clock, SecureRandom random) {
    if (incomingClusterCa.isPresent() || clusterTrust.size() > 1) {
      throw new IllegalStateException(
          tenant.qualifiedName() + ": a cluster CA rotation is under way already");
    }
    CertificateAuthority incoming =
        CertificateAuthority.create(
            "kubernetes-ca " + tenant.qualifiedName() + " from " + clock.instant().getEpochSecond(),
            clock,
            random);
    List<X509Certificate> trust = List.of(clusterCa.certificate(), incoming.certificate());
    return new TenantPki(
        tenant, clusterCa, etcdCa, serviceAccountKeys, leaves, trust, Optional.of(incoming));
  }

  /**
   * The second step: the incoming CA signs, every leaf is issued anew by it, and the previous CA
   * stays trusted, so a client still holding a certificate of it keeps working during the overlap.
   * Without an incoming CA (the step was written already), this PKI as it is.
   */
  public TenantPki signedByIncomingClusterCa(Clock clock, SecureRandom random) {
    if (incomingClusterCa.isEmpty()) {
      return this;
    }
    CertificateAuthority incoming = incomingClusterCa.get();
    List<X509Certificate> trust = new ArrayList<>();
    trust.add(incoming.certificate());
    clusterTrust.stream().filter(c -> !c.equals(incoming.certificate())).forEach(trust::add);
    return withNewLeaves(
        tenant, incoming, etcdCa, serviceAccountKeys, trust, Optional.empty(), clock, random);
  }

  /** The last step: only the signing cluster CA is trusted; the retired ones are dropped. */
  public TenantPki withoutRetiredClusterCas() {
    if (incomingClusterCa.isPresent()) {
      throw new IllegalStateException(
          tenant.qualifiedName() + ": the incoming cluster CA does not sign yet");
    }
    return new TenantPki(
        tenant, clusterCa, etcdCa, serviceAccountKeys, leaves, List.of(clusterCa.certificate()),
        Optional.empty());
  }

  /**
   * What the cluster CA's Secret trusts and signs with, read from its data alone (as the operator
   * sees it mid-rotation): refuses, naming the Secret and key, what {@link #fromSecrets} refuses.
   */
  public static ClusterCaTrust clusterCaTrust(TenantCluster tenant, Map<String, String> caSecretData) {
    String name = HostNames.caSecret(tenant);
    SecretSource.Issuer issuer = new SecretSource(Map.of(name, caSecretData)).issuer(name);
    return new ClusterCaTrust(
        issuer.ca().certificate(),
        issuer.trusted(),
        issuer.incoming().map(CertificateAuthority::certificate));
  }

  /** Every CA trusted for the cluster, the signing one first. */
  public List<X509Certificate> clusterTrust() {
    return clusterTrust;
  }

  /** The CA a rotation has made trusted but not yet signing, if one is. */
  public Optional<CertificateAuthority> incomingClusterCa() {
    return incomingClusterCa;
  }

  /** The leaves with less than a third of their lifetime left: renew them all, then write. */
  public List<TenantLeaf> leavesNeedingRenewal(Clock clock) {
    return leaves.entrySet().stream()
        .filter(entry -> CertificateRenewal.needsRenewal(entry.getValue().certificate(), clock))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** One Secret per PKI name in {@link dev.enclave.core.controlplane.HostNames}, in its order. */
  public List<PkiSecret> secrets() {
    return SecretLayout.write(this);
  }

  /** The {@code stringData} of the named Secret. */
  public Map<String, String> secretData(String secretName) {
    List<PkiSecret> secrets = secrets();
    return secrets.stream()
        .filter(secret -> secret.name().equals(secretName))
        .findFirst()
        .map(PkiSecret::stringData)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no PKI secret named "
                        + secretName
                        + "; there are "
                        + secrets.stream().map(PkiSecret::name).toList()));
  }

  /**
   * A kubeconfig for one of the API server's clients: admin, controller-manager, scheduler, syncer,
   * CoreDNS.
   */
  public Kubeconfig kubeconfig(TenantLeaf leaf) {
    if (!leaf.hasKubeconfig()) {
      throw new IllegalArgumentException(leaf + " is not a client of the tenant's kube-apiserver");
    }
    return new Kubeconfig(
        tenant.tenantName(),
        leaf.inControlPlanePod() ? localUrl() : serverUrl(),
        clusterTrust,
        TenantProfiles.of(leaf, tenant).commonName(),
        leaves.get(leaf));
  }

  /**
   * {@code https://<name>.<hostNamespace>.svc:443}, the URL in the kubeconfig of every client
   * outside the control-plane pod.
   */
  public String serverUrl() {
    return tenant.serverUrl();
  }

  /**
   * {@code https://localhost:6443}, the URL in the kubeconfig of the clients inside the control-plane
   * pod ({@link TenantLeaf#inControlPlanePod}); {@code localhost} is a SAN of the serving certificate.
   */
  public String localUrl() {
    return "https://localhost:" + dev.enclave.core.controlplane.ApiServerFlags.SECURE_PORT;
  }

  public IssuedCertificate leaf(TenantLeaf leaf) {
    return leaves.get(leaf);
  }

  public CertificateAuthority clusterCa() {
    return clusterCa;
  }

  public CertificateAuthority etcdCa() {
    return etcdCa;
  }

  public ServiceAccountKeys serviceAccountKeys() {
    return serviceAccountKeys;
  }

  TenantRef tenant() {
    return tenant;
  }

  @Override
  public String toString() {
    return "TenantPki["
        + tenant.qualifiedName()
        + " in "
        + tenant.hostNamespace()
        + ", "
        + clusterCa
        + ", "
        + etcdCa
        + ", "
        + serviceAccountKeys
        + "]";
  }

  private static Map<TenantLeaf, IssuedCertificate> issueLeaves(
      TenantRef tenant,
      CertificateAuthority clusterCa,
      CertificateAuthority etcdCa,
      Clock clock,
      SecureRandom random) {
    Map<TenantLeaf, IssuedCertificate> leaves = new EnumMap<>(TenantLeaf.class);
    for (TenantLeaf leaf : TenantLeaf.values()) {
      CertificateAuthority ca = leaf.issuedByEtcdCa() ? etcdCa : clusterCa;
      leaves.put(leaf, ca.issue(TenantProfiles.of(leaf, tenant), clock, random));
    }
    return leaves;
  }
}
