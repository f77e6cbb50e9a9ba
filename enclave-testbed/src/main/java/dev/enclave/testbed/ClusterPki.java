package dev.enclave.testbed;

import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.IssuedCertificate;
import dev.enclave.core.pki.Kubeconfig;
import dev.enclave.core.pki.LeafProfile;
import dev.enclave.core.pki.ServiceAccountKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * One cluster's credentials, issued fresh for each testbed with the project's own PKI: a CA, the
 * API server's serving certificate for 127.0.0.1 and localhost, service-account keys, and client
 * certificates written as kubeconfigs. Key files are readable by the owner only.
 */
public final class ClusterPki {
  private final Path dir;
  private final CertificateAuthority ca;
  private final SecureRandom random;
  private final Clock clock = Clock.systemUTC();

  private ClusterPki(Path dir, SecureRandom random, String clusterName) {
    this.dir = dir;
    this.random = random;
    this.ca = CertificateAuthority.create(clusterName + "-ca", clock, random);
  }

  /** A new CA, serving certificate and service-account key pair under {@code dir}. */
  public static ClusterPki create(Path dir, String clusterName) {
    ClusterPki pki = new ClusterPki(dir, new SecureRandom(), clusterName);
    pki.write("ca.crt", pki.ca.certificatePem());
    IssuedCertificate serving =
        pki.ca.issue(
            LeafProfile.serving(
                "kube-apiserver",
                List.of(
                    "localhost",
                    "kubernetes",
                    "kubernetes.default",
                    "kubernetes.default.svc",
                    "kubernetes.default.svc.cluster.local"),
                List.of("127.0.0.1")),
            pki.clock,
            pki.random);
    pki.write("apiserver.crt", serving.certificatePem());
    pki.writeSecret("apiserver.key", serving.privateKeyPem());
    ServiceAccountKeys sa = ServiceAccountKeys.generate(pki.random);
    pki.write("sa.pub", sa.publicKeyPem());
    pki.writeSecret("sa.key", sa.privateKeyPem());
    return pki;
  }

  /**
   * This cluster's CA followed by {@code extraCaPems}, written as {@code client-ca.crt}: a
   * {@code --client-ca-file} by which the API server also trusts clients of another CA (the
   * tenant CA an operator under test generated).
   */
  public Path clientCaBundle(List<String> extraCaPems) {
    StringBuilder bundle = new StringBuilder(ca.certificatePem());
    extraCaPems.forEach(pem -> bundle.append(pem.endsWith("\n") ? pem : pem + "\n"));
    write("client-ca.crt", bundle.toString());
    return file("client-ca.crt");
  }

  /**
   * Issues a serving certificate for {@code ips} from this cluster's CA, written as {@code
   * <name>.crt} and (owner-only) {@code <name>.key}; returns the certificate's path.
   */
  public Path serving(String name, String commonName, List<String> ips) {
    return serving(name, commonName, List.of(), ips);
  }

  /** As {@link #serving(String, String, List)}, with DNS names too. */
  public Path serving(String name, String commonName, List<String> dnsNames, List<String> ips) {
    IssuedCertificate serving = ca.issue(LeafProfile.serving(commonName, dnsNames, ips), clock, random);
    writeSecret(name + ".key", serving.privateKeyPem());
    return write(name + ".crt", serving.certificatePem());
  }

  public Path file(String name) {
    return dir.resolve(name);
  }

  public String caPem() {
    return ca.certificatePem();
  }

  public CertificateAuthority authority() {
    return ca;
  }

  /** A kubeconfig for user {@code user} in {@code groups}, for the server at {@code url}. */
  public String kubeconfig(String url, String user, String... groups) {
    IssuedCertificate client = ca.issue(LeafProfile.client(user, groups), clock, random);
    return new Kubeconfig("testbed", url, ca.certificate(), user, client).toYaml();
  }

  /** Writes {@link #kubeconfig} to {@code dir/<fileName>} (owner-only) and returns its path. */
  public Path kubeconfigFile(String fileName, String url, String user, String... groups) {
    return writeSecret(fileName, kubeconfig(url, user, groups));
  }

  private Path write(String name, String content) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeSecret(String name, String content) {
    Path path = write(name, content);
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }
}
