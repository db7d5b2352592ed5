package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.inventory.LedgerChange;

/** One accepted change, as the journal stores it. */
sealed interface JournalRecord {
  /** An event entered the catalog. */
  record EventCreated(Event event) implements JournalRecord {}

  /**
   * An event's stock was opened. The SQLite journal keeps it in the same row as {@link
   * EventCreated}: whichever comes first writes the event, the other finds it there.
   */
  record StockOpened(Event event) implements JournalRecord {}

  record AccountRegistered(Account account) implements JournalRecord {}

  record Ledger(LedgerChange change) implements JournalRecord {}
}
