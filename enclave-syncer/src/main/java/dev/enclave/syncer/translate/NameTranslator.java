package dev.enclave.syncer.translate;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Names, labels and annotations of host copies of tenant objects, and the way back.
 *
 * <p>A tenant object {@code name} in tenant namespace {@code namespace} becomes {@code
 * <name>-x-<namespace>} in the tenant's host namespace (vCluster's convention) when that is a valid
 * DNS-1123 label and can be read back unambiguously; otherwise {@code <prefix>-<10 hex>}, where the
 * hex digits are the start of SHA-256 over {@code namespace/name}. Collision-free because:
 *
 * <ul>
 *   <li>the plain form is only used when the namespace neither contains {@code -x-} nor starts with
 *       {@code x-}, so the last {@code -x-} separates name and namespace: two plain names are equal
 *       only if both parts are;
 *   <li>the plain form is never used when the result ends like a hashed name ({@code -} and 10 hex
 *       digits), so a plain name never equals a hashed one;
 *   <li>hashed names differ unless 40 bits of SHA-256 collide, and since every tenant cluster has
 *       its own host namespace, a collision could only involve the tenant's own objects; the
 *       runtime compares {@link #tenantRef} before it overwrites anything.
 * </ul>
 */
public final class NameTranslator {
  public static final int MAX_LENGTH = 63;
  public static final String SEPARATOR = "-x-";

  public static final String MANAGED_BY_LABEL = EnclaveApi.MANAGED_BY_LABEL;
  public static final String MANAGED_BY = "enclave-syncer";
  public static final String OBJECT_NAMESPACE = EnclaveApi.GROUP + "/object-namespace";
  public static final String OBJECT_NAME = EnclaveApi.GROUP + "/object-name";
  public static final String OBJECT_UID = EnclaveApi.GROUP + "/object-uid";
  public static final String OBJECT_KIND = EnclaveApi.GROUP + "/object-kind";

  /** Where tenant labels in host-reserved namespaces go, so selectors on them keep working. */
  public static final String TENANT_LABEL_PREFIX = "tenant." + EnclaveApi.GROUP + "/";

  /** Asked several times for every pod: remembered, since hashing costs more than the lookup. */
  private static final Memo<List<String>, String> TOKEN_SECRET_NAMES =
      new Memo<>(10_000, NameTranslator::hashedTokenSecretName);
  private static final int HASH_LENGTH = 10;
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LOOKS_HASHED = Pattern.compile(".*-[0-9a-f]{" + HASH_LENGTH + "}");
  private static final Pattern NOT_IN_LABEL = Pattern.compile("[^a-z0-9-]");

  private NameTranslator() {}

  /** The host name of a namespaced tenant object: deterministic, collision-free, ≤ 63 chars. */
  public static String hostName(String tenantNamespace, String tenantName) {
    require(tenantNamespace, "tenant namespace");
    require(tenantName, "tenant name");
    String plain = tenantName + SEPARATOR + tenantNamespace;
    boolean readable =
        plain.length() <= MAX_LENGTH
            && LABEL.matcher(tenantName).matches()
            && LABEL.matcher(tenantNamespace).matches()
            && !tenantNamespace.contains(SEPARATOR)
            && !tenantNamespace.startsWith("x-")
            && !LOOKS_HASHED.matcher(plain).matches();
    return readable ? plain : hashed(plain, tenantNamespace + "/" + tenantName);
  }

  /**
   * The host Secret holding a tenant ServiceAccount's token, the tenant CA and namespace, shared by
   * every synced pod of that account. Always hashed, over an input no tenant object's name can
   * produce, so it never equals a synced name.
   */
  public static String tokenSecretName(String tenantNamespace, String serviceAccount) {
    require(tenantNamespace, "tenant namespace");
    require(serviceAccount, "tenant service account");
    return TOKEN_SECRET_NAMES.get(List.of(tenantNamespace, serviceAccount));
  }

  private static String hashedTokenSecretName(List<String> account) {
    String namespace = account.get(0);
    String serviceAccount = account.get(1);
    return hashed(
        serviceAccount + "-token" + SEPARATOR + namespace,
        "serviceaccount-token:" + namespace + "/" + serviceAccount);
  }

  /** The tenant ServiceAccount a pod runs as: {@code spec.serviceAccountName}, else default. */
  public static String serviceAccountOf(PodSpec spec) {
    String name = spec == null ? null : spec.getServiceAccountName();
    return name == null || name.isEmpty() ? "default" : name;
  }

  /** The host ServiceAccount every synced pod runs as: no permissions, no token mounted. */
  public static String workloadServiceAccount(SyncPolicy policy) {
    return policy.tenantName() + "-workloads";
  }

  /**
   * The labels of a host copy: the tenant's own labels (keys in {@code enclave.dev} dropped, keys
   * in host-reserved namespaces such as {@code kubernetes.io} moved under {@value
   * #TENANT_LABEL_PREFIX}), then the syncer's identifying labels, which always win.
   */
  public static Map<String, String> hostLabels(SyncPolicy policy, HasMetadata tenantObject) {
    SortedMap<String, String> labels = new TreeMap<>();
    ObjectMeta meta = tenantObject == null ? null : tenantObject.getMetadata();
    if (meta != null && meta.getLabels() != null) {
      meta.getLabels()
          .forEach(
              (key, value) -> {
                if (value != null) {
                  hostLabelKey(key).ifPresent(hostKey -> labels.put(hostKey, value));
                }
              });
    }
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(EnclaveApi.TENANT_NAME_LABEL, policy.tenantName());
    labels.put(EnclaveApi.TENANT_NAMESPACE_LABEL, policy.tenantNamespace());
    labels.put(EnclaveApi.JURISDICTION_LABEL, policy.jurisdiction());
    if (meta != null && meta.getNamespace() != null) {
      labels.put(OBJECT_NAMESPACE, meta.getNamespace());
    }
    return labels;
  }

  /**
   * The host key of a tenant label key: the same key, a key under {@value #TENANT_LABEL_PREFIX} for
   * host-reserved namespaces, or empty for {@code enclave.dev} keys (dropped).
   */
  public static Optional<String> hostLabelKey(String tenantKey) {
    if (tenantKey == null || tenantKey.isBlank() || ReservedKeys.isEnclave(tenantKey)) {
      return Optional.empty();
    }
    if (!ReservedKeys.isHost(tenantKey)) {
      return Optional.of(tenantKey);
    }
    String encoded = tenantKey.replace('/', '_');
    boolean fits = encoded.length() <= MAX_LENGTH && !LOOKS_HASHED.matcher(encoded).matches();
    return Optional.of(TENANT_LABEL_PREFIX + (fits ? encoded : hashed(encoded, tenantKey)));
  }

  /**
   * The annotations of a host copy: the tenant's own (except keys in {@code enclave.dev} and
   * host-reserved namespaces, which would let a tenant claim or configure host objects) and the
   * tenant object's identity.
   */
  public static Map<String, String> hostAnnotations(HasMetadata tenantObject) {
    SortedMap<String, String> annotations = new TreeMap<>();
    ObjectMeta meta = tenantObject == null ? null : tenantObject.getMetadata();
    if (meta == null) {
      return annotations;
    }
    if (meta.getAnnotations() != null) {
      meta.getAnnotations()
          .forEach(
              (key, value) -> {
                if (key != null && value != null && !ReservedKeys.isReserved(key)) {
                  annotations.put(key, value);
                }
              });
    }
    putIfPresent(annotations, OBJECT_KIND, tenantObject.getKind());
    putIfPresent(annotations, OBJECT_NAMESPACE, meta.getNamespace());
    putIfPresent(annotations, OBJECT_NAME, meta.getName());
    putIfPresent(annotations, OBJECT_UID, meta.getUid());
    return annotations;
  }

  /** The tenant object a host object was synced from, read from its annotations. */
  public static Optional<TenantRef> tenantRef(HasMetadata hostObject) {
    ObjectMeta meta = hostObject == null ? null : hostObject.getMetadata();
    Map<String, String> annotations = meta == null ? null : meta.getAnnotations();
    if (annotations == null
        || annotations.get(OBJECT_NAME) == null
        || annotations.get(OBJECT_KIND) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new TenantRef(
            annotations.get(OBJECT_KIND),
            annotations.get(OBJECT_NAMESPACE),
            annotations.get(OBJECT_NAME),
            annotations.get(OBJECT_UID)));
  }

  private static String hashed(String readable, String hashInput) {
    String prefix = NOT_IN_LABEL.matcher(readable.toLowerCase(Locale.ROOT)).replaceAll("-");
    prefix = prefix.substring(0, Math.min(prefix.length(), MAX_LENGTH - HASH_LENGTH - 1));
    prefix = prefix.replaceAll("^-+|-+$", "");
    return (prefix.isEmpty() ? "x" : prefix) + "-" + sha256(hashInput).substring(0, HASH_LENGTH);
  }

  private static String sha256(String input) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void require(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }

  private static void putIfPresent(Map<String, String> into, String key, String value) {
    if (value != null) {
      into.put(key, value);
    }
  }
}
