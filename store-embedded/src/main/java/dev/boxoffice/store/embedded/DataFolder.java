package dev.boxoffice.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder, readable by its owner only: it holds password hashes and every order. The folder
 * is made {@code rwx------} and every file in it {@code rw-------}; the database file is created so
 * before SQLite opens it, and SQLite gives its {@code -wal} and {@code -shm} files the database
 * file's mode. A folder written by an earlier release, with looser modes, is tightened when opened.
 * On a file system without POSIX permissions nothing is changed.
 */
final class DataFolder {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataFolder() {}

  /** Creates {@code dir} if needed and makes it and {@code database} (created empty) private. */
  static void prepare(Path dir, Path database) {
    try {
      Files.createDirectories(dir);
      if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
        return;
      }
      Files.setPosixFilePermissions(dir, FOLDER);
      try {
        Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
      } catch (FileAlreadyExistsException exists) {
        // an existing store: its mode is set below
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
        for (Path file : files) {
          Files.setPosixFilePermissions(file, FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare data directory " + dir, e);
    }
  }
}
