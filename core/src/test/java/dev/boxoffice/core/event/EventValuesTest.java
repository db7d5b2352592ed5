package dev.boxoffice.core.event;

import static dev.boxoffice.core.testing.InvalidValues.assertRefuses;
import static dev.boxoffice.core.testing.TestEvents.GA;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every event value refuses a bad field and names it, so the HTTP edge can answer 400. */
class EventValuesTest {
  private static final Instant NOW = Instant.parse("2030-06-01T18:00:00Z");
  private static final SaleWindow WINDOW = new SaleWindow(NOW, NOW.plusSeconds(3600));
  private static final TicketType GA_TYPE =
      new TicketType(GA, "General admission", new Money(4500, "EUR"), 100);

  private static Event event(
      String name, Duration ttl, int limit, SaleMode mode, List<TicketType> types) {
    return new Event(
        new EventId("ev1"),
        name,
        "Venue",
        NOW.plusSeconds(86_400),
        WINDOW,
        ttl,
        limit,
        mode,
        types);
  }

  /** An event otherwise valid, with these names, start and currency. */
  private static Event event(
      String name, String venue, String typeName, Instant startsAt, String currency) {
    return new Event(
        new EventId("ev1"),
        name,
        venue,
        startsAt,
        WINDOW,
        Duration.ofSeconds(30),
        4,
        SaleMode.FIRST_COME,
        List.of(
            GA_TYPE,
            new TicketType(new TicketTypeCode("VIP"), typeName, new Money(9000, currency), 10)));
  }

  private static Event event(String name) {
    return event(name, "Venue", "VIP", NOW.plusSeconds(86_400), "EUR");
  }

  @Test
  void aNewEventLiesAheadAndItsSaleClosesNoLaterThanItStarts() {
    Event event = event("Show");
    event.requireNew(NOW);
    assertRefuses("saleClosesAt", () -> event.requireNew(WINDOW.closesAt()));
    assertRefuses("startsAt", () -> event.requireNew(event.startsAt()));
    Event startsMidSale = event("Show", "Venue", "VIP", WINDOW.closesAt().minusSeconds(1), "EUR");
    assertRefuses("saleClosesAt", () -> startsMidSale.requireNew(NOW));
  }

  @Test
  void aNewEventsNamesAreTextPeopleReadWithNothingHidden() {
    for (String bad :
        new String[] {
          "a\u0000b",
          "a\nb",
          "a\tb",
          "a\u007fb",
          "a\u0085b",
          "\u202eevil",
          "a\u2067b",
          "a\u200eb",
          "a\u061cb",
          "a\ud800b",
          "a\udc00"
        }) {
      Instant later = NOW.plusSeconds(86_400);
      assertRefuses("name", () -> event(bad, "Venue", "VIP", later, "EUR").requireNew(NOW));
      assertRefuses("venue", () -> event("Show", bad, "VIP", later, "EUR").requireNew(NOW));
      assertRefuses(
          "ticketTypes[1].name", () -> event("Show", "Venue", bad, later, "EUR").requireNew(NOW));
    }
    event("Caf\u00e9 \ud83c\udfb8 \u05e9\u05dc\u05d5\u05dd\u200d").requireNew(NOW);
  }

  @Test
  void aNewEventsCurrenciesAreOnesIso4217Knows() {
    event("Show", "Venue", "VIP", NOW.plusSeconds(86_400), "JPY").requireNew(NOW);
    for (String unknown : new String[] {"ZZZ", "ABC"}) {
      Event event = event("Show", "Venue", "VIP", NOW.plusSeconds(86_400), unknown);
      assertRefuses("ticketTypes[1].currency", () -> event.requireNew(NOW));
    }
    for (String malformed : new String[] {"eur", "EURO", "", "E1R"}) {
      assertRefuses("currency", () -> new Money(1, malformed));
    }
  }

