/**
 * The rules of Boxoffice, free of any framework: events and their ticket types, holds, orders and
 * accounts, and the ports that stores implement.
 *
 * <p>Values validate themselves on construction, so a bad value cannot exist past the HTTP edge.
 * Expected business outcomes are sealed result types; exceptions are for bugs and broken
 * infrastructure. Callers: the adapters (stores) and the HTTP layer.
 */
package dev.boxoffice.core;
