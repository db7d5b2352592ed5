package dev.boxoffice.store.embedded;

/**
 * How far a journal commit goes before the changes in it are acknowledged: the trade between
 * durability and the cost of a commit.
 */
public enum JournalSync {
  /**
   * Every commit is fsynced before its changes are acknowledged (SQLite {@code synchronous=FULL}):
   * an acknowledged change survives {@code kill -9}, an operating-system crash and power loss. Each
   * group commit costs one disk flush. The default.
   */
  FULL(2),

  /**
   * A commit is written to the operating system before its changes are acknowledged, and the disk
   * is flushed at each WAL checkpoint (SQLite {@code synchronous=NORMAL}): an acknowledged change
   * survives {@code kill -9} of the server, but an operating-system crash or power loss may take
   * the last commits back (never corrupting the journal). For machines whose disk flush is the
   * bottleneck and whose power and kernel are trusted, or whose orders are also kept elsewhere.
   */
  NORMAL(1);

  private final int pragmaValue;

  JournalSync(int pragmaValue) {
    this.pragmaValue = pragmaValue;
  }

  /** The value SQLite reports for {@code PRAGMA synchronous} in this mode. */
  int pragmaValue() {
    return pragmaValue;
  }
}
