/**
 * A tenant cluster's PKI, created and renewed in-cluster by the operator; pure logic, no client.
 *
 * <p>Host Secrets, named by {@link dev.enclave.core.controlplane.HostNames}, hold PEM text (PKCS#8
 * private keys):
 *
 * <ul>
 *   <li>{@code <name>-ca}, {@code <name>-etcd-ca} ({@code kubernetes.io/tls}): {@code tls.crt},
 *       {@code tls.key}, {@code ca.crt} (the CA itself);
 *   <li>{@code <name>-apiserver-tls} ({@code kubernetes.io/tls}): {@code tls.crt}, {@code tls.key},
 *       {@code ca.crt} (cluster CA), {@code etcd-ca.crt}, {@code etcd-client.crt}, {@code
 *       etcd-client.key};
 *   <li>{@code <name>-etcd-tls} ({@code kubernetes.io/tls}): {@code tls.crt}, {@code tls.key},
 *       {@code ca.crt} (etcd CA);
 *   <li>{@code <name>-sa-keys} ({@code Opaque}): {@code sa.key}, {@code sa.pub};
 *   <li>{@code <name>-admin-kubeconfig}, {@code <name>-controller-manager-kubeconfig}, {@code
 *       <name>-scheduler-kubeconfig} ({@code Opaque}): {@code kubeconfig}.
 * </ul>
 *
 * <p>Nothing here logs, and no exception message or {@code toString()} carries key material.
 */
package dev.enclave.core.pki;
