/**
 * The embedded store: all state in memory, every accepted change written to a durable journal
 * before the caller is answered (and before anyone can read it), state rebuilt from the journal at
 * start.
 *
 * <p>{@link dev.boxoffice.store.embedded.EmbeddedStore} builds one adapter per port. The inventory
 * decides through one {@link dev.boxoffice.store.embedded.EventShard} per event: that event's lock
 * over its {@link dev.boxoffice.core.inventory.EventLedger} and the parts other features keep per
 * event. Every adapter keeps its durable state as {@link dev.boxoffice.store.embedded.Table}s of
 * its own, changed by records handed to one {@link dev.boxoffice.store.embedded.Journal}, which
 * commits them in groups on one writer thread into RocksDB ({@link
 * dev.boxoffice.store.embedded.RocksJournal}, chosen by measurement; see BENCHMARKS.md). The
 * journal knows tables, keys and bytes, not features. {@link
 * dev.boxoffice.store.embedded.DataFormat} versions the data folder. Callers: the app, which wires
 * it, and tests.
 */
package dev.boxoffice.store.embedded;
