package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.CA_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.DATASTORE_CREDENTIALS;

import java.util.stream.Collectors;

/**
 * Flags of the kine sidecar that serves the etcd API from a PostgreSQL DataStore. kine listens on
 * the pod's loopback only, so nothing but its own API server can reach it and it needs no client
 * TLS. The database user, password and name come from the tenant's datastore Secret as environment
 * variables; PostgreSQL's certificate is verified against the Secret's {@code ca.crt}. Its
 * metrics server is off: by default it listens on every address of the pod (:8080), and nothing
 * scrapes it.
 */
public final class KineFlags {
  public static final String LISTEN_ADDRESS = "127.0.0.1:2379";
  public static final String USERNAME_ENV = "DATASTORE_USERNAME";
  public static final String PASSWORD_ENV = "DATASTORE_PASSWORD";
  public static final String DATABASE_ENV = "DATASTORE_DATABASE";

  /** Keys of the datastore Secret read as environment variables. */
  public static final String USERNAME_KEY = "username";

  public static final String PASSWORD_KEY = "password";
  public static final String DATABASE_KEY = "database";

  private KineFlags() {}

  public static Flags of(ControlPlaneModel model) {
    return new Flags()
        .set("listen-address", LISTEN_ADDRESS)
        .set("metrics-bind-address", "0")
        .set("endpoint", endpoint(model))
        .set("ca-file", DATASTORE_CREDENTIALS.file(CA_CERT));
  }

  private static String endpoint(ControlPlaneModel model) {
    String hosts = model.dataStoreEndpoints().stream().collect(Collectors.joining(","));
    return "postgres://$("
        + USERNAME_ENV
        + "):$("
        + PASSWORD_ENV
        + ")@"
        + hosts
        + "/$("
        + DATABASE_ENV
        + ")?sslmode=verify-full";
  }
}
