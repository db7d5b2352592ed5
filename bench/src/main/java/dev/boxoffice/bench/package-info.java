/**
 * JMH benchmarks of the hot path: the ledger's decisions alone, the embedded store's locking and
 * indexing around them, and the durable store with group commit. Run with {@code ./boxoffice
 * bench}; results and the exact commands are in BENCHMARKS.md.
 */
package dev.boxoffice.bench;
