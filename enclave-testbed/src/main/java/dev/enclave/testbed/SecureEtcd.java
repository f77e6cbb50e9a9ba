package dev.enclave.testbed;

import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.IssuedCertificate;
import dev.enclave.core.pki.LeafProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One etcd member on 127.0.0.1 as a shared etcd DataStore runs: HTTPS with a serving certificate
 * from its own CA, {@code --client-cert-auth} against a separate client CA, and etcd's
 * authentication enabled with a {@code root} user (role {@code root}) that logs in by its client
 * certificate (CN {@code root}, for etcdctl over gRPC) or by a generated password through etcd's
 * JSON gateway, which refuses certificates with a CN: {@link #gatewayCertPem} has none. The flags
 * are built in {@link #start}, in one place.
 */
public final class SecureEtcd implements AutoCloseable {
  public static final String ROOT = "root";

  private final ManagedProcess process;
  private final String address;
  private final int clientPort;
  private final ClusterPki serverPki;
  private final CertificateAuthority clientCa;
  private final IssuedCertificate rootClient;
  private final IssuedCertificate gatewayClient;
  private final String rootPassword;
  private final Path dir;

  private SecureEtcd(
      ManagedProcess process, String address, int clientPort, ClusterPki serverPki, CertificateAuthority clientCa,
      IssuedCertificate rootClient, IssuedCertificate gatewayClient, String rootPassword, Path dir) {
    this.gatewayClient = gatewayClient;
    this.process = process;
    this.address = address;
    this.clientPort = clientPort;
    this.serverPki = serverPki;
    this.clientCa = clientCa;
    this.rootClient = rootClient;
    this.rootPassword = rootPassword;
    this.dir = dir;
  }

  /** Starts etcd under {@code dir}, creates root and enables authentication. */
  public static SecureEtcd start(Components components, Path dir) {
    return start(components, dir, "127.0.0.1", Ports.free(), List.of());
  }

  /**
   * As {@link #start(Components, Path)}, serving clients on {@code address:clientPort} (a
   * loopback address) with a certificate also valid for {@code names}, as a store declared under
   * those names runs.
   */
  public static SecureEtcd start(Components components, Path dir, String address, int clientPort, List<String> names) {
    Directories.recreate(dir);
    SecureRandom random = new SecureRandom();
    ClusterPki serverPki = ClusterPki.create(dir.resolve("pki"), "etcd");
    List<String> dnsNames = new ArrayList<>(List.of("localhost"));
    dnsNames.addAll(names);
    List<String> ips = address.equals("127.0.0.1") ? List.of(address) : List.of("127.0.0.1", address);
    // Server and client usage: the gateway dials etcd's own gRPC port with this certificate.
    IssuedCertificate server = serverPki.authority().issue(
        LeafProfile.peer("etcd", dnsNames, ips), Clock.systemUTC(), random);
    write(dir.resolve("pki/etcd-server.crt"), server.certificatePem(), false);
    write(dir.resolve("pki/etcd-server.key"), server.privateKeyPem(), true);
    CertificateAuthority clientCa = CertificateAuthority.create("etcd-client-ca", Clock.systemUTC(), random);
    write(dir.resolve("pki/client-ca.crt"), clientCa.certificatePem(), false);
    // etcd's gateway dials its own gRPC port presenting the server certificate: the server CA
    // must be trusted for clients too (its leaves have CNs of no etcd user, so they get nothing).
    write(dir.resolve("pki/trusted-clients.crt"), clientCa.certificatePem() + serverPki.caPem(), false);
    IssuedCertificate root = clientCa.issue(LeafProfile.client(ROOT), Clock.systemUTC(), random);
    write(dir.resolve("pki/root.crt"), root.certificatePem(), false);
    write(dir.resolve("pki/root.key"), root.privateKeyPem(), true);
    IssuedCertificate gateway = GatewayClientCertificate.issue(clientCa, "enclave-gateway", random);
    int peerPort = Ports.free();
    String client = "https://" + address + ":" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> args =
        List.of(
            "--name=secure",
            "--data-dir=" + dir.resolve("data"),
            "--listen-client-urls=" + client,
            "--advertise-client-urls=" + client,
            "--listen-peer-urls=" + peer,
            "--initial-advertise-peer-urls=" + peer,
            "--initial-cluster=secure=" + peer,
            "--cert-file=" + serverPki.file("etcd-server.crt"),
            "--key-file=" + serverPki.file("etcd-server.key"),
            "--client-cert-auth=true",
            "--trusted-ca-file=" + dir.resolve("pki/trusted-clients.crt"),
            "--unsafe-no-fsync=true",
            "--log-level=warn");
    ManagedProcess process =
        ManagedProcess.start("etcd-secure", components.tool("etcd"), args, Map.of(), dir.resolve("etcd.log"));
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    SecureEtcd etcd = new SecureEtcd(process, address, clientPort, serverPki, clientCa, root, gateway, password, dir);
    Health.await(process, "endpoint health", Duration.ofSeconds(30),
        () -> etcd.etcdctl(components, "endpoint", "health").succeeded());
    etcd.etcdctl(components, "role", "add", ROOT).requireSuccess();
    etcd.etcdctlWithStdin(components, password + "\n", "user", "add", ROOT, "--interactive=false").requireSuccess();
    etcd.etcdctl(components, "user", "grant-role", ROOT, ROOT).requireSuccess();
    etcd.etcdctl(components, "auth", "enable").requireSuccess();
    return etcd;
  }

  /** {@code ADDRESS:PORT} (127.0.0.1 unless started on another address), a DataStore endpoint. */
  public String hostPort() {
    return address + ":" + clientPort;
  }

  /** {@code https://127.0.0.1:PORT}, for --etcd-servers. */
  public String endpoint() {
    return "https://" + hostPort();
  }

  /** The CA of etcd's serving certificate. */
  public String caPem() {
    return serverPki.caPem();
  }

  public Path caFile() {
    return serverPki.file("ca.crt");
  }

  /** The CA etcd trusts for client certificates; its key signs tenant client certificates. */
  public CertificateAuthority clientCa() {
    return clientCa;
  }

  public String rootCertPem() {
    return rootClient.certificatePem();
  }

  public String rootKeyPem() {
    return rootClient.privateKeyPem();
  }

  /** A client certificate without a CN, for the JSON gateway (with {@link #rootPassword}). */
  public String gatewayCertPem() {
    return gatewayClient.certificatePem();
  }

  public String gatewayKeyPem() {
    return gatewayClient.privateKeyPem();
  }

  public String rootPassword() {
    return rootPassword;
  }

  /**
   * The data of a DataStore admin Secret for this etcd (keys as docs/datastores.md lists them): its
   * CA, the CN-less gateway certificate, root's password and the client CA that signs tenants.
   */
  public Map<String, String> adminSecretData() {
    Map<String, String> data = new java.util.LinkedHashMap<>();
    data.put("ca.crt", caPem());
    data.put("tls.crt", gatewayCertPem());
    data.put("tls.key", gatewayKeyPem());
    data.put("username", ROOT);
    data.put("password", rootPassword);
    data.put("client-ca.crt", clientCa.certificatePem());
    data.put("client-ca.key", clientCa.privateKeyPem());
    return data;
  }

  /** {@code etcdctl} as root (client certificate CN=root), limited to one minute. */
  public Command.Result etcdctl(Components components, String... args) {
    return etcdctlAs(components, dir.resolve("pki/root.crt"), dir.resolve("pki/root.key"), args);
  }

  /** {@code etcdctl} with another client certificate and key, limited to one minute. */
  public Command.Result etcdctlAs(Components components, Path cert, Path key, String... args) {
    return Command.run(components.tool("etcdctl"), etcdctlArgs(cert, key, args), Map.of(), Duration.ofMinutes(1));
  }

  private Command.Result etcdctlWithStdin(Components components, String stdin, String... args) {
    return Command.run(components.tool("etcdctl"),
        etcdctlArgs(dir.resolve("pki/root.crt"), dir.resolve("pki/root.key"), args), Map.of(),
        Duration.ofMinutes(1), stdin);
  }

  private List<String> etcdctlArgs(Path cert, Path key, String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--endpoints=" + endpoint(),
        "--cacert=" + caFile(),
        "--cert=" + cert,
        "--key=" + key,
        "--command-timeout=20s"));
    all.addAll(List.of(args));
    return all;
  }

  private static void write(Path path, String content, boolean secret) {
    try {
      Files.writeString(path, content);
      if (secret) {
        Files.setPosixFilePermissions(
            path, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
