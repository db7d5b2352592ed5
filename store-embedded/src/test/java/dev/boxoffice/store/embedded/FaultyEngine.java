package dev.boxoffice.store.embedded;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A journal engine that fails the commits a test picks, as a full or failing disk would, and passes
 * everything else to a real engine.
 */
final class FaultyEngine implements JournalEngine {
  private final JournalEngine engine;
  private final Predicate<List<JournalRecord>> fails;

  FaultyEngine(JournalEngine engine, Predicate<List<JournalRecord>> fails) {
    this.engine = engine;
    this.fails = fails;
  }

  /** Fails every commit that writes to the table. */
  static Predicate<List<JournalRecord>> writing(Table<?> table) {
    return records ->
        records.stream()
            .anyMatch(
                r ->
                    switch (r) {
                      case JournalRecord.Put<?> put -> put.table() == table;
                      case JournalRecord.Insert<?> insert -> insert.table() == table;
                      case JournalRecord.Delete delete -> delete.table() == table;
                      case JournalRecord.DeleteRange range -> range.table() == table;
                    });
  }

  @Override
  public void commit(List<JournalRecord> records) throws Exception {
    if (fails.test(records)) {
      throw new IOException("disk refused the write");
    }
    engine.commit(records);
  }

  @Override
  public <V> void scan(Table<V> table, BiConsumer<String, V> each) {
    engine.scan(table, each);
  }

  @Override
  public <V> Optional<V> get(Table<V> table, String key) {
    return engine.get(table, key);
  }

  @Override
  public String location() {
    return engine.location();
  }

  @Override
  public void close() {
    engine.close();
  }
}
