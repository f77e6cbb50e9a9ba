package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Images only from the jurisdiction's registries. An entry is a registry host (with its port, if
 * any) or a registry host and a repository prefix; an image matches when its parsed registry and
 * repository equal the entry or continue it after a {@code /}. Comparing parsed components, not
 * string prefixes, is what keeps {@code registry.eu.example.com.evil.io/x} and {@code
 * registry.eu.example.com@sha256:…} (a docker.io image) out.
 */
public final class ImagePolicy {
  private ImagePolicy() {}

  /** True when the image reference is valid and comes from one of the registries. */
  public static boolean allowed(String image, List<String> registries) {
    Optional<ImageReference> reference = ImageReference.parse(image);
    return reference.isPresent() && allowed(reference.get(), registries);
  }

  static boolean allowed(ImageReference reference, List<String> registries) {
    String location = reference.location();
    for (String entry : registries == null ? List.<String>of() : registries) {
      if (entry == null || entry.isBlank()) {
        continue;
      }
      String normalized = normalize(entry);
      if (location.equals(normalized) || location.startsWith(normalized + "/")) {
        return true;
      }
    }
    return false;
  }

  static List<Refusal> check(PodSpec spec, List<String> registries) {
    List<Refusal> refusals = new ArrayList<>();
    String allowed = "images from " + String.join(", ", registries);
    for (ContainerAt at : ContainerAt.of(spec)) {
      String image = at.container().getImage();
      Optional<ImageReference> reference = ImageReference.parse(image);
      if (reference.isEmpty()) {
        Refusals.add(
            refusals,
            at.path() + ".image",
            image == null ? "unset" : image,
            "a valid image reference; " + allowed);
      } else if (!allowed(reference.get(), registries)) {
        Refusals.add(
            refusals,
            at.path() + ".image",
            image,
            allowed + " (this one is from " + reference.get().registry() + ")");
      }
    }
    return refusals;
  }

  private static String normalize(String entry) {
    String trimmed = entry.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    int slash = trimmed.indexOf('/');
    return slash < 0
        ? trimmed.toLowerCase(Locale.ROOT)
        : trimmed.substring(0, slash).toLowerCase(Locale.ROOT) + trimmed.substring(slash);
  }
}
