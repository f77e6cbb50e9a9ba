package dev.enclave.core.gitops;

import dev.enclave.core.model.SourceLocation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Splits a YAML stream into document node trees, without constructing any Java object from tags.
 * Alias-heavy, deeply nested or huge documents are refused by SnakeYAML's limits.
 */
final class YamlStream {
  static final int MAX_CODE_POINTS = 10 * 1024 * 1024;
  private static final LoaderOptions OPTIONS = options();
  private static final Resolver RESOLVER = new Resolver();

  private YamlStream() {}

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(50);
    options.setCodePointLimit(MAX_CODE_POINTS);
    return options;
  }

  /**
   * Passes each document's root node to {@code documents}, in order. A syntax error is reported and
   * ends the stream: SnakeYAML cannot resynchronise after one.
   */
  static void read(String file, Reader reader, Findings findings, Consumer<Node> documents) {
    Composer composer =
        new Composer(new ParserImpl(new StreamReader(reader), OPTIONS), RESOLVER, OPTIONS);
    while (true) {
      Node document;
      try {
        if (!composer.checkNode()) {
          return;
        }
        document = composer.getNode();
      } catch (YAMLException e) {
        findings.error(syntaxError(file, e));
        return;
      }
      documents.accept(document);
    }
  }

  private static LoadError syntaxError(String file, YAMLException e) {
    if (e instanceof MarkedYAMLException marked) {
      Mark mark =
          marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      return LoadError.at(new SourceLocation(file, line), "malformed YAML: " + describe(marked));
    }
    if (e instanceof ReaderException unprintable) {
      String message =
          String.format(
              "malformed YAML: character U+%04X at offset %d is not allowed in YAML",
              unprintable.getCodePoint(), unprintable.getPosition());
      return LoadError.at(new SourceLocation(file, 0), message);
    }
    if (e.getCause() instanceof CharacterCodingException) {
      return LoadError.at(new SourceLocation(file, 0), "not valid UTF-8 text");
    }
    if (e.getCause() instanceof IOException io) {
      return LoadError.at(new SourceLocation(file, 0), ManifestFiles.unreadable(io));
    }
    return LoadError.at(new SourceLocation(file, 0), "malformed YAML: " + e.getMessage());
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "cannot be parsed" : e.getProblem().strip();
    Mark context = e.getContextMark();
    if (e.getContext() == null || context == null || e.getProblemMark() == null) {
      return problem;
    }
    return problem + " (" + e.getContext().strip() + " at line " + (context.getLine() + 1) + ")";
  }
}
