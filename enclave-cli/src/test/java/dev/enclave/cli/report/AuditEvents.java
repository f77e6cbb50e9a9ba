package dev.enclave.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Audit events as a tenant kube-apiserver sends them (audit.k8s.io/v1, Metadata level) and the
 * playground's AuditSink stores them: one compact JSON object per line.
 */
public final class AuditEvents {
  /** A kube-controller-manager lease renewal, the most common event of an idle control plane. */
  public static final String LEASE_UPDATE =
      "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
          + "\"auditID\":\"4b7c1f0e-7d3a-4f4e-9a51-2b9c8d1e6f01\",\"stage\":\"ResponseComplete\","
          + "\"requestURI\":\"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/"
          + "kube-controller-manager?timeout=5s\",\"verb\":\"update\","
          + "\"user\":{\"username\":\"system:kube-controller-manager\","
          + "\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"127.0.0.1\"],"
          + "\"userAgent\":\"kube-controller-manager/v1.33.1 (linux/amd64) kubernetes/8adc0f0/"
          + "leader-election\",\"objectRef\":{\"resource\":\"leases\",\"namespace\":\"kube-system\","
          + "\"name\":\"kube-controller-manager\",\"uid\":\"0c6f3f8e-1d2b-4a57-b1de-5f3c2a9e7b10\","
          + "\"apiGroup\":\"coordination.k8s.io\",\"apiVersion\":\"v1\","
          + "\"resourceVersion\":\"48213\"},\"responseStatus\":{\"metadata\":{},\"code\":200},"
          + "\"requestReceivedTimestamp\":\"2025-06-01T11:58:41.102374Z\","
          + "\"stageTimestamp\":\"2025-06-01T11:58:41.109855Z\","
          + "\"annotations\":{\"authorization.k8s.io/decision\":\"allow\","
          + "\"authorization.k8s.io/reason\":\"RBAC: allowed by ClusterRoleBinding"
          + " \\\"system:kube-controller-manager\\\" of ClusterRole"
          + " \\\"system:kube-controller-manager\\\" to User"
          + " \\\"system:kube-controller-manager\\\"\"}}";

  /** An admin reading a Secret: at Metadata level the event names it but carries no value. */
  public static final String SECRET_GET =
      "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
          + "\"auditID\":\"9e2d5a3c-1b7f-4c8e-8d60-7a4f3e2b1c90\",\"stage\":\"ResponseComplete\","
          + "\"requestURI\":\"/api/v1/namespaces/payments/secrets/db-credentials\","
          + "\"verb\":\"get\",\"user\":{\"username\":\"alice@eu-oncall.example.com\","
          + "\"groups\":[\"eu-oncall\",\"system:authenticated\"],"
          + "\"extra\":{\"authentication.kubernetes.io/credential-id\":[\"X509SHA256=3f1a\"]}},"
          + "\"sourceIPs\":[\"10.0.3.17\"],\"userAgent\":\"kubectl/v1.33.1 (linux/amd64)"
          + " kubernetes/8adc0f0\",\"objectRef\":{\"resource\":\"secrets\","
          + "\"namespace\":\"payments\",\"name\":\"db-credentials\",\"apiVersion\":\"v1\"},"
          + "\"responseStatus\":{\"metadata\":{},\"code\":200},"
          + "\"requestReceivedTimestamp\":\"2025-06-01T11:59:57.480113Z\","
          + "\"stageTimestamp\":\"2025-06-01T11:59:57.483920Z\","
          + "\"annotations\":{\"authorization.k8s.io/decision\":\"allow\","
          + "\"authorization.k8s.io/reason\":\"RBAC: allowed by RoleBinding"
          + " \\\"break-glass/payments\\\" of ClusterRole \\\"admin\\\" to Group"
          + " \\\"eu-oncall\\\"\"}}";

  /** A forbidden non-resource request: no objectRef, the URI names what was asked. */
  public static final String FORBIDDEN_METRICS =
      "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
          + "\"auditID\":\"c3a81e55-0f4d-4b2a-a6f7-19d2e8c4b7a3\",\"stage\":\"ResponseComplete\","
          + "\"requestURI\":\"/metrics\",\"verb\":\"get\",\"user\":{\"username\":"
          + "\"system:anonymous\",\"groups\":[\"system:unauthenticated\"]},"
          + "\"sourceIPs\":[\"10.0.9.4\"],\"userAgent\":\"curl/8.5.0\","
          + "\"responseStatus\":{\"metadata\":{},\"status\":\"Failure\",\"message\":\"forbidden:"
          + " User \\\"system:anonymous\\\" cannot get path \\\"/metrics\\\"\","
          + "\"reason\":\"Forbidden\",\"details\":{},\"code\":403},"
          + "\"requestReceivedTimestamp\":\"2025-06-01T11:59:59.001200Z\","
          + "\"stageTimestamp\":\"2025-06-01T11:59:59.001917Z\","
          + "\"annotations\":{\"authorization.k8s.io/decision\":\"forbid\","
          + "\"authorization.k8s.io/reason\":\"\"}}";

  private AuditEvents() {}

  /** Writes {@code lines}, each followed by a newline, to {@code file}. */
  public static Path write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(
        file, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}
