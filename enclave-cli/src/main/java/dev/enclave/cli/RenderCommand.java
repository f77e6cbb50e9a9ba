package dev.enclave.cli;

import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.gitops.LoadResult;
import dev.enclave.core.render.RenderedTenant;
import dev.enclave.core.render.PlatformRenderer;
import dev.enclave.core.render.RenderOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl render DIR --out OUT}: the host manifests of every tenant cluster. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Render the host objects of every tenant cluster under DIR into OUT/<namespace>/<name>/.",
      "Output is byte-identical on every run. Refuses, with check's messages, when check fails.",
      "Private keys are never rendered: Secrets are referenced by name and created in-cluster."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:rendered",
      "1:violations found, nothing written",
      "2:input could not be read, or OUT is not a render directory"
    })
final class RenderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "GitOps directory (or file) to render.")
  Path dir;

  @Option(
      names = {"-o", "--out"},
      required = true,
      paramLabel = "OUT",
      description = "Output directory; replaced on every run if it holds an earlier render.")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<LoadResult> input = PlatformInput.load(dir, err);
    if (input.isEmpty()) {
      return EnclaveCtl.UNREADABLE;
    }
    List<Violation> violations = ComplianceRules.evaluate(input.get().platform());
    if (!violations.isEmpty()) {
      violations.forEach(v -> stdout.println(v.format()));
      err.printf("enclavectl: %d violation(s); nothing rendered%n", violations.size());
      return EnclaveCtl.VIOLATIONS;
    }
    List<RenderedTenant> tenants = PlatformRenderer.render(input.get().platform());
    Optional<String> refusal = RenderOutput.refusalToReplace(out);
    if (refusal.isPresent()) {
      err.println("enclavectl: " + refusal.get());
      return EnclaveCtl.UNREADABLE;
    }
    int files = RenderOutput.write(out, tenants);
    err.printf("%s: %d tenant cluster(s), %d file(s) written to %s%n", dir, tenants.size(), files, out);
    return EnclaveCtl.OK;
  }
}
