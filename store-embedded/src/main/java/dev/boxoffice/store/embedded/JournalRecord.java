package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.inventory.LedgerChange;

/** One accepted change, as the journal stores it. */
sealed interface JournalRecord {
  record EventCreated(Event event) implements JournalRecord {}

  record AccountRegistered(Account account) implements JournalRecord {}

  record Ledger(LedgerChange change) implements JournalRecord {}
}
