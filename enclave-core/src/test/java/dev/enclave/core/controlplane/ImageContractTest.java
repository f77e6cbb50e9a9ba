package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The images Jib builds (the poms' configuration, scripts/build-images) run what the rendered pods
 * and the chart expect: the main class each product starts, as the user their security contexts
 * name, under the names and tags they pull, with no command of their own in the pods so the
 * image's entrypoint is what runs. Each test fails when one side changes alone.
 */
class ImageContractTest {
  private static final Path REPO = repoRoot();

  /** A module with an image, the main class it must start and the image the product pulls. */
  record Image(String module, String mainClass, String repository) {}

  private static final List<Image> IMAGES =
      List.of(
          new Image(
              "enclave-operator",
              "dev.enclave.operator.EnclaveOperator",
              "ghcr.io/enclave-dev/enclave-operator"),
          new Image("enclave-syncer", "dev.enclave.syncer.SyncerMain", "enclave-syncer"),
          new Image("enclave-kms", "dev.enclave.kms.KmsPluginMain", "kms-plugin"));

  @Test
  void eachImageStartsTheMainClassOfItsModuleWithJibsJavaEntrypoint() throws IOException {
    Element jib = parentJibConfiguration();
    assertThat(text(jib, "container/mainClass")).isEqualTo("${enclave.image.mainClass}");
    assertThat(child(jib, "container/entrypoint")).as("Jib's own java entrypoint").isNull();
    assertThat(child(jib, "container/args")).as("no Cmd: the pods' args go to main").isNull();
    for (Image image : presentImages()) {
      Map<String, String> props = properties(image.module());
      assertThat(props).containsEntry("enclave.image.mainClass", image.mainClass());
      assertThat(props).containsEntry("enclave.image.skip", "false");
      Path source =
          REPO.resolve(image.module())
              .resolve("src/main/java")
              .resolve(image.mainClass().replace('.', '/') + ".java");
      assertThat(Files.readString(source)).contains("public static void main(String[] args)");
      assertThat(Files.readString(REPO.resolve(image.module()).resolve("pom.xml")))
          .as("%s lists jib-maven-plugin in its build plugins", image.module())
          .contains("<artifactId>jib-maven-plugin</artifactId>");
    }
  }

  @Test
  void theImagesRunAsTheUserEveryPodSecurityContextNames() throws IOException {
    String user = SecurityContexts.NON_ROOT_USER + ":" + SecurityContexts.NON_ROOT_USER;
    assertThat(text(parentJibConfiguration(), "container/user")).isEqualTo("${enclave.image.user}");
    assertThat(properties(null)).containsEntry("enclave.image.user", user);

    PodSecurityContext rendered =
        Rendered.statefulSet(Fixtures.embedded()).getSpec().getTemplate().getSpec()
            .getSecurityContext();
    assertThat(rendered.getRunAsUser() + ":" + rendered.getRunAsGroup()).isEqualTo(user);

    String chart = Files.readString(REPO.resolve("deploy/helm/enclave/templates/deployment.yaml"));
    assertThat(value(chart, "runAsUser") + ":" + value(chart, "runAsGroup")).isEqualTo(user);

    var manifest = installManifestDeployment().getSpec().getTemplate().getSpec();
    PodSecurityContext installed = manifest.getSecurityContext();
    assertThat(installed.getRunAsUser() + ":" + installed.getRunAsGroup()).isEqualTo(user);
  }

  @Test
  void theRenderedSyncerAndKmsPluginSetNoCommandSoTheImageEntrypointRuns() {
    for (String name : List.of(SyncerContainer.NAME, ControlPlaneContainers.KMS_PLUGIN)) {
      Container container = Rendered.container(Fixtures.embedded(), name);
      assertThat(container.getCommand()).as(name).isNullOrEmpty();
    }
  }

  @Test
  void theOperatorDeploymentsSetNoCommandEither() throws IOException {
    String chart = Files.readString(REPO.resolve("deploy/helm/enclave/templates/deployment.yaml"));
    assertThat(chart).doesNotContainPattern("(?m)^\\s*(command|args):");
    Container operator = installManifestDeployment().getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    assertThat(operator.getCommand()).isNullOrEmpty();
    assertThat(operator.getArgs()).isNullOrEmpty();
  }

  @Test
  void theImagesAreNamedAndTaggedAsTheRendererAndTheChartPullThem() throws IOException {
    String version = properties(null).get("enclave.image.version");
    assertThat(version).isEqualTo(Images.ENCLAVE_VERSION);
    String chart = Files.readString(REPO.resolve("deploy/helm/enclave/Chart.yaml"));
    assertThat(value(chart, "appVersion")).isEqualTo("\"" + version + "\"");

    assertThat(imageName("enclave-operator"))
        .isEqualTo(IMAGES.get(0).repository() + ":" + version)
        .isEqualTo(installManifestDeployment().getSpec().getTemplate().getSpec()
            .getContainers().get(0).getImage());
    String values = Files.readString(REPO.resolve("deploy/helm/enclave/values.yaml"));
    assertThat(value(values, "repository")).isEqualTo(IMAGES.get(0).repository());
    assertThat(value(values, "tag")).as("defaults to appVersion").isEqualTo("\"\"");

    for (Image image : presentImages().subList(1, presentImages().size())) {
      String container = image.module().equals("enclave-syncer")
          ? SyncerContainer.NAME : ControlPlaneContainers.KMS_PLUGIN;
      assertThat(Rendered.container(Fixtures.embedded(), container).getImage())
          .endsWith("/" + imageName(image.module()));
    }
  }

  /** The modules with an image in this tree: enclave-kms may not exist yet. */
  private static List<Image> presentImages() {
    return IMAGES.stream()
        .filter(i -> Files.exists(REPO.resolve(i.module()).resolve("pom.xml")))
        .toList();
  }

  private static String imageName(String module) throws IOException {
    Map<String, String> props = new HashMap<>(properties(null));
    props.putAll(properties(module));
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(props.get("enclave.image.name"));
    return m.replaceAll(r -> Matcher.quoteReplacement(props.get(r.group(1))));
  }

  /** The Deployment of deploy/operator/40-deployment.yaml (a PodDisruptionBudget follows it). */
  private static Deployment installManifestDeployment() throws IOException {
    Object parsed =
        Serialization.unmarshal(Files.readString(REPO.resolve("deploy/operator/40-deployment.yaml")));
    List<?> objects = parsed instanceof List<?> list ? list : List.of(parsed);
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** The first {@code key: value} of a YAML text, as written. */
  private static String value(String yaml, String key) {
    Matcher m = Pattern.compile("(?m)^\\s*" + key + ":\\s*(\\S+)").matcher(yaml);
    assertThat(m.find()).as("%s: in %s", key, yaml.lines().findFirst().orElse("")).isTrue();
    return m.group(1);
  }

  /** The properties of the parent pom (module null) or of a module's pom. */
  private static Map<String, String> properties(String module) {
    Element props = child(pom(module), "properties");
    Map<String, String> out = new HashMap<>();
    for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    return out;
  }

  private static Element parentJibConfiguration() {
    Element plugins = child(pom(null), "build/pluginManagement/plugins");
    for (Node n = plugins.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element plugin && "jib-maven-plugin".equals(text(plugin, "artifactId"))) {
        return child(plugin, "configuration");
      }
    }
    throw new AssertionError("no jib-maven-plugin in the parent pom's pluginManagement");
  }

  private static Element pom(String module) {
    Path file = module == null ? REPO.resolve("pom.xml") : REPO.resolve(module).resolve("pom.xml");
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
          .getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  private static String text(Element parent, String path) {
    Element e = child(parent, path);
    return e == null ? null : e.getTextContent().trim();
  }

  /** The element at a slash-separated path of child names, or null. */
  private static Element child(Element parent, String path) {
    Element current = parent;
    for (String name : path.split("/")) {
      Element next = null;
      for (Node n = current.getFirstChild(); n != null && next == null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals(name)) {
          next = e;
        }
      }
      if (next == null) {
        return null;
      }
      current = next;
    }
    return current;
  }

  /** The worktree root: set by the build, or found by walking up to the parent pom. */
  private static Path repoRoot() {
    String configured = System.getProperty("enclave.repoRoot");
    if (configured != null && Files.isDirectory(Paths.get(configured, "deploy"))) {
      return Paths.get(configured);
    }
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/helm/enclave"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a parent directory holding deploy/helm/enclave").isNotNull();
    return dir;
  }
}
