package dev.boxoffice.store.embedded;

import dev.boxoffice.core.event.EventId;
import java.util.regex.Pattern;

/**
 * A named set of values kept by key in the journal: the live state of one kind of thing (events,
 * live holds, orders). A feature declares its tables beside its own code, each with the {@link
 * Codec} of its values, and changes them with {@link JournalRecord}s; the journal knows tables,
 * keys and bytes, not features. A table's name is part of the data folder's format: never rename
 * one, and never give a new table an old name.
 *
 * @param name lowercase letters and hyphens, unique in the store
 */
record Table<V>(String name, Codec<V> codec) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z-]{0,30}");

  Table {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a table's name is 1-31 lowercase letters: " + name);
    }
  }

  /**
   * The event a key of a per-event table belongs to: such keys are the event's id, or it, a dot and
   * more (event ids have no dots).
   */
  static EventId eventOf(String key) {
    int dot = key.indexOf('.');
    return new EventId(dot < 0 ? key : key.substring(0, dot));
  }
}
