package dev.boxoffice.core.sale;

import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.Stock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Putting an event on sale across two ports that may live in different stores. */
class SalesTest {
  private static final Instant NOW = Instant.parse("2030-06-01T10:00:00Z");

  private final List<String> calls = new ArrayList<>();
  private final Catalog catalog = new Catalog();
  private final Stockroom stockroom = new Stockroom();
  private final Sales sales = new Sales(catalog, stockroom);

  @Test
  void theStockOpensBeforeTheEventIsListed() {
    Event event = anEvent(NOW).build();

    assertThat(sales.open(event, NOW)).isTrue();

    assertThat(calls)
        .containsExactly("setUp " + event.id().value(), "create " + event.id().value());
    assertThat(catalog.find(event.id())).contains(event);
  }

  @Test
  void whatTheEventMustHaveBeforeItIsListedIsSetUpBetweenTheTwoSteps() {
    Event event = anEvent(NOW).build();

    assertThat(sales.open(event, NOW, () -> calls.add("room"))).isTrue();

    assertThat(calls)
        .containsExactly("setUp " + event.id().value(), "room", "create " + event.id().value());
  }

  @Test
  void anAttemptThatFailedBetweenTheTwoStepsCanBeRepeated() {
    Event event = anEvent(NOW).build();
    catalog.failNext = true;

    assertThatThrownBy(() -> sales.open(event, NOW)).isInstanceOf(StoreUnavailableException.class);
    assertThat(catalog.find(event.id())).isEmpty();

    assertThat(sales.open(event, NOW)).isTrue();
    assertThat(catalog.find(event.id())).contains(event);
  }

  @Test
  void aTakenIdIsRefusedAndTheFirstEventStays() {
    Event first = anEvent(NOW).id("gig").build();
    Event second = anEvent(NOW).id("gig").name("Another").build();
    sales.open(first, NOW);

    assertThat(sales.open(second, NOW)).isFalse();
    assertThat(catalog.find(first.id())).contains(first);
  }

  @Test
  void anEventThatMayNotBeNewIsRefusedBeforeAnythingIsWritten() {
    Event started = anEvent(NOW).build();

    assertThatThrownBy(() -> sales.open(started, started.startsAt()))
        .isInstanceOf(InvalidValueException.class);
    assertThat(calls).isEmpty();
  }

  private final class Catalog implements Events {
    final Map<EventId, Event> events = new HashMap<>();
    boolean failNext;

    @Override
    public boolean create(Event event) {
      calls.add("create " + event.id().value());
      if (failNext) {
        failNext = false;
        throw new StoreUnavailableException("catalog down");
      }
      return events.putIfAbsent(event.id(), event) == null;
    }

    @Override
    public Optional<Event> find(EventId id) {
      return Optional.ofNullable(events.get(id));
    }

    @Override
    public List<Event> list() {
      return List.copyOf(events.values());
    }
  }

  /**
   * Stock that, like every Inventory, opens again for an equal event and not for another. Opening a
   * sale only sets stock up; a call that sells fails the test loudly rather than answer made-up
   * results (the selling calls are the inventory contract's, run against every adapter).
   */
  private final class Stockroom implements Inventory {
    final Map<EventId, Event> open = new HashMap<>();

    @Override
    public boolean setUp(Event event) {
      calls.add("setUp " + event.id().value());
      return open.computeIfAbsent(event.id(), id -> event).equals(event);
    }

    @Override
    public HoldResult hold(HoldRequest request, Instant now) {
      throw new AssertionError("opening a sale does not sell");
    }

    @Override
    public CompleteResult complete(HoldId hold, UserId user, Instant now) {
      throw new AssertionError("opening a sale does not sell");
    }

    @Override
    public ReleaseResult release(HoldId hold, UserId user, Instant now) {
      throw new AssertionError("opening a sale does not sell");
    }

    @Override
    public int expire(Instant now) {
      return 0;
    }

    @Override
    public Optional<Stock> stock(EventId event) {
      return Optional.empty();
    }
  }
}
