package dev.boxoffice.store.embedded;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where a {@link GroupCommitJournal} keeps its tables: the storage engine under the group commit.
 *
 * <p>Thread policy: {@link #commit} is called on the journal's writer thread only; {@link #scan}
 * and {@link #get} from any thread, concurrently with it.
 */
interface JournalEngine {
  /**
   * Applies a group of records, in order and atomically, and makes them durable as the engine's
   * sync mode says before returning. A failure leaves the engine unusable: the journal refuses
   * everything after.
   */
  void commit(List<JournalRecord> records) throws Exception;

  /** See {@link Journal#scan}; a failure to read throws {@link JournalException}. */
  <V> void scan(Table<V> table, BiConsumer<String, V> each);

  /** See {@link Journal#get}; a failure to read throws {@link JournalException}. */
  <V> Optional<V> get(Table<V> table, String key);

  /** Where the engine keeps its files, for messages. */
  String location();

  void close();
}
