package dev.boxoffice.store.embedded;

import dev.boxoffice.core.StoreUnavailableException;

/**
 * The journal could not make a change durable: the disk failed, the database refused a write, or
 * the journal was closed. Once a journal has failed it refuses every later change, so the store's
 * memory never runs ahead of its disk unnoticed; the store reports itself unhealthy.
 */
public final class JournalException extends StoreUnavailableException {
  private static final long serialVersionUID = 1L;

  JournalException(String message) {
    super(message);
  }

  JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
