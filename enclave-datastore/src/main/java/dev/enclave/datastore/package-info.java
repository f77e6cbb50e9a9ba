/**
 * A tenant's state in the data stores of its jurisdiction: per-tenant isolation in shared
 * PostgreSQL and etcd stores, envelope-encrypted backups written only to the jurisdiction's backup
 * targets, restore that checks a backup before it writes anything, and crypto-shredding of a
 * deleted tenant's key material.
 */
package dev.enclave.datastore;
