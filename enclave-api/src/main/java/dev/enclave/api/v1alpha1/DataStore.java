package dev.enclave.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A shared data store run inside one jurisdiction. */
@Group(EnclaveApi.GROUP)
@Version(EnclaveApi.VERSION)
@Plural("datastores")
@ShortNames("ds")
@AdditionalPrinterColumn(name = "Jurisdiction", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.jurisdiction")
@AdditionalPrinterColumn(name = "Driver", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.driver")
public class DataStore extends CustomResource<DataStoreSpec, DataStoreStatus> {
  public static final String KIND = "DataStore";
}
