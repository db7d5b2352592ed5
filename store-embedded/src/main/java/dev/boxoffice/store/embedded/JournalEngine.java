package dev.boxoffice.store.embedded;

import java.util.List;

/**
 * Where a {@link GroupCommitJournal} keeps its records: the storage engine under the group commit.
 *
 * <p>Thread policy: confined to the journal's writer thread; not thread-safe.
 */
interface JournalEngine {
  /**
   * Writes a group of records, in order, and makes them durable as the engine's sync mode says
   * before returning. A failure leaves the engine unusable: the journal refuses everything after.
   */
  void commit(List<JournalRecord> records) throws Exception;

  /** The state the records written so far add up to. */
  Journal.State read() throws Exception;

  /** Where the engine keeps its files, for messages. */
  String location();

  void close();
}
