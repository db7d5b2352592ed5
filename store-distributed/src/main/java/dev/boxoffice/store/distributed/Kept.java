package dev.boxoffice.store.distributed;

import java.time.Instant;

/** A value read from a service, kept in a server's memory until {@code until}. */
record Kept<T>(T value, Instant until) {}
