package dev.boxoffice.http;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private final Events events;
  private final Inventory inventory;
  private final Sales sales;
  private final InstantSource clock;

  /** The table this feature was registered in: its sale modes' sections, read after start. */
  private Routes routes = new Routes();

  EventRoutes(Events events, Inventory inventory, InstantSource clock) {
    this.events = events;
    this.inventory = inventory;
    this.sales = new Sales(events, inventory);
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    this.routes = routes;
    routes
        .post("/v1/events", "createEvent", Route.Access.ADMIN, this::create)
        .get("/v1/events", "listEvents", Route.Access.PUBLIC, this::list)
        .get("/v1/events/{eventId}", "getEvent", Route.Access.PUBLIC, this::get)
        .get("/v1/events/{eventId}/inventory", "getInventory", Route.Access.ADMIN, this::inventory)
        .cached("listEvents")
        .cached("getEvent");
  }

  Reply create(Call call) {
    Bodies.CreateEvent body = call.body(CREATE_EVENT);
    SaleMode mode = mode(body.mode());
    Optional<ModeSection> section =
        mode == SaleMode.FIRST_COME ? Optional.empty() : routes.mode(mode);
    Map<EventSection, JsonNode> extras = new LinkedHashMap<>();
    for (String field : body.sections().keySet()) {
      Optional<EventSection> extra =
          routes.sections().stream().filter(s -> s.field().equals(field)).findFirst();
      if (extra.isPresent()) {
        extras.put(extra.get(), body.sections().get(field));
      } else if (section.isEmpty() || !section.get().field().equals(field)) {
        throw Problem.invalidField(field, "is not a known field").raise();
      }
    }
    JsonNode member = section.map(s -> body.sections().get(s.field())).orElse(null);
    Event event =
        toEvent(section.map(s -> body.withDefaults(s.defaults(member))).orElse(body), mode);
    Instant now = clock.instant();
    boolean opened;
    try {
      extras.forEach((extra, json) -> extra.check(event, json, now));
      // A first-come event's other sections (its waiting room) are set up before it is listed; a
      // mode's own opening lists it, and only the mode's rule sells its tickets meanwhile.
      Runnable sections = () -> extras.forEach((extra, json) -> extra.open(event, json, now));
      opened =
          section.isPresent()
              ? section.get().open(event, member, now)
              : sales.open(event, now, sections);
      if (opened && section.isPresent()) {
        sections.run();
      }
    } catch (InvalidValueException e) {
      throw Problem.invalidField(field(e), Fields.reason(e)).raise();
    }
    if (!opened) {
      return Reply.problem(
          ProblemType.EVENT_EXISTS
              .detail("an event with id " + event.id().value() + " exists")
              .with("field", "id"));
    }
    return Reply.json(201, view(event))
        .header(HeaderNames.LOCATION, "/v1/events/" + event.id().value());
  }

  Reply list(Call call) {
    List<Event> all = events.list();
    List<Views.EventView> views = new ArrayList<>(all.size());
    for (Event event : all) {
      views.add(view(event));
    }
    return Reply.json(200, new Views.EventList(views));
  }

  Reply get(Call call) {
    EventId id = call.eventId();
    Optional<Event> event = events.find(id);
    if (event.isEmpty()) {
      return Reply.problem(notFound(id.value()));
    }
    return Reply.json(200, view(event.get()));
  }

  /** The event, what is left of its stock, its sale mode's section and any other sections. */
  private Views.EventView view(Event event) {
    Map<String, Object> sections = new LinkedHashMap<>();
    routes
        .mode(event.mode())
        .ifPresent(s -> s.view(event.id()).ifPresent(v -> sections.put(s.field(), v)));
    for (EventSection extra : routes.sections()) {
      extra.view(event.id()).ifPresent(v -> sections.put(extra.field(), v));
    }
    return Views.EventView.of(event, inventory.stock(event.id()), sections);
  }

  Reply inventory(Call call) {
    EventId id = call.eventId();
    Optional<Stock> stock = inventory.stock(id);
    if (stock.isEmpty()) {
      return Reply.problem(notFound(id.value()));
    }
    return Reply.json(200, Views.InventoryView.of(stock.get()));
  }

  static Problem notFound(String id) {
    return ProblemType.EVENT_NOT_FOUND.detail("no event with this id").with("eventId", clip(id));
  }

  /** Echoes at most 64 characters of client input. */
  static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64);
  }

  /** The event the body describes, in {@code mode}. */
  private static Event toEvent(Bodies.CreateEvent body, SaleMode mode) {
    List<Bodies.NewTicketType> bodyTypes = Fields.required(body.ticketTypes(), "ticketTypes");
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
      Instant startsAt = Fields.instant(body.startsAt(), "startsAt");
      SaleWindow window =
          new SaleWindow(
              Fields.instant(body.saleOpensAt(), "saleOpensAt"),
              Fields.instant(body.saleClosesAt(), "saleClosesAt"));
      int ttl =
          body.holdTtlSeconds() == null
              ? (int) Event.DEFAULT_HOLD_TTL.toSeconds()
              : body.holdTtlSeconds();
      return new Event(
          id,
          body.name(),
          body.venue(),
          startsAt,
          window,
          Duration.ofSeconds(ttl),
          Fields.required(body.perUserLimit(), "perUserLimit"),
          mode,
          types);
    } catch (InvalidValueException e) {
      throw Problem.invalidField(field(e), Fields.reason(e)).raise();
    }
  }

  private static TicketType toTicketType(Bodies.NewTicketType body, String at) {
    if (body == null) {
      throw Problem.invalidField(at, "must be an object").raise();
    }
    try {
      return new TicketType(
          new TicketTypeCode(Fields.required(body.code(), at + ".code")),
          body.name(),
          new Money(
              Fields.required(body.priceMinor(), at + ".priceMinor"),
              Fields.required(body.currency(), at + ".currency")),
          Fields.required(body.capacity(), at + ".capacity"));
    } catch (InvalidValueException e) {
      String field = e.field().equals("ticketType") ? "code" : e.field();
      throw Problem.invalidField(at + "." + field, Fields.reason(e)).raise();
    }
  }

  private SaleMode mode(String mode) {
    if (mode == null) {
      return SaleMode.FIRST_COME;
    }
    for (SaleMode m : served()) {
      if (m.name().equals(mode)) {
        return m;
      }
    }
    throw Problem.invalidField("mode", "must be one of " + served()).raise();
  }

  /** The sale modes events are created in: first-come, and those a feature added a section for. */
  private List<SaleMode> served() {
    List<SaleMode> modes = new ArrayList<>(List.of(SaleMode.FIRST_COME));
    routes.modes().forEach(s -> modes.add(s.mode()));
    return modes;
  }

  /** The JSON name of the field a core value refused; core names the event id {@code eventId}. */
  private static String field(InvalidValueException e) {
    return e.field().equals("eventId") ? "id" : e.field();
  }
}
