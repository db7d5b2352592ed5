/**
 * The {@code loadtest} command: drives a Boxoffice server over plain HTTP/1.1 from many keep-alive
 * connections, measures throughput and latency (HdrHistogram, coordinated-omission correct in
 * open-loop mode), and then checks the server's invariants from the outside (no oversell, no lost
 * acknowledged order, holds released on time).
 *
 * <p>A workload is a {@link dev.boxoffice.loadtest.Scenario}; new sale modes add theirs to {@link
 * dev.boxoffice.loadtest.Scenarios}. Traffic goes to loopback addresses only. Nothing here depends
 * on the server's code: the tool speaks the public HTTP API and mints session tokens with the
 * server's key file, as any outside client could.
 */
package dev.boxoffice.loadtest;
