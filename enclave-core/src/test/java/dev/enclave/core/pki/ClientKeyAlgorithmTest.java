package dev.enclave.core.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A kubeconfig's unlabelled PKCS#8 client key gets its real algorithm, not fabric8's RSA guess. */
class ClientKeyAlgorithmTest {

  @Test
  void anEcKeyInPkcs8IsReadAsEc() throws NoSuchAlgorithmException {
    Config config = withKey(pkcs8Pem("EC"));
    ClientKeyAlgorithm.detect(config);
    assertThat(config.getClientKeyAlgo()).isEqualTo("EC");
  }

  @Test
  void anRsaKeyInPkcs8StaysRsa() throws NoSuchAlgorithmException {
    Config config = withKey(pkcs8Pem("RSA"));
    ClientKeyAlgorithm.detect(config);
    assertThat(config.getClientKeyAlgo()).isEqualTo("RSA");
  }

  @Test
  void aConfigWithoutAClientKeyIsLeftAlone() {
    Config config = new ConfigBuilder(Config.empty()).withOauthToken("t").build();
    String before = config.getClientKeyAlgo();
    ClientKeyAlgorithm.detect(config);
    assertThat(config.getClientKeyAlgo()).isEqualTo(before);
  }

  private static Config withKey(String pem) {
    return new ConfigBuilder(Config.empty())
        .withClientKeyData(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
        .build();
  }

  private static String pkcs8Pem(String algorithm) throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(algorithm.equals("EC") ? 256 : 2048);
    byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }
}
