package dev.boxoffice.core;

/**
 * A store could not make a change durable or could not be reached: broken infrastructure, not a
 * business outcome. The change was not acknowledged; the caller may retry once the store is back.
 */
public class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
