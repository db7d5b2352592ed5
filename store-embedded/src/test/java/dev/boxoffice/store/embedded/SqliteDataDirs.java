package dev.boxoffice.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fresh SQLite-backed stores for the port contracts, each in its own temporary data directory.
 * Works under both JUnit and jqwik (whose properties get no {@code @TempDir}), so the contract
 * classes call {@link #closeAndDelete} from a method marked for both engines' after-callbacks.
 *
 * <p>The contracts test what the store decides, not the disk: where {@code /dev/shm} (tmpfs) exists
 * the directories live there, so the same code runs with the same pragmas but each fsync costs
 * nothing and the suites take seconds. The journal and recovery tests use the real disk.
 *
 * <p>Thread policy: not thread-safe; one per test instance.
 */
final class SqliteDataDirs {
  private static final Path MEMORY_BACKED = Path.of("/dev/shm");

  private final List<EmbeddedStore> stores = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();

  /** A new, empty durable store in a new directory. */
  EmbeddedStore open(InstantSource clock) {
    try {
      Path dir =
          Files.isDirectory(MEMORY_BACKED) && Files.isWritable(MEMORY_BACKED)
              ? Files.createTempDirectory(MEMORY_BACKED, "boxoffice-sqlite-")
              : Files.createTempDirectory("boxoffice-sqlite-");
      dirs.add(dir);
      EmbeddedStore store = EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE);
      stores.add(store);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes every store opened here (closing twice is harmless) and deletes its directory. */
  void closeAndDelete() {
    try {
      stores.forEach(EmbeddedStore::close);
    } finally {
      stores.clear();
      delete();
    }
  }

  private void delete() {
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    dirs.clear();
  }
}
