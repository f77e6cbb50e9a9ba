package dev.enclave.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Time-bound, recorded break-glass access to a tenant cluster. */
@Group(EnclaveApi.GROUP)
@Version(EnclaveApi.VERSION)
@Plural("accessgrants")
@ShortNames("ag")
public class AccessGrant extends CustomResource<AccessGrantSpec, AccessGrantStatus> implements Namespaced {
  public static final String KIND = "AccessGrant";
}
