package dev.boxoffice.core.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every port contract suite shares: a {@link MutableClock} per test, and a list of what the
 * test opened ({@link #closeAfter}), closed after it in reverse order.
 *
 * <p>An adapter's test extends one contract and says only how to build the port under test:
 *
 * <pre>{@code
 * class EmbeddedInventoryInMemoryTest extends InventoryContract {
 *   @Override
 *   protected Inventory newInventory(MutableClock clock) {
 *     return closeAfter(EmbeddedStore.inMemory(clock)).stores().inventory();
 *   }
 * }
 * }</pre>
 *
 * <p>The port is built anew for every test, so tests never see each other's events or users.
 */
public abstract class PortContract {
  protected MutableClock clock;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeEach
  final void startClock() {
    clock = new MutableClock();
  }

  /**
   * Closes what {@link #closeAfter} registered, last first. Runs after every test; a jqwik
   * property, which JUnit's lifecycle does not reach, calls it after each try.
   */
  @AfterEach
  protected final void closeWhatWasOpened() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  /** Closes {@code resource} after the test, before what was opened earlier; returns it. */
  protected <T extends AutoCloseable> T closeAfter(T resource) {
    opened.push(resource);
    return resource;
  }
}
