package dev.enclave.syncer.translate;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference parsed by the grammar of distribution/reference: an optional registry
 * (the first path component, when it has a dot or a port or is {@code localhost}), the repository
 * path, a tag and a digest. Without a registry the image comes from docker.io.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  public static final String DOCKER_HUB = "docker.io";

  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?:("
              + DOMAIN
              + ")/)?"
              + "("
              + PATH_COMPONENT
              + "(?:/"
              + PATH_COMPONENT
              + ")*)"
              + "(?::([\\w][\\w.-]{0,127}))?"
              + "(?:@([a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}))?");

  /** The same few images come with every pod, and the grammar's regex is costly. */
  private static final Memo<String, Optional<ImageReference>> PARSED =
      new Memo<>(10_000, ImageReference::match);

  /** The parsed reference, or empty when it is not a valid image reference. */
  public static Optional<ImageReference> parse(String image) {
    return image == null ? Optional.empty() : PARSED.get(image);
  }

  private static Optional<ImageReference> match(String image) {
    Matcher m = REFERENCE.matcher(image);
    if (!m.matches()) {
      return Optional.empty();
    }
    String domain = m.group(1);
    String repository = m.group(2);
    if (domain != null && !isRegistry(domain)) {
      repository = domain + "/" + repository;
      domain = null;
      if (!REFERENCE.matcher(repository).matches()
          || !repository.equals(repository.toLowerCase(Locale.ROOT))) {
        return Optional.empty();
      }
    }
    String registry = domain == null ? DOCKER_HUB : domain.toLowerCase(Locale.ROOT);
    return Optional.of(new ImageReference(registry, repository, m.group(3), m.group(4)));
  }

  /** The registry and repository, as matched against a jurisdiction's allowed registries. */
  public String location() {
    return registry + "/" + repository;
  }

  private static boolean isRegistry(String component) {
    return component.contains(".")
        || component.contains(":")
        || component.equals("localhost")
        || !component.equals(component.toLowerCase(Locale.ROOT));
  }
}
