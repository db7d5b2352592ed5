package dev.boxoffice.core.blacklist;

/**
 * The users and client addresses barred from buying, kept durably: every change is durable when the
 * method returns, and {@link #barred} is cheap enough to read on every request.
 *
 * <p>Implementations are thread-safe; changes are applied one at a time, none lost.
 */
public interface Blacklist {
  /** What is barred now. */
  Barred barred();

  /** Bars {@code more} besides what is barred; returns what is barred after. */
  Barred bar(Barred more);

  /** Lifts {@code fewer}; entries not barred are ignored. Returns what is barred after. */
  Barred lift(Barred fewer);
}
