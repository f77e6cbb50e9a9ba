package dev.enclave.cli.playground.kubelet;

import java.util.EnumMap;
import java.util.Map;

/**
 * Addresses the pod runner hands out, all inside 127.0.0.0/8 so that nothing it starts dials off
 * this machine: every control-plane pod its own address (so every pod keeps the ports it declares),
 * every Service a virtual address its proxy listens on, every name outside the host clusters (audit
 * sinks, data stores) the address of the local stand-in that serves it. KWOK's workload pods use
 * 127.128.0.0/16, which none of these ranges overlaps.
 */
public final class LoopbackAddresses {
  /** The ranges, each a /16 of 127.0.0.0/8. */
  public enum Range {
    PODS(64, "control-plane pods"),
    EXTERNAL(80, "audit sinks and data stores outside the host clusters"),
    SERVICES(96, "Service virtual addresses (what kube-proxy gives a cluster IP)");

    final int secondOctet;
    final String purpose;

    Range(int secondOctet, String purpose) {
      this.secondOctet = secondOctet;
      this.purpose = purpose;
    }

    public String cidr() {
      return "127." + secondOctet + ".0.0/16";
    }

    public String purpose() {
      return purpose;
    }
  }

  private final Map<Range, Integer> handedOut = new EnumMap<>(Range.class);

  /** The next unused address of {@code range}; fails once its 65,024 addresses are used up. */
  public synchronized String next(Range range) {
    int n = handedOut.merge(range, 1, Integer::sum);
    int third = (n - 1) / 254;
    int fourth = (n - 1) % 254 + 1;
    if (third > 255) {
      throw new IllegalStateException("no address left in " + range.cidr() + " (" + range.purpose + ")");
    }
    return "127." + range.secondOctet + "." + third + "." + fourth;
  }
}
