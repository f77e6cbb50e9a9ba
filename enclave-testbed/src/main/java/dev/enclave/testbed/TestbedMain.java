package dev.enclave.testbed;

/**
 * Starts the shared host cluster by hand, for debugging a test: prints the admin kubeconfig and
 * runs until interrupted (Ctrl-C stops every process it started).
 */
public final class TestbedMain {
  private TestbedMain() {}

  public static void main(String[] args) throws InterruptedException {
    HostCluster host = Testbed.host();
    System.out.println("testbed host ready; kubeconfig: " + host.apiServer().adminKubeconfig());
    Thread.currentThread().join();
  }
}
