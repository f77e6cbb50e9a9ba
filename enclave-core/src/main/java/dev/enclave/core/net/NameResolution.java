package dev.enclave.core.net;

/**
 * Every Enclave process resolves names through the JDK only ({@code InetAddress}: the system's
 * resolver, or {@code jdk.net.hosts.file} where the testbed and the playground set it), never
 * through Vert.x's own asynchronous DNS client. fabric8's Vert.x client turns that client off only
 * for the moment it creates a Vert.x instance, through the global system property {@code
 * vertx.disableDnsResolver}, and sets the property back afterwards: two clients created at once on
 * two threads can leave one of them with the DNS client on, which then sends lookups of tenant
 * Service names to the machine's nameserver (seen in the playground as {@code NXDOMAIN} for a tenant
 * API that resolves fine everywhere else). Set once, first thing in every main and in the test
 * JVMs, the property stays on.
 */
public final class NameResolution {
  public static final String DISABLE_VERTX_DNS = "vertx.disableDnsResolver";

  private NameResolution() {}

  public static void jdkOnly() {
    System.setProperty(DISABLE_VERTX_DNS, "true");
  }
}
