package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A shared data store run inside one jurisdiction. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DataStoreSpec {
  @JsonPropertyDescription("Jurisdiction the store runs in.")
  @Required
  private String jurisdiction;

  @JsonPropertyDescription("Storage driver: postgresql or etcd.")
  @Required
  @Pattern("^(postgresql|etcd)$")
  private String driver;

  @JsonPropertyDescription("host:port endpoints of the store.")
  private List<String> endpoints = new ArrayList<>();

  @JsonPropertyDescription("Secret with the store's admin credentials; never rendered.")
  private SecretReference credentialsSecretRef;

  @JsonPropertyDescription("Storage class the store keeps its data on, if known.")
  private String storageClass;

  public String getJurisdiction() {
    return jurisdiction;
  }

  public void setJurisdiction(String jurisdiction) {
    this.jurisdiction = jurisdiction;
  }

  public String getDriver() {
    return driver;
  }

  public void setDriver(String driver) {
    this.driver = driver;
  }

  public List<String> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<String> endpoints) {
    this.endpoints = endpoints;
  }

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof DataStoreSpec)) return false;
    DataStoreSpec that = (DataStoreSpec) o;
    return Objects.equals(jurisdiction, that.jurisdiction) && Objects.equals(driver, that.driver) && Objects.equals(endpoints, that.endpoints) && Objects.equals(credentialsSecretRef, that.credentialsSecretRef) && Objects.equals(storageClass, that.storageClass);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jurisdiction, driver, endpoints, credentialsSecretRef, storageClass);
  }

}
