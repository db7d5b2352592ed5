package dev.boxoffice.store.distributed;

/**
 * A service the distributed store needs (PostgreSQL, Redis) could not be used at start: its message
 * names the service, where it was looked for, and why, for the operator to fix.
 */
public final class ServiceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ServiceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
