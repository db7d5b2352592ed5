package dev.boxoffice.store.embedded;

/**
 * How far a journal commit goes before the changes in it are acknowledged: the trade between
 * durability and the cost of a commit.
 */
public enum JournalSync {
  /**
   * Every commit is synced to the disk before its changes are acknowledged: an acknowledged change
   * survives {@code kill -9}, an operating-system crash and power loss. Each group commit costs one
   * disk flush. On open, a torn record at the very end of the journal's log (the write a crash
   * interrupted, never acknowledged) is cut off; damage anywhere else is refused, naming the file.
   * The default.
   */
  FULL,

  /**
   * A commit is written to the operating system before its changes are acknowledged, and reaches
   * the disk when the operating system writes it out, or at the latest when the journal moves it
   * into its tables or closes: an acknowledged change survives {@code kill -9} of the server, but
   * an operating-system crash or power loss may take the last commits back. On open, the log is
   * read up to the first record that did not reach the disk whole, so the journal is never left
   * half applied. For machines whose disk flush is the bottleneck and whose power and kernel are
   * trusted, or whose orders are also kept elsewhere.
   */
  NORMAL
}
