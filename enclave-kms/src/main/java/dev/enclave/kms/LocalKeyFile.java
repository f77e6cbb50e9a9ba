package dev.enclave.kms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEKs from a local file: one base64 32-byte AES key per line, the first the current KEK, later
 * lines older KEKs kept for unwrapping. Rotation is prepending a line. The file is re-read when its
 * inode, modification time or size changes (a Secret volume update replaces the file); a file that no longer parses keeps the keys read before and
 * turns {@link #health} into the parse error. Data keys are wrapped with AES-256-GCM (12-byte
 * nonce first), the key id as additional data. Meant for development and the playground: the keys
 * then live beside the data.
 */
public final class LocalKeyFile implements KeyEncryptionKeys {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKeyFile.class);
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;

  /** The keys read, and the file's identity when read: inode, modification time, size. */
  private record Keys(String currentId, Map<String, byte[]> byId, Stamp stamp) {}

  private record Stamp(Object fileKey, FileTime modified, long size) {
    static Stamp of(Path file) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
    }
  }

  /** The key file, or null for keys given in memory (never re-read). */
  private final Path file;
  /** Where the keys came from, for messages: the file, or the name given with the lines. */
  private final String source;
  private final SecureRandom random;
  private volatile Keys keys;
  private volatile String reloadFailure;

  private LocalKeyFile(Path file, String source, SecureRandom random, Keys keys) {
    this.file = file;
    this.source = source;
    this.random = random;
    this.keys = keys;
  }

  /** Reads {@code file}; refuses one that does not parse, naming the file and line. */
  public static LocalKeyFile open(Path file, SecureRandom random) {
    warnIfReadableByOthers(file);
    return new LocalKeyFile(file, file.toString(), random, read(file));
  }

  /**
   * Keys in the key file's line format held in memory (e.g. read from a Secret); {@code source}
   * names where they came from in messages. Refuses lines that do not parse, naming the line.
   */
  public static LocalKeyFile ofLines(String source, List<String> lines, SecureRandom random) {
    return new LocalKeyFile(null, source, random, parse(source, lines, null));
  }

  /** Key id of a KEK: {@code local:} and the first 16 hex digits of its SHA-256. */
  public static String keyIdOf(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "local:" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  /** A new key file line: 32 random bytes, base64. */
  public static String newKeyLine(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @Override
  public String currentKeyId() {
    return current().currentId();
  }

  @Override
  public Wrapped wrap(byte[] dataKey) {
    Keys now = current();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, now.byId().get(now.currentId()), nonce, now.currentId(), dataKey);
    byte[] out = new byte[NONCE_BYTES + sealed.length];
    System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
    System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
    return new Wrapped(now.currentId(), out);
  }

  @Override
  public byte[] unwrap(String keyId, byte[] wrapped) {
    byte[] kek = current().byId().get(keyId);
    if (kek == null) {
      throw new KeyBackendException(
          "key " + keyId + " is not in " + source + " (it holds " + String.join(", ", current().byId().keySet()) + ")");
    }
    if (wrapped.length <= NONCE_BYTES) {
      throw new KeyBackendException("wrapped data key is truncated");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(wrapped, 0, NONCE_BYTES);
    byte[] sealed = java.util.Arrays.copyOfRange(wrapped, NONCE_BYTES, wrapped.length);
    return gcm(Cipher.DECRYPT_MODE, kek, nonce, keyId, sealed);
  }

  @Override
  public String health() {
    current();
    String failure = reloadFailure;
    return failure == null ? "ok" : failure;
  }

  private Keys current() {
    Keys known = keys;
    if (file == null) {
      return known;
    }
    try {
      if (known.stamp().equals(Stamp.of(file))) {
        return known;
      }
    } catch (IOException e) {
      reloadFailure = "cannot read " + file + ": " + e.getMessage();
      return known;
    }
    try {
      Keys fresh = read(file);
      if (!fresh.currentId().equals(known.currentId())) {
        LOG.info("{}: current key is now {} ({} keys)", file, fresh.currentId(), fresh.byId().size());
      }
      keys = fresh;
      reloadFailure = null;
      return fresh;
    } catch (KeyBackendException e) {
      reloadFailure = e.getMessage();
      LOG.warn("{}; still using the keys read before", e.getMessage());
      return known;
    }
  }

  private static Keys read(Path file) {
    try {
      Stamp stamp = Stamp.of(file);
      return parse(file.toString(), Files.readAllLines(file, StandardCharsets.US_ASCII), stamp);
    } catch (IOException e) {
      throw new KeyBackendException("cannot read key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Keys parse(String file, List<String> lines, Stamp stamp) {
    Map<String, byte[]> byId = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      byte[] key = parseLine(file, i + 1, line);
      String id = keyIdOf(key);
      if (byId.putIfAbsent(id, key) == null) {
        order.add(id);
      }
    }
    if (order.isEmpty()) {
      throw new KeyBackendException(file + " holds no key (expected one base64 32-byte key per line)");
    }
    return new Keys(order.get(0), Map.copyOf(byId), stamp);
  }

  private static byte[] parseLine(String file, int number, String line) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      throw new KeyBackendException(file + ":" + number + ": not base64 (expected one base64 32-byte key per line)");
    }
    if (key.length != KEY_BYTES) {
      throw new KeyBackendException(
          file + ":" + number + ": decodes to " + key.length + " bytes, expected " + KEY_BYTES);
    }
    return key;
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      // Group read is how a Kubernetes Secret volume (mode 0440, fsGroup) reaches a non-root
      // container, so only world-readable files are warned about.
      if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("{} is readable by others; it holds key-encryption keys (chmod 0600 or 0440)", file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // read() reports a missing or unreadable file with its name
    }
  }

  private static byte[] gcm(int mode, byte[] kek, byte[] nonce, String keyId, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new KeyBackendException("wrapped data key failed authentication under " + keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }
}
