package dev.enclave.syncer.translate;

/** A tenant object's identity, recorded on its host copy so it can be traced back. */
public record TenantRef(String kind, String namespace, String name, String uid) {}
