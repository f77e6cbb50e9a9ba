package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneVolume;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.CertificateRenewal;
import dev.enclave.core.pki.PkiSecret;
import dev.enclave.core.pki.TenantLeaf;
import dev.enclave.core.pki.TenantPki;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Key material from the shared {@link TenantPki} (ECDSA P-256, so issuing is cheap). Leaves are
 * renewed together from the existing CAs once the first is due (a third of its lifetime left). If a
 * leaf Secret is missing (an upgrade added the syncer's and CoreDNS's) every leaf is reissued from
 * the existing CAs; only without the CAs and service-account keys is the whole PKI new. CA rotation
 * is a later issue: CA Secrets carry no renewal time. The local KMS key Secret is created once and
 * never replaced.
 */
public final class PkiKeyMaterial implements KeyMaterial {
  private final Clock clock;
  private final SecureRandom random;

  public PkiKeyMaterial(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  @Override
  public List<String> secretNames(TenantCluster tenant) {
    List<String> names = new ArrayList<>(TenantPki.secretNames(tenant));
    names.add(HostNames.kmsKeySecret(tenant));
    return names;
  }

  @Override
  public List<Issued> issue(
      TenantCluster tenant, Set<String> wanted, Map<String, Map<String, String>> existing) {
    String kmsKey = HostNames.kmsKeySecret(tenant);
    List<Issued> issued = new ArrayList<>();
    if (!existing.containsKey(kmsKey)) {
      issued.add(kmsKey(tenant));
    }
    if (wanted.equals(Set.of(kmsKey))) {
      return issued; // only the KMS key was missing: the PKI is left as it is
    }
    boolean complete = existing.keySet().containsAll(TenantPki.secretNames(tenant));
    boolean authorities = existing.keySet().containsAll(TenantPki.authoritySecretNames(tenant));
    TenantPki pki;
    if (complete) {
      pki = TenantPki.fromSecrets(tenant, existing).renewLeaves(clock, random);
    } else if (authorities) {
      pki = TenantPki.fromAuthorities(tenant, existing, clock, random);
    } else {
      pki = TenantPki.generate(tenant, clock, random);
    }
    issued.addAll(changed(tenant, pki, existing));
    return issued;
  }

  @Override
  public List<Issued> rotateClusterCa(
      TenantCluster tenant, CaRotationStep step, Map<String, Map<String, String>> existing) {
    TenantPki pki = TenantPki.fromSecrets(tenant, existing);
    boolean rotating = pki.clusterTrust().size() > 1;
    TenantPki target =
        switch (step) {
          // trusting two CAs already: this step (or the next) is written
          case TRUST_NEW -> rotating ? pki : pki.withIncomingClusterCa(clock, random);
          case SIGN_WITH_NEW -> pki.signedByIncomingClusterCa(clock, random);
          case DROP_OLD -> pki.withoutRetiredClusterCas();
        };
    return changed(tenant, target, existing);
  }

  /** The Secrets of {@code pki} whose data is not what {@code existing} holds. */
  private static List<Issued> changed(
      TenantCluster tenant, TenantPki pki, Map<String, Map<String, String>> existing) {
    Instant leavesDue = leavesRenewAfter(pki);
    return pki.secrets().stream()
        .filter(s -> !Objects.equals(s.stringData(), existing.get(s.name())))
        .map(s -> issued(tenant, s, leavesDue))
        .toList();
  }

  /**
   * The local KMS provider's key file: one random 32-byte key, base64, one line. Issued only when
   * the Secret is absent and never renewed (no renewal time): a new key would make every Secret
   * encrypted under the old one unreadable. Rotation is prepending a line by hand (docs/kms.md).
   */
  private Issued kmsKey(TenantCluster tenant) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new Issued(
        HostNames.kmsKeySecret(tenant),
        PkiSecret.TYPE_OPAQUE,
        Map.of(ControlPlaneVolume.KMS_KEYS, Base64.getEncoder().encodeToString(key) + "\n"),
        null);
  }

  private static Issued issued(TenantCluster tenant, PkiSecret secret, Instant due) {
    boolean hasLeaf = !TenantPki.authoritySecretNames(tenant).contains(secret.name());
    return new Issued(secret.name(), secret.type(), secret.stringData(), hasLeaf ? due : null);
  }

  private static Instant leavesRenewAfter(TenantPki pki) {
    return Arrays.stream(TenantLeaf.values())
        .map(leaf -> renewFrom(pki.leaf(leaf).certificate()))
        .min(Instant::compareTo)
        .orElseThrow();
  }

  private static Instant renewFrom(X509Certificate certificate) {
    return certificate
        .getNotAfter()
        .toInstant()
        .minus(CertificateRenewal.defaultRenewBefore(certificate));
  }
}
