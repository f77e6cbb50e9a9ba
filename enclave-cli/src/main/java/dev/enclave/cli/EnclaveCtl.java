package dev.enclave.cli;

import dev.enclave.cli.backup.BackupCommand;
import dev.enclave.cli.migrate.MigrateCommand;
import dev.enclave.cli.playground.PlaygroundCommand;
import dev.enclave.cli.upgrade.UpgradeCommand;
import dev.enclave.core.net.NameResolution;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code enclavectl}: check, render and run sovereign tenant clusters from a GitOps directory. */
@Command(
    name = "enclavectl",
    mixinStandardHelpOptions = true,
    versionProvider = EnclaveVersion.class,
    description = "Sovereign Kubernetes: jurisdictions as first-class objects for tenant clusters.",
    subcommands = {
      CheckCommand.class,
      RenderCommand.class,
      ReportCommand.class,
      PlaygroundCommand.class,
      BackupCommand.class,
      UpgradeCommand.class,
      MigrateCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success, nothing violates the rules",
      "1:violations found (or, for playground, a tenant cluster is not Ready; for backup, refused or failed)",
      "2:input could not be read, or usage error"
    })
public final class EnclaveCtl implements Runnable {
  public static final int OK = 0;
  public static final int VIOLATIONS = 1;
  public static final int UNREADABLE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    NameResolution.jdkOnly();
    System.exit(commandLine().execute(args));
  }

  /** The command line with Enclave's error handling: one line per problem, never a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EnclaveCtl());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("enclavectl: " + describe(e));
          return UNREADABLE;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine c = e.getCommandLine();
          c.getErr().println("enclavectl: " + e.getMessage());
          c.getErr().println("Run 'enclavectl " + commandPath(c) + " --help' for usage.");
          return UNREADABLE;
        });
    return cli;
  }

  private static String commandPath(CommandLine c) {
    String qualified = c.getCommandSpec().qualifiedName(" ");
    return qualified.startsWith("enclavectl ") ? qualified.substring(11) : "";
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
