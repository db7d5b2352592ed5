/**
 * Events on sale: their ticket types, prices, sale window, hold time and per-user limit, and the
 * {@link dev.boxoffice.core.event.Events} port that stores them.
 *
 * <p>An {@link dev.boxoffice.core.event.Event} is immutable once created; every field is validated
 * in its constructor. Callers: the HTTP layer (create, read) and stores.
 */
package dev.boxoffice.core.event;
