/**
 * The embedded store: all state in memory, every accepted change written to a durable journal
 * before the caller is answered, state rebuilt from the journal at start.
 *
 * <p>{@link dev.boxoffice.store.embedded.EmbeddedStore} decides through one {@link
 * dev.boxoffice.core.inventory.EventLedger} per event under that event's lock, and hands the
 * changes to a {@link dev.boxoffice.store.embedded.Journal}, which commits them in groups on one
 * writer thread. Callers: the app, which wires it, and tests.
 *
 * <p>Why the journal is SQLite in WAL mode rather than an append-only file of our own: SQLite gives
 * atomic, fsynced commits and crash recovery that decades of use have tested (a torn write at the
 * tail of the WAL is discarded, never half-applied), and it lets the journal keep <em>current
 * state</em> instead of history. Each record updates tables of live holds, orders, events and
 * accounts; an ended hold's row is deleted. Restart therefore reads only live state and its time
 * does not grow with how many holds ever existed, with no log compaction or snapshot code of our
 * own to get wrong. A group commit costs one fsync however many changes it carries, which is what
 * an append-only file would cost too.
 */
package dev.boxoffice.store.embedded;
