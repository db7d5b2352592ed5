package dev.boxoffice.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server's secrets: the session signing key and the admin key. Each comes from configuration
 * when set there, else from its {@link Keeper}: a file under {@code <data>/keys/}, created with
 * fresh random bytes on first use and kept (mode 0600, folder 0700) so that tokens and the admin
 * key survive restarts and {@code token} signs exactly as the server verifies; or, for servers
 * sharing a distributed store, that store, so that a token one issues is accepted by all.
 *
 * <p>A new key file is written beside its final name and linked into place, so two processes
 * starting at once (a server and {@code token}) agree on one key: the loser of the race reads the
 * winner's file. Stateless; safe to call from any thread.
 */
final class Keys {
  /** HMAC-SHA256 wants a key at least as long as its output. */
  static final int SESSION_KEY_BYTES = 32;

  static final int MIN_ADMIN_KEY_LENGTH = 16;

  private static final String SESSION = "session";
  private static final String ADMIN = "admin";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Keys() {}

  /** A secret and where it came from, in words for the console. */
  record Secret(String value, String origin) {}

  /**
   * Where the secrets the configuration does not give are kept, each made with fresh random bytes
   * by whoever needs it first: a data folder's files ({@link #folder}), or a store every server of
   * a deployment shares.
   */
  @FunctionalInterface
  interface Keeper {
    /** The secret of this name: the kept one, or {@code fresh} kept first. */
    String readOrCreate(String name, Supplier<String> fresh) throws IOException;

    /** Where the secret of this name is kept, in words for the console; by default only here. */
    default String where(String name) {
      return "memory";
    }
  }

  /** Secrets kept as files under {@code <dataDir>/keys/}. */
  static Keeper folder(Path dataDir) {
    return new Keeper() {
      @Override
      public String readOrCreate(String name, Supplier<String> fresh) throws IOException {
        return Keys.readOrCreate(file(dataDir, name), fresh);
      }

      @Override
      public String where(String name) {
        return file(dataDir, name).toString();
      }
    };
  }

  /** The session signing key: {@code session-key} (base64, at least 32 bytes) or the kept one. */
  static byte[] sessionKey(Config config, Path dataDir) throws IOException {
    return sessionKey(config, folder(dataDir));
  }

  /** The session signing key: {@code session-key} (base64, at least 32 bytes) or the kept one. */
  static byte[] sessionKey(Config config, Keeper keeper) throws IOException {
    Optional<String> configured = config.value("session-key");
    String encoded =
        configured.isPresent()
            ? configured.get()
            : keeper.readOrCreate(SESSION, () -> base64(random(SESSION_KEY_BYTES)));
    byte[] key = decode(encoded, configured.isPresent() ? "session-key" : keeper.where(SESSION));
    if (key.length < SESSION_KEY_BYTES) {
      throw new Config.ConfigException(
          "session-key must be at least " + SESSION_KEY_BYTES + " bytes (base64-encoded)");
    }
    return key;
  }

  /** The admin key: {@code admin-key} (at least 16 characters) or the kept one. */
  static Secret adminKey(Config config, Keeper keeper) throws IOException {
    Optional<String> configured = config.value("admin-key");
    if (configured.isPresent()) {
      if (configured.get().length() < MIN_ADMIN_KEY_LENGTH) {
        throw new Config.ConfigException(
            "admin-key must be at least " + MIN_ADMIN_KEY_LENGTH + " characters");
      }
      return new Secret(configured.get(), "from " + Config.envName("admin-key") + " or config");
    }
    String key = keeper.readOrCreate(ADMIN, () -> base64Url(random(SESSION_KEY_BYTES)));
    return new Secret(key, "kept in " + keeper.where(ADMIN));
  }

  private static Path file(Path dataDir, String name) {
    return dataDir.resolve("keys").resolve(name + ".key");
  }

  private static String readOrCreate(Path file, Supplier<String> fresh) throws IOException {
    if (!Files.exists(file)) {
      Path dir = file.getParent();
      if (dir.getParent() != null) {
        Files.createDirectories(dir.getParent());
      }
      Files.createDirectories(dir, ownerOnly("rwx------"));
      Path tmp =
          Files.createTempFile(dir, file.getFileName().toString(), ".tmp", ownerOnly("rw-------"));
      try {
        Files.writeString(tmp, fresh.get() + "\n", StandardCharsets.US_ASCII);
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException lostTheRace) {
        // Another process created the key first; use theirs.
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (key.isEmpty()) {
      throw new Config.ConfigException(file + " is empty; delete it to have a new key made");
    }
    return key;
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
      };
    }
    return new FileAttribute<?>[0];
  }

  private static byte[] decode(String encoded, Object source) {
    try {
      return encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(encoded)
          : Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new Config.ConfigException(source + " is not base64: " + e.getMessage());
    }
  }

  private static byte[] random(int bytes) {
    byte[] key = new byte[bytes];
    RANDOM.nextBytes(key);
    return key;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
