package dev.boxoffice.store.embedded;

import dev.boxoffice.core.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh durable store for the port contracts, in a temporary data directory that closing it
 * deletes; the contracts close it after each test or try ({@code closeAfter}).
 *
 * <p>The contracts test what the store decides, not the disk: where {@code /dev/shm} (tmpfs) exists
 * the directory lives there, so the same code runs with the same settings but each fsync costs
 * nothing and the suites take seconds. The journal and recovery tests use the real disk.
 */
final class TempStore implements AutoCloseable {
  private static final Path MEMORY_BACKED = Path.of("/dev/shm");

  private final EmbeddedStore store;
  private final Path dir;

  private TempStore(EmbeddedStore store, Path dir) {
    this.store = store;
    this.dir = dir;
  }

  /** A new, empty durable store in a new directory. */
  static TempStore open(InstantSource clock) {
    try {
      Path dir =
          Files.isDirectory(MEMORY_BACKED) && Files.isWritable(MEMORY_BACKED)
              ? Files.createTempDirectory(MEMORY_BACKED, "boxoffice-store-")
              : Files.createTempDirectory("boxoffice-store-");
      return new TempStore(
          EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Stores stores() {
    return store.stores();
  }

  /** Closes the store and deletes its directory. */
  @Override
  public void close() {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
