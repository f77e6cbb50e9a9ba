package dev.enclave.core.observed;

/**
 * A host RBAC subject able to read a tenant's host namespace.
 *
 * @param kind User, Group or ServiceAccount
 * @param namespace the ServiceAccount's namespace, else null
 * @param via how the access is granted, e.g. "ClusterRoleBinding/ops -> ClusterRole/view"
 * @param canReadSecrets whether the subject can get or list Secrets there
 */
public record AccessSubject(
    String kind, String name, String namespace, String via, boolean canReadSecrets) {}
