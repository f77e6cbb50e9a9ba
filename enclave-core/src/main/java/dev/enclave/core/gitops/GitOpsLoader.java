package dev.enclave.core.gitops;

import dev.enclave.core.model.SourceLocation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Reads a GitOps directory of Kubernetes manifests into a {@link dev.enclave.core.model.Platform},
 * keeping the file and line of every object and field. Never throws on bad input: what it cannot
 * read becomes a {@link LoadError}, what it ignores a {@link Notice}.
 */
public final class GitOpsLoader {
  static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

  /**
   * Loads every {@code .yaml} and {@code .yml} file under {@code root}, in path order, skipping
   * hidden files and directories. When {@code root} is a file, loads just that file, whatever its
   * name; locations then name the file alone.
   */
  public LoadResult load(Path root) {
    Findings findings = new Findings();
    if (Files.isRegularFile(root)) {
      readFile(root.getFileName().toString(), root, findings);
    } else if (Files.isDirectory(root)) {
      for (Path file : ManifestFiles.under(root, findings)) {
        readFile(ManifestFiles.relative(root, file), file, findings);
      }
    } else {
      String message = Files.exists(root) ? "not a file or directory" : "no such file or directory";
      findings.error(LoadError.at(new SourceLocation(root.toString(), 0), message));
    }
    return findings.toResult();
  }

  /**
   * Loads YAML held in memory, e.g. an admission request; {@code fileName} names it in findings.
   */
  public LoadResult load(String fileName, String yamlText) {
    Findings findings = new Findings();
    read(fileName, new StringReader(yamlText), findings);
    return findings.toResult();
  }

  private static void readFile(String name, Path file, Findings findings) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        String message = "file larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB, not read";
        findings.error(LoadError.at(new SourceLocation(name, 0), message));
        return;
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        read(name, new UnicodeReader(in), findings);
      }
    } catch (IOException e) {
      findings.error(LoadError.at(new SourceLocation(name, 0), ManifestFiles.unreadable(e)));
    }
  }

  private static void read(String name, Reader reader, Findings findings) {
    DocumentReader documents = new DocumentReader(findings);
    YamlStream.read(name, reader, findings, document -> documents.read(name, document));
  }
}
