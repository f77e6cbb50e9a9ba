package dev.enclave.cli.playground.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one container becomes one process: {@code unshare --mount} gives it a mount namespace of its
 * own, where a small shell script mounts each volume directory at its rendered mount path (read-only
 * where rendered so), puts the pod's hosts file, resolver configuration and CA bundle in place, then
 * drops every capability and execs the program. A mount path whose parent does not exist on this
 * machine (such as /etc/kubernetes) is created inside an overlay of its top-level directory, so this
 * machine's file system is never changed. The process keeps the pid the runner started.
 */
final class ContainerLaunch {
  /** A mount: a directory or file of the pod at a path inside the container. */
  record Mount(Path source, String target, boolean readOnly) {}

  private ContainerLaunch() {}

  /** Writes the launch script under {@code dir} and returns the command line to start. */
  static List<String> command(Path dir, List<Mount> mounts, List<String> program) {
    StringBuilder script = new StringBuilder("#!/bin/sh\n# written by the enclavectl playground's pod runner\nset -e\n");
    Set<String> overlaid = new LinkedHashSet<>();
    StringBuilder binds = new StringBuilder();
    // Paths the process still needs after the mounts: every mount's source, and the program, its
    // classpath and other absolute paths in its command line.
    List<String> needed = new ArrayList<>();
    mounts.forEach(m -> needed.add(m.source().toString()));
    for (String arg : program) {
      for (String part : arg.split(":")) {
        if (part.startsWith("/")) {
          needed.add(part);
        }
      }
    }
    int shadowing = 0;
    for (Mount mount : mounts) {
      String target = canonical(mount.target());
      boolean isFile = Files.isRegularFile(mount.source());
      if (!Files.exists(Path.of(target))) {
        String top = "/" + Path.of(target).getName(0);
        if (overlaid.add(top)) {
          Path upper = dir.resolve("overlay" + top.replace('/', '-'));
          directory(upper.resolve("upper"));
          directory(upper.resolve("work"));
          script
              .append("mount -t overlay overlay -o ")
              .append(quote("lowerdir=" + top + ",upperdir=" + upper.resolve("upper") + ",workdir=" + upper.resolve("work")))
              .append(' ')
              .append(quote(top))
              .append('\n');
        }
        if (isFile) {
          script.append("mkdir -p ").append(quote(Path.of(target).getParent().toString())).append('\n');
          script.append("touch ").append(quote(target)).append('\n');
        } else {
          script.append("mkdir -p ").append(quote(target)).append('\n');
        }
      }
      String under = target.endsWith("/") ? target : target + "/";
      if (!isFile && needed.stream().anyMatch(n -> n.startsWith(under))) {
        // A directory volume over a path the process needs (say /tmp, holding this checkout): an
        // overlay whose upper layer is the volume keeps what lies beneath visible, and writes go
        // to the volume.
        Path work = dir.resolve("overlay-volume-" + (++shadowing));
        directory(work);
        binds.append("mount -t overlay overlay -o ")
            .append(quote("lowerdir=" + target + ",upperdir=" + mount.source() + ",workdir=" + work))
            .append(' ')
            .append(quote(target))
            .append('\n');
        continue;
      }
      binds.append("mount --bind ").append(quote(mount.source().toString())).append(' ').append(quote(target)).append('\n');
      if (mount.readOnly()) {
        binds.append("mount -o remount,bind,ro ").append(quote(target)).append('\n');
      }
    }
    script.append(binds);
    script.append("exec setpriv --no-new-privs --bounding-set=-all --inh-caps=-all -- \"$@\"\n");
    Path file = dir.resolve("launch.sh");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, script);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", file.toString()));
    command.addAll(program);
    return command;
  }

  /** The target with this machine's symbolic links in its existing part resolved (/var/run is /run). */
  private static String canonical(String target) {
    Path path = Path.of(target);
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return target;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).toString();
    } catch (IOException e) {
      return target;
    }
  }

  private static void directory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Expands {@code $(NAME)} references from {@code env} as the kubelet does; {@code $$} escapes. */
  static String expand(String value, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '$' && i + 1 < value.length()) {
        char next = value.charAt(i + 1);
        if (next == '$') {
          out.append('$');
          i++;
          continue;
        }
        if (next == '(') {
          int close = value.indexOf(')', i + 2);
          if (close > 0) {
            String name = value.substring(i + 2, close);
            if (env.containsKey(name)) {
              out.append(env.get(name));
              i = close;
              continue;
            }
          }
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  static List<String> expand(List<String> values, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(expand(v, env)));
    return out;
  }

  static Map<String, String> ordered(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new LinkedHashMap<>(a);
    out.putAll(b);
    return out;
  }
}