  @Test
  void eventsStoredBeforeTheNewRulesStillLoad() {
    // What a journal may hold from an earlier release: built without requireNew.
    Event old =
        event("Night\tShow", "Hall\u202e1", "VIP", WINDOW.closesAt().minusSeconds(60), "XBT");
    assertThat(old.name()).isEqualTo("Night\tShow");
  }

  @Test
  void anEventIdMustBeOneToSixtyFourUrlSafeCharacters() {
    assertThat(new EventId("a").value()).isEqualTo("a");
    assertThat(new EventId("A-z_9".repeat(12) + "abcd").value()).hasSize(64);
    assertRefuses("eventId", () -> new EventId(null));
    assertRefuses("eventId", () -> new EventId(""));
    assertRefuses("eventId", () -> new EventId("x".repeat(65)));
    assertRefuses("eventId", () -> new EventId("has space"));
    assertRefuses("eventId", () -> new EventId("dot.ted"));
    assertRefuses("eventId", () -> new EventId("slash/"));
    assertRefuses("eventId", () -> new EventId("é"));
  }

  @Test
  void randomEventIdsAreWellFormedAndDistinct() {
    assertThat(IntStream.range(0, 1000).mapToObj(i -> EventId.random()).distinct()).hasSize(1000);
  }

  @Test
  void aTicketTypeCodeIsUpperCaseLettersDigitsAndUnderscores() {
    assertThat(new TicketTypeCode("ONE_DAY").value()).isEqualTo("ONE_DAY");
    assertRefuses("ticketType", () -> new TicketTypeCode(null));
    assertRefuses("ticketType", () -> new TicketTypeCode(""));
    assertRefuses("ticketType", () -> new TicketTypeCode("ga"));
    assertRefuses("ticketType", () -> new TicketTypeCode("G-A"));
    assertRefuses("ticketType", () -> new TicketTypeCode("A".repeat(33)));
  }

  @Test
  void moneyIsNeverNegativeNorHugeAndHasAnIsoCurrency() {
    assertThat(new Money(0, "EUR").times(3)).isEqualTo(new Money(0, "EUR"));
    assertThat(new Money(250, "USD").times(4)).isEqualTo(new Money(1000, "USD"));
    assertRefuses("priceMinor", () -> new Money(-1, "EUR"));
    assertRefuses("priceMinor", () -> new Money(Money.MAX_MINOR + 1, "EUR"));
    assertRefuses("currency", () -> new Money(1, null));
    assertRefuses("currency", () -> new Money(1, "eur"));
    assertRefuses("currency", () -> new Money(1, "EURO"));
  }

  @Test
  void aTicketTypeNeedsACodeANameAPriceAndACapacityInRange() {
    Money price = new Money(1, "EUR");
    assertThat(new TicketType(GA, "GA", price, 0).capacity()).isZero();
    assertRefuses("code", () -> new TicketType(null, "GA", price, 1));
    assertRefuses("name", () -> new TicketType(GA, " ", price, 1));
    assertRefuses("name", () -> new TicketType(GA, null, price, 1));
    assertRefuses("name", () -> new TicketType(GA, "n".repeat(201), price, 1));
    assertRefuses("priceMinor", () -> new TicketType(GA, "GA", null, 1));
    assertRefuses("capacity", () -> new TicketType(GA, "GA", price, -1));
    assertRefuses("capacity", () -> new TicketType(GA, "GA", price, TicketType.MAX_CAPACITY + 1));
  }

  @Test
  void aSaleWindowMustCloseAfterItOpens() {
    assertRefuses("saleOpensAt", () -> new SaleWindow(null, NOW));
    assertRefuses("saleClosesAt", () -> new SaleWindow(NOW, null));
    assertRefuses("saleClosesAt", () -> new SaleWindow(NOW, NOW));
    assertRefuses("saleClosesAt", () -> new SaleWindow(NOW, NOW.minusSeconds(1)));
  }

