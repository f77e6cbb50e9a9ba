package dev.enclave.core.gitops;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one YAML document: skips it, notes it as foreign, or adds it to the platform. */
final class DocumentReader {
  private final Findings findings;

  DocumentReader(Findings findings) {
    this.findings = findings;
  }

  void read(String file, Node root) {
    if (root instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
      return;
    }
    SourceLocation at = new SourceLocation(file, root.getStartMark().getLine() + 1);
    if (!(root instanceof MappingNode mapping)) {
      String found = root instanceof SequenceNode ? "a list" : "a single value";
      error(at, "expected a Kubernetes object (a map with apiVersion and kind), found " + found);
      return;
    }
    try {
      read(at, mapping);
    } catch (DocumentException e) {
      error(new SourceLocation(file, e.line()), e.getMessage());
    }
  }

  private void read(SourceLocation at, MappingNode root) {
    DocumentHeader header = DocumentHeader.of(root);
    if (header.apiVersion() == null) {
      boolean ours = header.kind() != null && EnclaveKinds.isEnclaveKind(header.kind());
      error(at, "missing apiVersion" + (ours ? " (expected " + EnclaveApi.API_VERSION + ")" : ""));
    } else if (header.kind() == null) {
      error(at, "missing kind");
    } else if (!EnclaveKinds.isEnclaveGroup(header.apiVersion())) {
      findings.notice(Notice.at(at, "ignoring " + header.describe() + ": not an Enclave kind"));
    } else {
      Class<? extends HasMetadata> type =
          EnclaveKinds.classOf(header.apiVersion(), header.kind(), at.line());
      if (header.name() == null) {
        error(at, "missing metadata.name in " + header.kind());
        return;
      }
      bind(type, header.kind() + "/" + header.name(), at, root);
    }
  }

  private void bind(
      Class<? extends HasMetadata> type, String object, SourceLocation at, MappingNode root) {
    YamlDocument document;
    try {
      document = NodeTree.read(root);
    } catch (DocumentException e) {
      SourceLocation line = new SourceLocation(at.file(), e.line());
      findings.error(new LoadError(line, object, e.fieldPath(), e.getMessage()));
      return;
    }
    Declared<?> declared = ObjectBinder.bind(type, object, document, at, findings);
    if (declared != null) {
      findings.add(declared);
    }
  }

  private void error(SourceLocation at, String message) {
    findings.error(LoadError.at(at, message));
  }
}
