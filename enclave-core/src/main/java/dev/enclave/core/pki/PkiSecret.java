package dev.enclave.core.pki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One host Secret of a tenant's PKI. {@code stringData} holds PEM or YAML text, keys sorted, to be
 * written as the Secret's {@code stringData}; the API server stores it base64-encoded in {@code
 * data}, which {@link #decode} turns back into the text that {@link TenantPki#fromSecrets} reads.
 */
public record PkiSecret(String name, String type, Map<String, String> stringData) {
  public static final String TYPE_TLS = "kubernetes.io/tls";
  public static final String TYPE_OPAQUE = "Opaque";

  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String CA_CRT = "ca.crt";
  /** The incoming CA of a rotation's first step, in the CA's Secret: trusted, not yet signing. */
  public static final String NEXT_CRT = "next.crt";

  public static final String NEXT_KEY = "next.key";
  public static final String SA_KEY = "sa.key";
  public static final String SA_PUB = "sa.pub";
  public static final String KUBECONFIG = "kubeconfig";

  public PkiSecret {
    stringData = Collections.unmodifiableMap(new TreeMap<>(stringData));
  }

  /** A Secret's base64 {@code data} as the text {@link TenantPki#fromSecrets} expects. */
  public static Map<String, String> decode(Map<String, String> data) {
    Map<String, String> text = new TreeMap<>();
    data.forEach((key, value) -> text.put(key, decode(key, value)));
    return text;
  }

  private static String decode(String key, String value) {
    try {
      return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data key " + key + " is not base64");
    }
  }

  /** Names, type and keys only: the values are private keys. */
  @Override
  public String toString() {
    return "PkiSecret[" + name + ", " + type + ", keys=" + stringData.keySet() + "]";
  }
}
