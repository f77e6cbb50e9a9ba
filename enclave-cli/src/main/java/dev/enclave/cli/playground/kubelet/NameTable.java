package dev.enclave.cli.playground.kubelet;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DNS of the playground: every name a tenant's processes or the operator dial (Service names,
 * StatefulSet pod names, audit sinks, data stores) mapped to its loopback address, written as hosts
 * files. Each pod gets its own file, mounted over its {@code /etc/hosts}, where {@code localhost}
 * and the pod's own names are the pod's address, as they are inside a pod's network namespace; the
 * playground's JVM reads {@link #jvmFile()} through {@code jdk.net.hosts.file}. Files are rewritten
 * in place (a bind mount pins the inode) whenever a name is added.
 */
public final class NameTable {
  private final Path jvmFile;
  private final Map<String, String> names = new TreeMap<>();
  private final Map<Path, Map<String, String>> podFiles = new LinkedHashMap<>();

  public NameTable(Path jvmFile) {
    this.jvmFile = jvmFile;
    rewrite();
  }

  public Path jvmFile() {
    return jvmFile;
  }

  /** Maps {@code name} to {@code address} (replacing an earlier address) in every file. */
  public synchronized void put(String name, String address) {
    if (!address.equals(names.put(name, address))) {
      rewrite();
    }
  }

  public synchronized void remove(String name) {
    if (names.remove(name) != null) {
      rewrite();
    }
  }

  /** Removes {@code name} only while it maps to {@code address}: another may serve it now. */
  public synchronized void remove(String name, String address) {
    if (address != null && names.remove(name, address)) {
      rewrite();
    }
  }

  public synchronized String address(String name) {
    return names.get(name);
  }

  /**
   * A hosts file for one pod, kept up to date: {@code localhost} and the pod's {@code ownNames} as
   * {@code podAddress}, the pod's own view of some names ({@code podNames}), then every shared name.
   */
  public synchronized Path podFile(
      Path file, String podAddress, Iterable<String> ownNames, Map<String, String> podNames) {
    Map<String, String> own = new LinkedHashMap<>();
    own.put("localhost", podAddress);
    ownNames.forEach(n -> own.put(n, podAddress));
    own.putAll(podNames);
    podFiles.put(file, own);
    write(file, own);
    return file;
  }

  public synchronized void forget(Path file) {
    podFiles.remove(file);
  }

  private void rewrite() {
    write(jvmFile, Map.of("localhost", "127.0.0.1"));
    podFiles.forEach(this::write);
  }

  private void write(Path file, Map<String, String> own) {
    StringBuilder text = new StringBuilder("# written by the enclavectl playground's pod runner\n");
    own.forEach((name, address) -> text.append(address).append(' ').append(name).append('\n'));
    names.forEach(
        (name, address) -> {
          if (!own.containsKey(name)) {
            text.append(address).append(' ').append(name).append('\n');
          }
        });
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(file.getParent());
      try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
        out.setLength(0);
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write hosts file " + file, e);
    }
  }
}
