package dev.enclave.cli.playground;

import picocli.CommandLine;

/** Manual testing only: {@code java ... PlaygroundManualLauncher DIR [options]}. */
final class PlaygroundManualLauncher {
  private PlaygroundManualLauncher() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new PlaygroundCommand()).execute(args));
  }
}
