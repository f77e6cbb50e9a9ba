package dev.enclave.testbed;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process holds, read from {@code /proc/<pid>/fd} and {@code /proc/net/tcp{,6}},
 * to prove that everything the testbed starts listens and dials on loopback only.
 */
public final class Sockets {
  /** One TCP socket: local and remote address, and its state as /proc names it (0A = LISTEN). */
  public record Socket(long pid, InetAddress local, int localPort, InetAddress remote, int remotePort, String state) {
    public boolean listening() {
      return "0A".equals(state);
    }

    /** True when both ends are on loopback (a listener's remote end is the wildcard, ignored). */
    public boolean loopbackOnly() {
      return local.isLoopbackAddress() && (listening() || remote.isLoopbackAddress());
    }

    @Override
    public String toString() {
      return "pid " + pid + " " + local.getHostAddress() + ":" + localPort + " -> "
          + remote.getHostAddress() + ":" + remotePort + (listening() ? " (listen)" : "");
    }
  }

  private Sockets() {}

  /** Every TCP socket of {@code pid}; empty if the process is gone. */
  public static List<Socket> of(long pid) {
    Set<String> inodes = socketInodes(pid);
    List<Socket> sockets = new ArrayList<>();
    Path net = Path.of("/proc", Long.toString(pid), "net");
    for (String table : List.of("tcp", "tcp6")) {
      for (Map.Entry<String, Socket> e : parse(pid, net.resolve(table)).entrySet()) {
        if (inodes.contains(e.getKey())) {
          sockets.add(e.getValue());
        }
      }
    }
    return sockets;
  }

  /** The sockets of {@code pids} with an end off loopback: what a test fails on. */
  public static List<Socket> offLoopback(List<Long> pids) {
    return pids.stream().flatMap(pid -> of(pid).stream()).filter(s -> !s.loopbackOnly()).toList();
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds.forEach(
          fd -> {
            try {
              String target = Files.readSymbolicLink(fd).toString();
              if (target.startsWith("socket:[")) {
                inodes.add(target.substring(8, target.length() - 1));
              }
            } catch (IOException e) {
              // the descriptor closed while we looked
            }
          });
    } catch (IOException e) {
      return inodes;
    }
    return inodes;
  }

  private static Map<String, Socket> parse(long pid, Path table) {
    Map<String, Socket> byInode = new HashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(table);
    } catch (IOException e) {
      return byInode;
    }
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10) {
        continue;
      }
      String[] local = f[1].split(":");
      String[] remote = f[2].split(":");
      byInode.put(
          f[9],
          new Socket(
              pid,
              address(local[0]),
              Integer.parseInt(local[1], 16),
              address(remote[0]),
              Integer.parseInt(remote[1], 16),
              f[3]));
    }
    return byInode;
  }

  /** /proc prints addresses as host-order 32-bit words in hex. */
  private static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex + " " + new BigInteger(hex, 16));
    }
  }
}
