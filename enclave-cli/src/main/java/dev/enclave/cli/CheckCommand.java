package dev.enclave.cli;

import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.gitops.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl check DIR}: the compliance rules over a GitOps directory, as a PR gate. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check every Enclave object under DIR against the compliance rules.",
      "Prints one line per violation: FILE:LINE: KIND/NAME: FIELD.PATH: message"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no violations", "1:violations found", "2:input could not be read"})
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "GitOps directory (or file) to check.")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<LoadResult> input = PlatformInput.load(dir, err);
    if (input.isEmpty()) {
      return EnclaveCtl.UNREADABLE;
    }
    List<Violation> violations = ComplianceRules.evaluate(input.get().platform());
    violations.forEach(v -> out.println(v.format()));
    out.flush();
    int objects = input.get().platform().size();
    if (violations.isEmpty()) {
      err.printf("%s: %d object(s) checked, no violations%n", dir, objects);
      return EnclaveCtl.OK;
    }
    err.printf("%s: %d object(s) checked, %d violation(s)%n", dir, objects, violations.size());
    return EnclaveCtl.VIOLATIONS;
  }
}
