package dev.boxoffice.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every port contract suite shares: a fresh store per test on a {@link MutableClock}, closed
 * after it, and short ways to create events, take holds and read stock.
 *
 * <p>An adapter's test extends one contract per port and says only how to build its store:
 *
 * <pre>{@code
 * class EmbeddedInventoryInMemoryTest extends InventoryContract {
 *   @Override
 *   protected Stores newStores(MutableClock clock) {
 *     return EmbeddedStore.inMemory(clock).stores();
 *   }
 * }
 * }</pre>
 *
 * <p>The store is built anew for every test, so tests never see each other's events or users. Any
 * port that is {@link AutoCloseable} is closed after the test.
 */
public abstract class PortContract {
  protected MutableClock clock;
  protected Stores stores;

  /**
   * A new, empty store whose ports all share the given clock (for its own timers, such as an expiry
   * sweeper). Decisions use the {@code now} each call passes.
   */
  protected abstract Stores newStores(MutableClock clock);

  @BeforeEach
  final void openStores() {
    clock = new MutableClock();
    stores = newStores(clock);
  }

  @AfterEach
  final void closeStores() throws Exception {
    close(stores);
  }

  /** Closes every distinct port of {@code stores} that is {@link AutoCloseable}. */
  protected static void close(Stores stores) throws Exception {
    if (stores == null) {
      return;
    }
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Object> ports = new ArrayList<>();
    for (Object port :
        List.of(stores.events(), stores.inventory(), stores.orders(), stores.accounts())) {
      if (seen.add(port)) {
        ports.add(port);
      }
    }
    for (Object port : ports) {
      if (port instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /** Creates the event in the store, asserting it was accepted. */
  protected Event create(Event event) {
    assertThat(stores.events().create(event)).as("create " + event.id()).isTrue();
    return event;
  }

  /** Creates the event the builder describes. */
  protected Event create(TestEvents.Builder event) {
    return create(event.build());
  }

  /** Asks for a hold now. */
  protected HoldResult tryHold(Event event, UserId user, TicketTypeCode type, int quantity) {
    return stores
        .inventory()
        .hold(new HoldRequest(event.id(), user, type, new Quantity(quantity)), clock.now());
  }

  /** Takes a hold now, asserting it was granted. */
  protected Hold hold(Event event, UserId user, TicketTypeCode type, int quantity) {
    return held(tryHold(event, user, type, quantity));
  }

  /** The hold of a result that must be {@link HoldResult.Held}. */
  protected static Hold held(HoldResult result) {
    assertThat(result).isInstanceOf(HoldResult.Held.class);
    return ((HoldResult.Held) result).hold();
  }

  /** Completes the hold now as its holder, asserting a first completion. */
  protected Order complete(Hold hold) {
    CompleteResult result = stores.inventory().complete(hold.id(), hold.user(), clock.now());
    assertThat(result).isInstanceOf(CompleteResult.Completed.class);
    CompleteResult.Completed completed = (CompleteResult.Completed) result;
    assertThat(completed.repeated()).isFalse();
    return completed.order();
  }

  /** The current stock of one ticket type of the event. */
  protected TypeStock stockOf(Event event, TicketTypeCode type) {
    return stores.inventory().stock(event.id()).orElseThrow().of(type).orElseThrow();
  }
}
