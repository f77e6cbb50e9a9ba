package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreSpec;
import dev.enclave.core.model.Declared;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A shared data store: a supported driver and reachable {@code host:port} endpoints. */
final class DataStoreRules {
  static final List<String> DRIVERS = List.of("postgresql", "etcd");
  private static final Pattern HOST_PORT =
      Pattern.compile("^(\\[[0-9a-fA-F:.]+\\]|[^:\\[\\]\\s/]+):(\\d{1,5})$");

  private DataStoreRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<DataStore> store : catalog.dataStores()) {
      Findings findings = Findings.on(store, out);
      DataStoreSpec spec = store.object().getSpec();
      if (findings.require("spec", spec)) {
        checkDriver(spec.getDriver(), findings);
        checkEndpoints(Catalog.orEmpty(spec.getEndpoints()), findings);
      }
    }
  }

  private static void checkDriver(String driver, Findings findings) {
    if (findings.require("spec.driver", driver) && !DRIVERS.contains(driver)) {
      findings.add("spec.driver", Messages.unknown("driver", driver, DRIVERS));
    }
  }

  private static void checkEndpoints(List<String> endpoints, Findings findings) {
    if (endpoints.isEmpty()) {
      findings.add(
          "spec.endpoints",
          "spec.endpoints is required: list at least one host:port, e.g."
              + " \"postgres.eu.example.com:5432\"");
    }
    for (int i = 0; i < endpoints.size(); i++) {
      if (!isHostPort(endpoints.get(i))) {
        findings.add(
            "spec.endpoints[" + i + "]",
            "endpoint "
                + quote(endpoints.get(i))
                + " is not host:port with a port from 1 to 65535, e.g."
                + " \"postgres.eu.example.com:5432\"");
      }
    }
  }

  private static boolean isHostPort(String endpoint) {
    Matcher m = endpoint == null ? null : HOST_PORT.matcher(endpoint);
    if (m == null || !m.matches()) {
      return false;
    }
    int port = Integer.parseInt(m.group(2));
    return port >= 1 && port <= 65535;
  }
}
