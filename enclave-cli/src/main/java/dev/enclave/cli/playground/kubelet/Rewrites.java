package dev.enclave.cli.playground.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the pod runner changes between a rendered container and the process it starts, in one
 * place, printed at start ({@link #describe()}) and logged. All pods share this machine's network,
 * so each gets its own loopback address instead of its own network namespace; the rest follows from
 * that. Nothing else of a container is changed: its command, args, env, files and mount paths are
 * the rendered ones.
 */
public final class Rewrites {
  /** Flags whose value is an address to listen on rather than one to dial. */
  private static final Pattern LISTEN_FLAG =
      Pattern.compile("--(bind-address|listen-[a-z-]*|advertise-address)=.*");

  private static final String ANY = "0.0.0.0";
  private static final String LOOPBACK = "127.0.0.1";

  /** Files every container sees in place of this machine's, by mount path. */
  public static final String HOSTS = "/etc/hosts";
  public static final String RESOLV_CONF = "/etc/resolv.conf";
  public static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

  private static final Path SYSTEM_CA_BUNDLE = Path.of(CA_BUNDLE);

  private final String hostApiAddress;
  private final int hostApiPort;
  private final Path resolvConf;
  private final Path caBundle;

  /**
   * Rewrites for pods of the host API server at {@code hostApiAddress:hostApiPort}; the resolver
   * configuration and CA bundle (this machine's bundle plus {@code extraCaPem}) go under {@code
   * dir}.
   */
  public Rewrites(String hostApiAddress, int hostApiPort, Path dir, String extraCaPem) {
    this.hostApiAddress = hostApiAddress;
    this.hostApiPort = hostApiPort;
    this.resolvConf = dir.resolve("resolv.conf");
    this.caBundle = dir.resolve("ca-certificates.crt");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          resolvConf,
          "# written by the enclavectl playground: names resolve from /etc/hosts only\n"
              + "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
      String system = Files.exists(SYSTEM_CA_BUNDLE) ? Files.readString(SYSTEM_CA_BUNDLE) : "";
      Files.writeString(caBundle, system + (system.endsWith("\n") || system.isEmpty() ? "" : "\n") + extraCaPem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pod runner's files under " + dir, e);
    }
  }

  Path resolvConf() {
    return resolvConf;
  }

  Path caBundle() {
    return caBundle;
  }

  /**
   * A container's args with the pod's own addresses made its loopback address: {@code 0.0.0.0}
   * anywhere, and {@code 127.0.0.1} in a flag that listens, become {@code podAddress}; a {@code
   * 127.0.0.1} the container dials becomes {@code localhost}, which the pod's hosts file maps to
   * {@code podAddress} and every certificate Enclave issues names.
   */
  public static List<String> args(List<String> args, String podAddress) {
    List<String> out = new ArrayList<>(args.size());
    for (String arg : args) {
      String rewritten = arg.replace(ANY, podAddress);
      rewritten =
          LISTEN_FLAG.matcher(rewritten).matches()
              ? rewritten.replace(LOOPBACK, podAddress)
              : rewritten.replace(LOOPBACK, "localhost");
      out.add(rewritten);
    }
    return out;
  }

  /**
   * The environment the kubelet adds to every container, with the host API server at its loopback
   * address, plus {@code ENCLAVE_BIND_ADDRESS}: Enclave's own Java processes listen on it instead of
   * every interface.
   */
  public Map<String, String> env(String podName, String podAddress) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOSTNAME", podName);
    env.put("KUBERNETES_SERVICE_HOST", hostApiAddress);
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(hostApiPort));
    env.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(hostApiPort));
    env.put("ENCLAVE_BIND_ADDRESS", podAddress);
    return env;
  }

  /** The rewrites, one line each, for the start banner and the log. */
  public List<String> describe() {
    return List.of(
        "each control-plane pod gets its own address in "
            + LoopbackAddresses.Range.PODS.cidr()
            + " (not its own network namespace): 0.0.0.0 in args, and 127.0.0.1 in"
            + " --bind-address/--listen-*/--advertise-address, become that address; 127.0.0.1"
            + " dialled in args becomes localhost",
        "each container runs in its own mount namespace: the rendered volumes at their mount"
            + " paths; "
            + HOSTS
            + " maps localhost and the pod's names to the pod's address and Service, pod, audit"
            + " sink and data store names to loopback; "
            + RESOLV_CONF
            + " names 127.0.0.1 only (no lookup leaves the machine); "
            + CA_BUNDLE
            + " adds the playground CA (it signs the local audit sinks' certificates)",
        "Services get a proxy on an address in "
            + LoopbackAddresses.Range.SERVICES.cidr()
            + " at their own port (what kube-proxy does for a cluster IP); audit sinks and data"
            + " stores an address in "
            + LoopbackAddresses.Range.EXTERNAL.cidr(),
        "env added as a kubelet does: KUBERNETES_SERVICE_HOST="
            + hostApiAddress
            + " KUBERNETES_SERVICE_PORT="
            + hostApiPort
            + " HOSTNAME PATH; plus ENCLAVE_BIND_ADDRESS=<pod address> for Enclave's Java"
            + " processes",
        "processes run as root without capabilities and with no_new_privs (runAsUser 65532 is"
            + " not applied: the component cache is readable by its owner only); resource limits"
            + " and readOnlyRootFilesystem are not enforced");
  }
}
