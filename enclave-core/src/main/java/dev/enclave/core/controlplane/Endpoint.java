package dev.enclave.core.controlplane;

import java.net.URI;
import java.util.regex.Pattern;

/** A network destination parsed from a {@code host:port} or URL, for egress rules. */
public record Endpoint(String host, int port) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Parses {@code host:port}, {@code [v6]:port} or {@code scheme://host:port/...}. */
  public static Endpoint parse(String endpoint, int defaultPort) {
    String withScheme = endpoint.contains("://") ? endpoint : "tcp://" + endpoint;
    URI uri = URI.create(withScheme);
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
    String host = uri.getHost() == null ? endpoint : uri.getHost();
    return new Endpoint(host.replace("[", "").replace("]", ""), port);
  }

  /** True for IP literals, which an ipBlock can name; NetworkPolicy cannot name hosts by DNS. */
  public boolean isIpLiteral() {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  /** The CIDR of this single address. */
  public String cidr() {
    return host + (host.contains(":") ? "/128" : "/32");
  }
}
