package dev.boxoffice.store.embedded;

/** One change to the journal's tables, as an adapter hands it to {@link Journal#append}. */
sealed interface JournalRecord {
  /** Sets the value under {@code key}, replacing any. */
  record Put<V>(Table<V> table, String key, V value) implements JournalRecord {}

  /**
   * Sets the value under a {@code key} that must have none: finding one fails the commit, and with
   * it the journal, as memory and disk then disagree. The last line against doing a thing twice
   * that may happen once (selling one hold).
   */
  record Insert<V>(Table<V> table, String key, V value) implements JournalRecord {}

  /** Removes the value under {@code key}, if any. */
  record Delete(Table<?> table, String key) implements JournalRecord {}

  /** Removes every value whose key is at least {@code from} and less than {@code to}. */
  record DeleteRange(Table<?> table, String from, String to) implements JournalRecord {}
}
