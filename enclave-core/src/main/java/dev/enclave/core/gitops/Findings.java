package dev.enclave.core.gitops;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What one load has found so far: objects, notices and errors. */
final class Findings {
  private final List<Declared<Jurisdiction>> jurisdictions = new ArrayList<>();
  private final List<Declared<DataStore>> dataStores = new ArrayList<>();
  private final List<Declared<TenantCluster>> tenantClusters = new ArrayList<>();
  private final List<Declared<AccessGrant>> accessGrants = new ArrayList<>();
  private final List<Notice> notices = new ArrayList<>();
  private final List<LoadError> errors = new ArrayList<>();

  @SuppressWarnings("unchecked")
  void add(Declared<?> declared) {
    Object object = declared.object();
    if (object instanceof Jurisdiction) {
      jurisdictions.add((Declared<Jurisdiction>) declared);
    } else if (object instanceof DataStore) {
      dataStores.add((Declared<DataStore>) declared);
    } else if (object instanceof TenantCluster) {
      tenantClusters.add((Declared<TenantCluster>) declared);
    } else if (object instanceof AccessGrant) {
      accessGrants.add((Declared<AccessGrant>) declared);
    } else {
      throw new IllegalArgumentException("not an Enclave kind: " + declared.kind());
    }
  }

  void notice(Notice notice) {
    notices.add(notice);
  }

  void error(LoadError error) {
    errors.add(error);
  }

  LoadResult toResult() {
    Platform platform = new Platform(jurisdictions, dataStores, tenantClusters, accessGrants);
    notices.sort(Comparator.comparing(Notice::location, Locations.ORDER));
    errors.sort(Comparator.comparing(LoadError::location, Locations.ORDER));
    return new LoadResult(platform, notices, errors);
  }
}
