package dev.enclave.cli.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sends the operator's and the client's logs to a file so they do not tear the live table. */
final class PlaygroundLogging {
  private PlaygroundLogging() {}

  /**
   * Points slf4j-simple at the file unless the user chose otherwise; takes effect only when no
   * logger was created yet in this JVM, which holds when enclavectl starts.
   */
  static void toFile(Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
    } catch (IOException e) {
      return;
    }
    setIfAbsent("org.slf4j.simpleLogger.logFile", logFile.toString());
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
