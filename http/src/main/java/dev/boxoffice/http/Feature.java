package dev.boxoffice.http;

/**
 * One part of the API: its routes, and any checks it runs around other routes. The server is the
 * list of its features; adding a way to sell adds a feature to that list (see the app's wiring),
 * beside the others, without editing them.
 */
@FunctionalInterface
public interface Feature {
  /** Adds this feature's routes (and filters) to the table. */
  void register(Routes routes);
}
