package dev.enclave.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A legal jurisdiction: where tenant clusters may run and what they may touch. */
@Group(EnclaveApi.GROUP)
@Version(EnclaveApi.VERSION)
@Plural("jurisdictions")
@ShortNames("jur")
@AdditionalPrinterColumn(name = "Display Name", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.displayName")
public class Jurisdiction extends CustomResource<JurisdictionSpec, JurisdictionStatus> {
  public static final String KIND = "Jurisdiction";
}
