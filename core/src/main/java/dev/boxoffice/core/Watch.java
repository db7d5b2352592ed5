package dev.boxoffice.core;

/**
 * A registration for change notices from a port, such as {@link
 * dev.boxoffice.core.lottery.Lottery#watch}; closing it stops them. Closing is idempotent and never
 * fails.
 */
@FunctionalInterface
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
