package dev.enclave.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * s3proxy (github.com/gaul/s3proxy), a real S3 API server, on 127.0.0.1 in its own JVM with the
 * jclouds filesystem (nio2) backend under {@code dir}, AWS signature v4 with the given access key and
 * secret. Its classpath was resolved at build time into {@code s3proxy.classpath} (see
 * enclave-testbed/pom.xml), so none of its libraries is on the caller's classpath.
 */
public final class S3Server extends S3Endpoint {
  /** The region s3proxy answers for every bucket: it keeps no per-bucket location. */
  public static final String REGION = "us-east-1";

  private S3Server(ManagedProcess process, int port, String accessKey, String secretKey) {
    super(process, port, accessKey, secretKey, REGION);
  }

  /** With a fixed test identity; nothing but this machine reaches the server. */
  public static S3Server start(Path dir) {
    return start(dir, "enclave-testbed", "enclave-testbed-secret");
  }

  public static S3Server start(Path dir, String accessKey, String secretKey) {
    int port = Ports.free();
    Path data = dir.resolve("data");
    Path properties = dir.resolve("s3proxy.properties");
    Path logback = dir.resolve("logback.xml");
    try {
      Files.createDirectories(data);
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              "jclouds.provider=filesystem-nio2",
              "jclouds.filesystem.basedir=" + data,
              // The local backend authenticates nothing; jclouds insists on the two fields.
              "jclouds.identity=local",
              "jclouds.credential=local",
              ""),
          StandardCharsets.UTF_8);
      // s3proxy ships no logging configuration: logback's default logs every request at DEBUG
      // (600 MB for a 100 MB backup), which also slows the server down.
      Files.writeString(
          logback,
          "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
              + "<encoder><pattern>%d %level %logger - %msg%n</pattern></encoder></appender>"
              + "<root level=\"WARN\"><appender-ref ref=\"out\"/></root></configuration>\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + properties, e);
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> args =
        List.of("-Xmx256m", "-Dlogback.configurationFile=" + logback, "-cp", classpath(), "org.gaul.s3proxy.Main", "--properties", properties.toString());
    ManagedProcess process =
        ManagedProcess.start("s3proxy", java, args, Map.of(), dir.resolve("s3proxy.log"));
    S3Server server = new S3Server(process, port, accessKey, secretKey);
    server.awaitServing(Duration.ofSeconds(60));
    return server;
  }

  private static String classpath() {
    try (InputStream in = S3Server.class.getResourceAsStream("s3proxy.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "s3proxy.classpath is not on enclave-testbed's classpath: build enclave-testbed with Maven"
                + " (its s3proxy-classpath execution writes it)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
