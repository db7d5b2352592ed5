package dev.boxoffice.http;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.Stock;
import dev.boxoffice.core.sale.Sales;
import io.helidon.http.HeaderNames;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog: create an event (admin), list events, show one with what is still available per
 * ticket type, and its full inventory (admin). Validation is the core values' own; this class only
 * names the JSON field each failure came from.
 *
 * <p>Thread policy: thread-safe.
 */
final class EventRoutes implements Feature {
  private static final Json.Body<Bodies.CreateEvent> CREATE_EVENT =
      Json.body(Bodies.CreateEvent.class);

  private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  private final Events events;
  private final Inventory inventory;
  private final Sales sales;
  private final InstantSource clock;

  EventRoutes(Events events, Inventory inventory, InstantSource clock) {
    this.events = events;
    this.inventory = inventory;
    this.sales = new Sales(events, inventory);
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    routes
        .post("/v1/events", "createEvent", Route.Access.ADMIN, this::create)
        .get("/v1/events", "listEvents", Route.Access.PUBLIC, this::list)
        .get("/v1/events/{eventId}", "getEvent", Route.Access.PUBLIC, this::get)
        .get("/v1/events/{eventId}/inventory", "getInventory", Route.Access.ADMIN, this::inventory);
  }

  Reply create(Call call) {
    Event event = toEvent(call.body(CREATE_EVENT));
    boolean opened;
    try {
      opened = sales.open(event, clock.instant());
    } catch (InvalidValueException e) {
      throw Problem.invalidField(field(e), message(e)).raise();
    }
    if (!opened) {
      return Reply.problem(
          ProblemType.EVENT_EXISTS
              .detail("an event with id " + event.id().value() + " exists")
              .with("field", "id"));
    }
    return Reply.json(201, Views.EventView.of(event, inventory.stock(event.id())))
        .header(HeaderNames.LOCATION, "/v1/events/" + event.id().value());
  }

  Reply list(Call call) {
    List<Event> all = events.list();
    List<Views.EventView> views = new ArrayList<>(all.size());
    for (Event event : all) {
      views.add(Views.EventView.of(event, inventory.stock(event.id())));
    }
    return Reply.json(200, new Views.EventList(views));
  }

  Reply get(Call call) {
    EventId id = eventId(call);
    Optional<Event> event = events.find(id);
    if (event.isEmpty()) {
      return Reply.problem(notFound(id.value()));
    }
    return Reply.json(200, Views.EventView.of(event.get(), inventory.stock(id)));
  }

  Reply inventory(Call call) {
    EventId id = eventId(call);
    Optional<Stock> stock = inventory.stock(id);
    if (stock.isEmpty()) {
      return Reply.problem(notFound(id.value()));
    }
    return Reply.json(200, Views.InventoryView.of(stock.get()));
  }

  /** The event id in the path; an id that cannot exist is simply not found. */
  static EventId eventId(Call call) {
    String raw = call.param("eventId");
    try {
      return new EventId(raw);
    } catch (InvalidValueException e) {
      throw notFound(raw).raise();
    }
  }

  static Problem notFound(String id) {
    return ProblemType.EVENT_NOT_FOUND.detail("no event with this id").with("eventId", clip(id));
  }

  /** Echoes at most 64 characters of client input. */
  static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64);
  }

  private static Event toEvent(Bodies.CreateEvent body) {
    List<Bodies.NewTicketType> bodyTypes = required(body.ticketTypes(), "ticketTypes");
    if (bodyTypes.size() > Event.MAX_TICKET_TYPES) {
      throw Problem.invalidField(
              "ticketTypes", "must hold 1 to " + Event.MAX_TICKET_TYPES + " ticket types")
          .raise();
    }
    List<TicketType> types = new ArrayList<>(bodyTypes.size());
    for (int i = 0; i < bodyTypes.size(); i++) {
      types.add(toTicketType(bodyTypes.get(i), "ticketTypes[" + i + "]"));
    }
    try {
      EventId id = body.id() == null ? EventId.random() : new EventId(body.id());
      SaleWindow window =
          new SaleWindow(
              instant(body.saleOpensAt(), "saleOpensAt"),
              instant(body.saleClosesAt(), "saleClosesAt"));
      int ttl =
          body.holdTtlSeconds() == null
              ? (int) Event.DEFAULT_HOLD_TTL.toSeconds()
              : body.holdTtlSeconds();
      return new Event(
          id,
          body.name(),
          body.venue(),
          instant(body.startsAt(), "startsAt"),
          window,
          Duration.ofSeconds(ttl),
          required(body.perUserLimit(), "perUserLimit"),
          mode(body.mode()),
          types);
    } catch (InvalidValueException e) {
      throw Problem.invalidField(field(e), message(e)).raise();
    }
  }

  private static TicketType toTicketType(Bodies.NewTicketType body, String at) {
    if (body == null) {
      throw Problem.invalidField(at, "must be an object").raise();
    }
    try {
      return new TicketType(
          new TicketTypeCode(required(body.code(), at + ".code")),
          body.name(),
          new Money(
              required(body.priceMinor(), at + ".priceMinor"),
              required(body.currency(), at + ".currency")),
          required(body.capacity(), at + ".capacity"));
    } catch (InvalidValueException e) {
      String field = e.field().equals("ticketType") ? "code" : e.field();
      throw Problem.invalidField(at + "." + field, message(e)).raise();
    }
  }

  /** The modes this route creates events in; a lottery is created with its terms, by its own. */
  private static SaleMode mode(String mode) {
    if (mode == null || mode.equals(SaleMode.FIRST_COME.name())) {
      return SaleMode.FIRST_COME;
    }
    throw Problem.invalidField("mode", "must be " + SaleMode.FIRST_COME).raise();
  }

  private static Instant instant(String value, String field) {
    if (value == null) {
      throw Problem.invalidField(field, "is required").raise();
    }
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.invalidField(field, "must be an ISO-8601 instant such as 2030-01-31T19:00:00Z")
          .raise();
    }
    // Every store can keep these as epoch milliseconds; far-off years are typos anyway.
    if (instant.isBefore(Instant.EPOCH) || !instant.isBefore(LATEST)) {
      throw Problem.invalidField(field, "must be between 1970 and 9999").raise();
    }
    return instant;
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw Problem.invalidField(field, "is required").raise();
    }
    return value;
  }

  /** The JSON name of the field a core value refused; core names the event id {@code eventId}. */
  private static String field(InvalidValueException e) {
    return e.field().equals("eventId") ? "id" : e.field();
  }

  /** The reason without the {@code field: } prefix core puts in its messages. */
  static String message(InvalidValueException e) {
    String prefix = e.field() + ": ";
    String m = e.getMessage();
    return m != null && m.startsWith(prefix) ? m.substring(prefix.length()) : "is invalid";
  }
}
