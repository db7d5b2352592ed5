/**
 * The embedded store: all state in memory, every accepted change written to a durable journal
 * before the caller is answered (and before anyone can read it), state rebuilt from the journal at
 * start.
 *
 * <p>{@link dev.boxoffice.store.embedded.EmbeddedStore} builds one adapter per port. The inventory
 * decides through one {@link dev.boxoffice.store.embedded.EventShard} per event: that event's lock
 * over its {@link dev.boxoffice.core.inventory.EventLedger} and the parts other features keep per
 * event; every adapter hands its changes to one {@link dev.boxoffice.store.embedded.Journal}, which
 * commits them in groups on one writer thread. Callers: the app, which wires it, and tests.
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
