package dev.boxoffice.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder's format version, kept in the file {@value #FILE}, and the move from an older
 * format to this one, done once when a folder is first opened by this release.
 *
 * <ul>
 *   <li>Format 2, this release: the journal is a RocksDB database in {@value #JOURNAL}/.
 *   <li>Format 1, the releases before (no {@value #FILE} file): one SQLite database, see {@link
 *       FormatOne}. It is copied into a new journal, which replaces it only once complete; then the
 *       version is written and the old files are moved to {@value #BACKUP_ONE}/, and the log says
 *       so. A move that is interrupted starts again from the old files at the next open.
 * </ul>
 *
 * A folder of a newer format than this release knows is refused.
 */
final class DataFormat {
  static final int CURRENT = 2;
  static final String FILE = "format";
  static final String JOURNAL = "journal";
  static final String BACKUP_ONE = "format-1-backup";

  private static final String MIGRATING = "journal.migrating";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final int RECORDS_PER_COMMIT = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(DataFormat.class);

  private DataFormat() {}

  /**
   * Makes {@code dir} a folder of the current format, moving it from an older one if needed, and
   * returns the journal's folder in it.
   *
   * @throws JournalException if the folder is of a newer or unknown format, or cannot be moved
   */
  static Path prepare(Path dir) {
    Path file = dir.resolve(FILE);
    Path journal = dir.resolve(JOURNAL);
    try {
      if (Files.exists(file)) {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!text.equals(Integer.toString(CURRENT))) {
          throw new JournalException(
              "data folder "
                  + dir
                  + " is of format '"
                  + text
                  + "', which this release cannot read (it reads format "
                  + CURRENT
                  + " and moves format 1); was it written by a newer release?");
        }
        backUpFormatOne(dir);
        return journal;
      }
      if (Files.exists(dir.resolve(FormatOne.DATABASE))) {
        migrateFromOne(dir, journal);
      } else {
        createPrivateDirectory(journal);
      }
      writeAtomically(file, CURRENT + "\n");
      backUpFormatOne(dir);
      return journal;
    } catch (IOException | SQLException e) {
      throw new JournalException(
          "cannot prepare data folder " + dir + " for format " + CURRENT + ": " + e.getMessage(),
          e);
    }
  }

  private static void migrateFromOne(Path dir, Path journal) throws IOException, SQLException {
    Path database = dir.resolve(FormatOne.DATABASE);
    LOG.info(
        "Data folder {} is of format 1 (SQLite); moving it to format {} (RocksDB), once",
        dir,
        CURRENT);
    Path migrating = dir.resolve(MIGRATING);
    deleteRecursively(migrating);
    deleteRecursively(journal);
    createPrivateDirectory(migrating);
    RocksJournal target = RocksJournal.open(migrating, JournalSync.FULL);
    FormatOne.Copied copied;
    try {
      List<JournalRecord> batch = new ArrayList<>();
      copied =
          FormatOne.copy(
              database,
              record -> {
                batch.add(record);
                if (batch.size() == RECORDS_PER_COMMIT) {
                  commit(target, batch);
                  batch.clear();
                }
              });
      commit(target, batch);
    } finally {
      target.close();
    }
    Files.move(migrating, journal, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
    LOG.info(
        "Data folder {} moved to format {}: {} events, {} accounts, {} live holds, {} orders",
        dir,
        CURRENT,
        copied.events(),
        copied.accounts(),
        copied.liveHolds(),
        copied.orders());
  }

  /** Moves what is left of format 1 into {@value #BACKUP_ONE}, once the new journal is in place. */
  private static void backUpFormatOne(Path dir) throws IOException {
    Path backup = dir.resolve(BACKUP_ONE);
    boolean moved = false;
    for (String name : FormatOne.FILES) {
      Path old = dir.resolve(name);
      if (Files.exists(old)) {
        createPrivateDirectory(backup);
        Files.move(old, backup.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        moved = true;
      }
    }
    if (moved) {
      syncDirectory(dir);
      LOG.info(
          "The format-1 files of {} are kept in {}; delete them once this release serves well",
          dir,
          backup);
    }
  }

  private static void commit(RocksJournal target, List<JournalRecord> records) {
    try {
      target.commit(records);
    } catch (Exception e) {
      throw new JournalException("cannot write the new journal: " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(temporary);
    if (posix(file.getParent())) {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
    }
    Files.writeString(
        temporary,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(file.getParent());
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix(dir.getParent())) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createDirectory(dir);
    }
  }

  private static boolean posix(Path dir) {
    return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Makes a folder's entries durable: a renamed or new file's name lives in its folder. Where a
   * folder cannot be opened for syncing (not Linux or macOS) this is skipped.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Cannot sync directory {}", dir, e);
    }
  }
}
