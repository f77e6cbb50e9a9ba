package dev.enclave.core.gitops;

import dev.enclave.core.model.SourceLocation;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The manifest files under a GitOps root: every {@code .yaml} and {@code .yml} file, skipping
 * hidden files and directories ({@code .git}, {@code .github}) and not following symbolic links.
 */
final class ManifestFiles {
  private ManifestFiles() {}

  /** Files in load order, by their path relative to the root, segment by segment. */
  static List<Path> under(Path root, Findings findings) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(root, new Collector(root, files, findings));
    } catch (IOException e) {
      findings.error(LoadError.at(new SourceLocation(root.toString(), 0), unreadable(e)));
    }
    files.sort(Comparator.comparing(file -> relative(root, file), Locations::compareFiles));
    return files;
  }

  /** The path users see: relative to the root, with forward slashes. */
  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  static String unreadable(IOException e) {
    String reason = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    return "cannot be read" + reason;
  }

  private static final class Collector extends SimpleFileVisitor<Path> {
    private final Path root;
    private final List<Path> files;
    private final Findings findings;

    Collector(Path root, List<Path> files, Findings findings) {
      this.root = root;
      this.files = files;
      this.findings = findings;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
      boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
      return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
      if (attributes.isRegularFile() && isManifest(file)) {
        files.add(file);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      if (!file.getFileName().toString().startsWith(".")) {
        SourceLocation at = new SourceLocation(relative(root, file), 0);
        findings.error(LoadError.at(at, unreadable(e)));
      }
      return FileVisitResult.CONTINUE;
    }
  }
}
