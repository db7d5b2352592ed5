package dev.boxoffice.app;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.sale.Sales;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The demo of {@code serve --demo}: an event to try, made when the data folder has none, and the
 * guide printed at start with copy-pasteable commands. The guide and README.md tell the same tour;
 * a test runs it. Stateless.
 */
final class Demo {
  /** The demo event's id, fixed so that the tour's URLs are the same on every machine. */
  static final EventId EVENT_ID = new EventId("demo");

  static final String USERNAME = "alice";
  static final String PASSWORD = "correct-horse-battery";

  private Demo() {}

  /** The event the tour uses: the demo event, put on sale now if the store has no event at all. */
  static Event ensureEvent(Events events, Inventory inventory, Instant now) {
    List<Event> existing = events.list();
    if (!existing.isEmpty()) {
      return events.find(EVENT_ID).orElse(existing.get(0));
    }
    Event event = event(now);
    new Sales(events, inventory).open(event, now);
    return event;
  }

  /** Three ticket types on sale from {@code now} for 30 days; holds last 30 seconds. */
  static Event event(Instant now) {
    Instant opens = now.truncatedTo(ChronoUnit.SECONDS);
    return new Event(
        EVENT_ID,
        "Boxoffice Demo Festival",
        "Riverside Park",
        opens.plus(Duration.ofDays(35)),
        new SaleWindow(opens, opens.plus(Duration.ofDays(30))),
        Duration.ofSeconds(30),
        4,
        SaleMode.FIRST_COME,
        List.of(
            type("GA", "General admission", 4900, 500),
            type("VIP", "VIP, with backstage access", 14900, 50),
            type("ONE_DAY", "One-day pass", 2900, 300)));
  }

  /** What {@code serve --demo} prints once the server listens. */
  static String guide(URI base, Event event, Keys.Secret admin, String data) {
    String id = event.id().value();
    String type = event.ticketTypes().get(0).code().value();
    String json = "-H 'Content-Type: application/json'";
    String credentials = "'{\"username\":\"" + USERNAME + "\",\"password\":\"" + PASSWORD + "\"}'";
    String b = "$B";
    return String.join(
        "\n",
        "",
        "Demo event '" + id + "': " + event.name() + ", " + event.venue() + ".",
        "  Sale open until "
            + event.saleWindow().closesAt()
            + "; holds last "
            + event.holdTtl().toSeconds()
            + " s; at most "
            + event.perUserLimit()
            + " tickets per person.",
        "  Ticket types: " + describe(event.ticketTypes()),
        "",
        "  Event:     " + base + "/v1/events/" + id,
        "  OpenAPI:   " + base + "/openapi.yaml",
        "  Metrics:   " + base + "/metrics  (send the admin key as a bearer token)",
        "  Health:    " + base + "/health/ready",
        "  Admin key: " + admin.value() + "  (" + admin.origin() + ")",
        "  Data:      " + data,
        "",
        "Try it (paste into a shell; needs curl):",
        "",
        "  B=" + base,
        "  ADMIN=" + shellQuote(admin.value()),
        "  json() { sed -E \"s/.*\\\"$1\\\" *: *\\\"([^\\\"]*)\\\".*/\\1/\"; }  # one string field",
        "",
        "  # the event, with the tickets left per type",
        "  curl -s -w '\\n' " + b + "/v1/events/" + id,
        "  # an account, and a session token for it",
        "  curl -s -w '\\n' -X POST " + b + "/v1/users " + json + " -d " + credentials,
        "  TOKEN=$(curl -s -X POST "
            + b
            + "/v1/sessions "
            + json
            + " -d "
            + credentials
            + " | json token)",
        "  # hold two tickets (the hold lasts "
            + event.holdTtl().toSeconds()
            + " s), then buy them",
        "  HOLD=$(curl -s -X POST "
            + b
            + "/v1/events/"
            + id
            + "/holds -H \"Authorization: Bearer $TOKEN\" "
            + json
            + " -d '{\"ticketType\":\""
            + type
            + "\",\"quantity\":2}' | json holdId)",
        "  curl -s -w '\\n' -X POST "
            + b
            + "/v1/holds/$HOLD/complete -H \"Authorization: Bearer $TOKEN\"",
        "  curl -s -w '\\n' " + b + "/v1/orders -H \"Authorization: Bearer $TOKEN\"",
        "  # what the organiser sees: available, held and sold per type",
        "  curl -s -w '\\n' "
            + b
            + "/v1/events/"
            + id
            + "/inventory -H \"Authorization: Bearer $ADMIN\"",
        "",
        "Stop the server with Ctrl-C.",
        "");
  }

  private static String describe(List<TicketType> types) {
    StringBuilder out = new StringBuilder();
    for (TicketType t : types) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(t.code())
          .append(' ')
          .append(t.price().minor() / 100)
          .append('.')
          .append(String.format(Locale.ROOT, "%02d", t.price().minor() % 100))
          .append(' ')
          .append(t.price().currency())
          .append(" x")
          .append(t.capacity());
    }
    return out.toString();
  }

  private static TicketType type(String code, String name, long priceMinor, int capacity) {
    return new TicketType(new TicketTypeCode(code), name, new Money(priceMinor, "EUR"), capacity);
  }

  private static String shellQuote(String value) {
    return value.matches("[A-Za-z0-9_.:/=+-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
  }
}