  @Test
  void aSaleWindowIsOpenFromItsOpeningInclusiveToItsClosingExclusive() {
    assertThat(WINDOW.isOpenAt(NOW.minusNanos(1))).isFalse();
    assertThat(WINDOW.isOpenAt(NOW)).isTrue();
    assertThat(WINDOW.isOpenAt(WINDOW.closesAt().minusNanos(1))).isTrue();
    assertThat(WINDOW.isOpenAt(WINDOW.closesAt())).isFalse();
  }

  @Test
  void anEventNamesTheFieldThatIsWrong() {
    Duration ttl = Duration.ofSeconds(30);
    List<TicketType> types = List.of(GA_TYPE);
    assertThat(event("Fest", ttl, 4, SaleMode.FIRST_COME, types).ticketType(GA)).contains(GA_TYPE);

    assertRefuses(
        "id", () -> new Event(null, "Fest", "V", NOW, WINDOW, ttl, 4, SaleMode.FIRST_COME, types));
    assertRefuses("name", () -> event("", ttl, 4, SaleMode.FIRST_COME, types));
    assertRefuses("name", () -> event("x".repeat(201), ttl, 4, SaleMode.FIRST_COME, types));
    assertRefuses(
        "venue",
        () ->
            new Event(
                new EventId("e"), "Fest", null, NOW, WINDOW, ttl, 4, SaleMode.FIRST_COME, types));
    assertRefuses(
        "startsAt",
        () ->
            new Event(
                new EventId("e"), "Fest", "V", null, WINDOW, ttl, 4, SaleMode.FIRST_COME, types));
    assertRefuses(
        "saleOpensAt",
        () ->
            new Event(
                new EventId("e"), "Fest", "V", NOW, null, ttl, 4, SaleMode.FIRST_COME, types));
    assertRefuses("holdTtlSeconds", () -> event("Fest", null, 4, SaleMode.FIRST_COME, types));
    assertRefuses(
        "holdTtlSeconds",
        () -> event("Fest", Duration.ofMillis(999), 4, SaleMode.FIRST_COME, types));
    assertRefuses(
        "holdTtlSeconds",
        () -> event("Fest", Event.MAX_HOLD_TTL.plusSeconds(1), 4, SaleMode.FIRST_COME, types));
    assertRefuses("perUserLimit", () -> event("Fest", ttl, 0, SaleMode.FIRST_COME, types));
    assertRefuses(
        "perUserLimit",
        () -> event("Fest", ttl, Event.MAX_PER_USER_LIMIT + 1, SaleMode.FIRST_COME, types));
    assertRefuses("mode", () -> event("Fest", ttl, 4, null, types));
    assertRefuses("ticketTypes", () -> event("Fest", ttl, 4, SaleMode.FIRST_COME, null));
    assertRefuses("ticketTypes", () -> event("Fest", ttl, 4, SaleMode.FIRST_COME, List.of()));
    assertRefuses(
        "ticketTypes", () -> event("Fest", ttl, 4, SaleMode.FIRST_COME, List.of(GA_TYPE, GA_TYPE)));
    List<TicketType> tooMany =
        IntStream.rangeClosed(0, Event.MAX_TICKET_TYPES)
            .mapToObj(i -> new TicketType(new TicketTypeCode("T" + i), "T", new Money(1, "EUR"), 1))
            .toList();
    assertRefuses("ticketTypes", () -> event("Fest", ttl, 4, SaleMode.FIRST_COME, tooMany));
  }

  @Test
  void anEventKeepsItsOwnCopyOfTheTicketTypes() {
    List<TicketType> types = new ArrayList<>(List.of(GA_TYPE));
    Event event = event("Fest", Duration.ofSeconds(30), 4, SaleMode.FIRST_COME, types);

    types.clear();

    assertThat(event.ticketTypes()).containsExactly(GA_TYPE);
    assertThat(event.ticketType(new TicketTypeCode("NONE"))).isEmpty();
    assertThat(Collections.unmodifiableList(event.ticketTypes())).hasSize(1);
  }
}
