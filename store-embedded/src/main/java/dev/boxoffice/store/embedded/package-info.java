/**
 * The embedded store: all state in memory, every accepted change written to a durable journal
 * before the caller is answered, state rebuilt from the journal at start.
 *
 * <p>{@link dev.boxoffice.store.embedded.EmbeddedStore} decides through one {@link
 * dev.boxoffice.core.inventory.EventLedger} per event under that event's lock, and hands the
 * changes to a {@link dev.boxoffice.store.embedded.Journal}, which commits them in groups on one
 * writer thread. Callers: the app, which wires it, and tests.
 */
package dev.boxoffice.store.embedded;
