package dev.boxoffice.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder, and the folders in it, open to their owner only ({@code rwx------}): they hold
 * password hashes and every order. The journal's own files are created by RocksDB with the
 * process's default mode; nobody else can reach them through a folder they cannot enter. On a file
 * system without POSIX permissions nothing is changed.
 */
final class DataFolder {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private DataFolder() {}

  /** Creates {@code dir} if needed and makes it private. */
  static void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
        Files.setPosixFilePermissions(dir, FOLDER);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare data directory " + dir, e);
    }
  }
}
