package dev.boxoffice.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The data folder, readable by its owner only: it holds password hashes and every order. The folder
 * is made {@code rwx------} and the journal's files {@code rw-------}: the database file is created
 * so before SQLite opens it, SQLite gives its {@code -wal}, {@code -shm} and {@code -journal} files
 * the database file's mode, and the files of a folder written by an earlier release, with looser
 * modes, are tightened when opened. Other files in the folder are left alone, and links are not
 * followed. On a file system without POSIX permissions nothing is changed.
 */
final class DataFolder {
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final List<String> JOURNAL_SUFFIXES = List.of("", "-wal", "-shm", "-journal");

  private DataFolder() {}

  /** Creates {@code dir} if needed and makes it and the {@code database} files private. */
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
      for (String suffix : JOURNAL_SUFFIXES) {
        Path file = database.resolveSibling(database.getFileName() + suffix);
        PosixFileAttributeView view =
            Files.getFileAttributeView(
                file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          view.setPermissions(FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare data directory " + dir, e);
    }
  }
}
