package dev.boxoffice.core.testing;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.SaleRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events and users for tests, shared by every module's suites: an event with the three ticket types
 * of the demo sale ({@link #GA}, {@link #VIP}, {@link #ONE_DAY}), its sale open from an hour before
 * the given instant until a day after it.
 *
 * <pre>{@code
 * Event event = TestEvents.anEvent(clock.now()).capacity(GA, 10).perUserLimit(4).build();
 * }</pre>
 *
 * <p>Every built event gets a fresh id unless one is given, so tests sharing a store do not
 * collide. Builders are not thread-safe; the events they build are immutable.
 */
public final class TestEvents {
  public static final TicketTypeCode GA = new TicketTypeCode("GA");
  public static final TicketTypeCode VIP = new TicketTypeCode("VIP");
  public static final TicketTypeCode ONE_DAY = new TicketTypeCode("ONE_DAY");

  /** A code no test event has. */
  public static final TicketTypeCode UNKNOWN_TYPE = new TicketTypeCode("BACKSTAGE");

  public static final String CURRENCY = "EUR";
  public static final long GA_PRICE_MINOR = 4_500;
  public static final long VIP_PRICE_MINOR = 12_000;
  public static final long ONE_DAY_PRICE_MINOR = 2_500;

  public static final int DEFAULT_CAPACITY = 100;
  public static final int DEFAULT_PER_USER_LIMIT = 6;
  public static final Duration DEFAULT_HOLD_TTL = Duration.ofSeconds(30);

  private TestEvents() {}

  /** The default test event, sale open around {@code now}. */
  public static Event event(Instant now) {
    return anEvent(now).build();
  }

  /** A new ledger of the event, judging rights by the standard sale rules. */
  public static EventLedger ledger(Event event) {
    return new EventLedger(event, SaleRules.standard().of(event.mode()));
  }

  /** A builder for a test event whose sale is open around {@code now}. */
  public static Builder anEvent(Instant now) {
    return new Builder(now);
  }

  /** A user id for racer or actor number {@code i}. */
  public static UserId user(int i) {
    return new UserId("user-" + i);
  }

  /** A user id with the given name. */
  public static UserId user(String name) {
    return new UserId(name);
  }

  /** Builds a test event; every setting has a default. */
  public static final class Builder {
    private EventId id;
    private String name = "Test concert";
    private Instant startsAt;
    private Instant opensAt;
    private Instant closesAt;
    private Duration holdTtl = DEFAULT_HOLD_TTL;
    private int perUserLimit = DEFAULT_PER_USER_LIMIT;
    private SaleMode mode = SaleMode.FIRST_COME;
    private final Map<TicketTypeCode, Integer> capacities = new LinkedHashMap<>();
    private final Map<TicketTypeCode, Long> prices = new LinkedHashMap<>();

    private Builder(Instant now) {
      this.startsAt = now.plus(Duration.ofDays(7));
      this.opensAt = now.minus(Duration.ofHours(1));
      this.closesAt = now.plus(Duration.ofDays(1));
      capacities.put(GA, DEFAULT_CAPACITY);
      capacities.put(VIP, DEFAULT_CAPACITY);
      capacities.put(ONE_DAY, DEFAULT_CAPACITY);
      prices.put(GA, GA_PRICE_MINOR);
      prices.put(VIP, VIP_PRICE_MINOR);
      prices.put(ONE_DAY, ONE_DAY_PRICE_MINOR);
    }

    public Builder id(String value) {
      this.id = new EventId(value);
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder startsAt(Instant value) {
      this.startsAt = value;
      return this;
    }

    /** Sale open from {@code opens} (inclusive) to {@code closes} (exclusive). */
    public Builder saleWindow(Instant opens, Instant closes) {
      this.opensAt = opens;
      this.closesAt = closes;
      return this;
    }

    public Builder holdTtl(Duration value) {
      this.holdTtl = value;
      return this;
    }

    public Builder perUserLimit(int value) {
      this.perUserLimit = value;
      return this;
    }

    public Builder mode(SaleMode value) {
      this.mode = value;
      return this;
    }

    /** Sets one ticket type's capacity, adding the type (priced at 10.00) if it is new. */
    public Builder capacity(TicketTypeCode code, int value) {
      capacities.put(code, value);
      prices.putIfAbsent(code, 1_000L);
      return this;
    }

    /** Sets the capacity of every ticket type. */
    public Builder capacityOfEach(int value) {
      capacities.replaceAll((code, old) -> value);
      return this;
    }

    /** Keeps only the given ticket types, in the given order. */
    public Builder onlyTypes(TicketTypeCode... codes) {
      Map<TicketTypeCode, Integer> kept = new LinkedHashMap<>();
      for (TicketTypeCode code : codes) {
        kept.put(code, capacities.getOrDefault(code, DEFAULT_CAPACITY));
        prices.putIfAbsent(code, 1_000L);
      }
      capacities.clear();
      capacities.putAll(kept);
      return this;
    }

    public Event build() {
      List<TicketType> types = new ArrayList<>();
      capacities.forEach(
          (code, capacity) ->
              types.add(
                  new TicketType(
                      code,
                      code.value() + " ticket",
                      new Money(prices.get(code), CURRENCY),
                      capacity)));
      EventId eventId = id != null ? id : EventId.random();
      return new Event(
          eventId,
          name,
          "Test venue",
          startsAt,
          new SaleWindow(opensAt, closesAt),
          holdTtl,
          perUserLimit,
          mode,
          types);
    }
  }
}
