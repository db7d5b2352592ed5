package dev.boxoffice.http.compat;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Money;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.SaleWindow;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.lottery.EntryResult;
import dev.boxoffice.core.lottery.Lottery;
import dev.boxoffice.core.lottery.LotterySales;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Standing;
import dev.boxoffice.http.Call;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.Fields;
import dev.boxoffice.http.Json;
import dev.boxoffice.http.Problem;
import dev.boxoffice.http.ProblemException;
import dev.boxoffice.http.Reply;
import dev.boxoffice.http.Route;
import dev.boxoffice.http.Routes;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.http.lottery.LotteryRoutes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * {@code lottery-v0}: the original lottery registration service's API. {@code POST /event/start}
 * opens a {@code LOTTERY} event under the caller's id (one ticket per winner, the draw 60 s after
 * registration closes), {@code POST /token} signs an entry token, {@code POST /event/register}
 * enters with it, {@code POST /event/result} says whether the user won. Its users are the caller's
 * opaque strings, prefixed {@value #USERS} so that they never meet Boxoffice's own accounts.
 *
 * <p>Tokens and entries are the native lottery's ({@link LotteryRoutes#entryToken}, {@link
 * LotteryRoutes#enter}): single-use, bound to the user and event, the window checked at both ends,
 * one entry per person, the same verifiable draw. Every refusal is 400 with {@code {"error": ...}},
 * as the original answered.
 *
 * <p>Thread policy: thread-safe.
 */
final class LotteryV0Routes implements Feature {
  /** The prefix of this API's users among Boxoffice's. */
  static final String USERS = "lottery-v0:";

  private static final TicketTypeCode TICKET = new TicketTypeCode("GA");
  private static final Json.Body<StartBody> START = Json.body(StartBody.class);
  private static final Json.Body<UserEventBody> USER_EVENT = Json.body(UserEventBody.class);
  private static final Json.Body<RegisterBody> REGISTER = Json.body(RegisterBody.class);

  private final Lottery lottery;
  private final LotterySales sales;
  private final LotteryRoutes entries;
  private final CompatSettings compat;
  private final InstantSource clock;

  LotteryV0Routes(Stores stores, SessionTokens tokens, CompatSettings compat, InstantSource clock) {
    this.lottery = stores.lottery();
    this.sales = new LotterySales(stores.events(), stores.inventory(), stores.lottery());
    // The native lottery's token and entry logic; its routes are not registered from here.
    this.entries =
        new LotteryRoutes(stores.events(), stores.inventory(), stores.lottery(), tokens, clock);
    this.compat = compat;
    this.clock = clock;
  }

  record StartBody(
      String eventId, Integer capacity, Long registerStartTime, Long registerStopTime) {}

  record UserEventBody(String userId, String eventId) {}

  record RegisterBody(String userId, String eventId, String tokenId) {}

  @Override
  public void register(Routes routes) {
    routes
        .post("/event/start", "lotteryV0StartEvent", Route.Access.PUBLIC, this::start)
        .post("/token", "lotteryV0Token", Route.Access.PUBLIC, this::token)
        .post("/event/register", "lotteryV0Register", Route.Access.PUBLIC, this::enter)
        .post("/event/result", "lotteryV0Result", Route.Access.PUBLIC, this::result)
        .changesNoRead("lotteryV0Token")
        .changesNoRead("lotteryV0Result");
    CompatFeatures.allowedOnly(routes, compat, "lotteryV0", error("not allowed from this address"));
  }

  Reply start(Call call) {
    StartBody body = call.body(START);
    try {
      EventId id = new EventId(Fields.required(body.eventId(), "eventId"));
      Instant opens =
          Instant.ofEpochSecond(Fields.required(body.registerStartTime(), "registerStartTime"));
      Instant closes =
          Instant.ofEpochSecond(Fields.required(body.registerStopTime(), "registerStopTime"));
      LotteryTerms terms =
          new LotteryTerms(
              opens, closes, LotteryTerms.DEFAULT_COOLDOWN, 1, LotteryTerms.DEFAULT_OFFER_TTL, 0);
      // The event itself starts a day after the winners' offers run out.
      Instant startsAt =
          closes.plus(terms.cooldown()).plus(terms.offerTtl()).plus(Duration.ofDays(1));
      Event event =
          new Event(
              id,
              "Lottery " + id.value(),
              "Online",
              startsAt,
              new SaleWindow(opens, startsAt),
              terms.offerTtl(),
              1,
              SaleMode.LOTTERY,
              List.of(
                  new TicketType(
                      TICKET,
                      "Ticket",
                      new Money(0, "USD"),
                      Fields.required(body.capacity(), "capacity"))));
      if (!sales.open(event, terms, clock.instant())) {
        return Reply.json(400, error("event " + id.value() + " exists"));
      }
      return Reply.json(202, Map.of("eventId", id.value()));
    } catch (InvalidValueException e) {
      return Reply.json(400, error(e.getMessage()));
    } catch (ProblemException e) {
      return Reply.json(400, error(e.problem().detail()));
    }
  }

  Reply token(Call call) {
    UserEventBody body = call.body(USER_EVENT);
    try {
      SessionTokens.Session token = entries.entryToken(event(body.eventId()), user(body.userId()));
      return Reply.json(201, Map.of("token", token.token()));
    } catch (ProblemException e) {
      return Reply.json(400, error(e.problem().detail()));
    }
  }

  Reply enter(Call call) {
    RegisterBody body = call.body(REGISTER);
    try {
      return switch (entries.enter(event(body.eventId()), user(body.userId()), body.tokenId())) {
        case EntryResult.Entered e -> Reply.json(201, Map.of("entryId", e.entry().id()));
        case EntryResult.AlreadyEntered a ->
            Reply.json(400, error("already registered: one entry per user"));
        case EntryResult.RegistrationClosed c -> Reply.json(400, error("registration is not open"));
        case EntryResult.UnknownLottery u -> Reply.json(400, error("no such event"));
      };
    } catch (ProblemException e) {
      return Reply.json(400, error(e.problem().detail()));
    }
  }

  Reply result(Call call) {
    UserEventBody body = call.body(USER_EVENT);
    try {
      Standing standing = lottery.standing(event(body.eventId()), user(body.userId()));
      return Reply.json(200, Map.of("result", standing instanceof Standing.Won));
    } catch (ProblemException e) {
      return Reply.json(400, error(e.problem().detail()));
    }
  }

  private static EventId event(String raw) {
    try {
      return new EventId(Fields.required(raw, "eventId"));
    } catch (InvalidValueException e) {
      throw Problem.invalidField("eventId", "is not an event id").raise();
    }
  }

  private static UserId user(String raw) {
    try {
      return new UserId(USERS + Fields.required(raw, "userId"));
    } catch (InvalidValueException e) {
      throw Problem.invalidField("userId", "must be 1-100 printable characters").raise();
    }
  }

  static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }
}
