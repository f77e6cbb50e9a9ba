package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short hash of the fields the syncer owns on an object, kept in an annotation of the copy it
 * writes. Comparing hashes, not objects, is what keeps the syncer from writing at steady state: the
 * API server adds defaults to what we write, so a field-by-field comparison would always differ.
 */
public final class Fingerprints {
  public static final String ANNOTATION = "enclave.dev/sync-fingerprint";

  private Fingerprints() {}

  public static String of(Object owned) {
    return ofJson(Serialization.asJson(owned));
  }

  /** The fingerprint of what {@link #of} would serialize, from JSON already serialized. */
  public static String ofJson(String json) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records the fingerprint on an object we are about to write (never a cached one). */
  public static <T extends HasMetadata> T stamp(T fresh, String fingerprint) {
    Map<String, String> annotations =
        fresh.getMetadata().getAnnotations() == null
            ? new TreeMap<>()
            : new TreeMap<>(fresh.getMetadata().getAnnotations());
    annotations.put(ANNOTATION, fingerprint);
    fresh.getMetadata().setAnnotations(annotations);
    return fresh;
  }

  public static boolean matches(HasMetadata existing, String fingerprint) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    return annotations != null && fingerprint.equals(annotations.get(ANNOTATION));
  }
}
