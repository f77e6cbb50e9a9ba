package dev.enclave.core.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A kubeconfig with one cluster, one client-certificate user and one context, rendered as YAML in a
 * fixed field order so the same credentials always give the same bytes. The cluster's {@code
 * certificate-authority-data} is a bundle: one CA, or two while a CA rotation trusts both.
 */
public final class Kubeconfig {
  private final String clusterName;
  private final String server;
  private final List<X509Certificate> trusted;
  private final String userName;
  private final IssuedCertificate client;

  public Kubeconfig(
      String clusterName,
      String server,
      X509Certificate certificateAuthority,
      String userName,
      IssuedCertificate client) {
    this(clusterName, server, List.of(certificateAuthority), userName, client);
  }

  /** As above, trusting every CA of {@code trusted} (at least one) for the server's certificate. */
  public Kubeconfig(
      String clusterName,
      String server,
      List<X509Certificate> trusted,
      String userName,
      IssuedCertificate client) {
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException(clusterName + ": a kubeconfig needs a CA to trust");
    }
    this.clusterName = clusterName;
    this.server = server;
    this.trusted = List.copyOf(trusted);
    this.userName = userName;
    this.client = client;
  }

  /** Reads back the layout {@link #toYaml()} writes: the first cluster and the first user. */
  public static Kubeconfig parse(String yaml) {
    JsonNode root = readTree(yaml);
    JsonNode cluster = root.path("clusters").path(0);
    JsonNode user = root.path("users").path(0);
    return new Kubeconfig(
        text(cluster, "name", "clusters[0].name"),
        text(cluster.path("cluster"), "server", "clusters[0].cluster.server"),
        Pem.readCertificates(
            decoded(cluster.path("cluster"), "certificate-authority-data", "clusters[0].cluster")),
        text(user, "name", "users[0].name"),
        IssuedCertificate.fromPem(
            decoded(user.path("user"), "client-certificate-data", "users[0].user"),
            decoded(user.path("user"), "client-key-data", "users[0].user")));
  }

  public String toYaml() {
    return """
    apiVersion: v1
    kind: Config
    clusters:
    - name: %1$s
      cluster:
        certificate-authority-data: %2$s
        server: %3$s
    contexts:
    - name: %4$s
      context:
        cluster: %1$s
        user: %5$s
    current-context: %4$s
    users:
    - name: %5$s
      user:
        client-certificate-data: %6$s
        client-key-data: %7$s
    """
        .formatted(
            quoted(clusterName),
            encoded(Pem.bundle(trusted)),
            quoted(server),
            quoted(contextName()),
            quoted(userName),
            encoded(client.certificatePem()),
            encoded(client.privateKeyPem()));
  }

  public String clusterName() {
    return clusterName;
  }

  public String server() {
    return server;
  }

  /** The first CA of the bundle: the only one outside a CA rotation. */
  public X509Certificate certificateAuthority() {
    return trusted.get(0);
  }

  /** Every CA the bundle trusts, in order. */
  public List<X509Certificate> trusted() {
    return trusted;
  }

  public String userName() {
    return userName;
  }

  /** {@code <user>@<cluster>}, as kubeadm names its contexts. */
  public String contextName() {
    return userName + "@" + clusterName;
  }

  public IssuedCertificate client() {
    return client;
  }

  @Override
  public String toString() {
    return "Kubeconfig[" + contextName() + ", " + server + ", " + client + "]";
  }

  /** Parse errors name the line only: Jackson's own messages may quote key material. */
  private static JsonNode readTree(String yaml) {
    try {
      return new YAMLMapper().readTree(yaml);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new IllegalArgumentException("kubeconfig is not valid YAML (line " + line + ")");
    }
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("kubeconfig: missing " + path);
    }
    return value.asText();
  }

  private static String decoded(JsonNode node, String field, String parentPath) {
    String path = parentPath + "." + field;
    String value = text(node, field, path);
    try {
      return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("kubeconfig: " + path + " is not base64");
    }
  }

  private static String encoded(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
