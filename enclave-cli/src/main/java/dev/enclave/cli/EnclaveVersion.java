package dev.enclave.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version stamped into the build, for {@code --version}. */
public final class EnclaveVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    Properties build = new Properties();
    try (InputStream in = EnclaveVersion.class.getResourceAsStream("/enclave-version.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": the version is informational
    }
    return new String[] {
      "enclavectl " + build.getProperty("version", "unknown"),
      "API enclave.dev/v1alpha1, Java " + System.getProperty("java.version")
    };
  }
}
