package dev.boxoffice.http.lottery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.Ids;
import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.DrawResult;
import dev.boxoffice.core.lottery.EntryResult;
import dev.boxoffice.core.lottery.Lottery;
import dev.boxoffice.core.lottery.LotterySales;
import dev.boxoffice.core.lottery.LotteryStatus;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Standing;
import dev.boxoffice.http.Call;
import dev.boxoffice.http.EventSource;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.Fields;
import dev.boxoffice.http.Json;
import dev.boxoffice.http.ModeSection;
import dev.boxoffice.http.Problem;
import dev.boxoffice.http.ProblemType;
import dev.boxoffice.http.Reply;
import dev.boxoffice.http.Route;
import dev.boxoffice.http.Routes;
import dev.boxoffice.http.ServerSentEvent;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.http.TokenKind;
import dev.boxoffice.http.WatchedSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The lottery sale's routes, and its section of the catalog ({@link ModeSection}): a {@code
 * LOTTERY} event is created by {@code POST /v1/events} with its terms under {@code lottery}.
 *
 * <p>Entry tokens: {@code POST .../lottery/tokens} signs a token of kind {@link #ENTRY_TOKEN} for
 * the signed-in user, naming the event ({@code event} claim) and carrying a random id ({@code tid}
 * claim), valid until registration closes. Entering checks the signature, kind and expiry (else
 * 401), that the token is the caller's and this event's (else 403), and the store takes at most one
 * entry per user: the token that made it is then used up (403), and any other token of that user
 * meets the entry (409), both answers naming the entry.
 *
 * <p>Thread policy: thread-safe.
 */
public final class LotteryRoutes implements Feature, ModeSection {
  /** The kind of a lottery entry token: refused as a session, and a session is refused here. */
  public static final TokenKind ENTRY_TOKEN = new TokenKind("lottery-entry");

  static final ProblemType LOTTERY_NOT_FOUND =
      ProblemType.of("lottery-not-found", "No such lottery", 404);
  static final ProblemType REGISTRATION_CLOSED =
      ProblemType.of("registration-closed", "Registration is not open", 403);
  static final ProblemType ALREADY_ENTERED =
      ProblemType.of("already-entered", "Already entered", 409);
  static final ProblemType TOKEN_INVALID =
      ProblemType.of("lottery-token-invalid", "The lottery token is not valid", 401);
  static final ProblemType TOKEN_NOT_YOURS =
      ProblemType.of("lottery-token-not-yours", "The lottery token is not for this", 403);
  static final ProblemType TOKEN_USED =
      ProblemType.of("lottery-token-used", "The lottery token was used", 403);
  static final ProblemType REGISTRATION_OPEN =
      ProblemType.of("registration-open", "Registration has not closed", 409);
  static final ProblemType DRAW_PENDING =
      ProblemType.of("draw-pending", "The draw has not run", 409);

  /**
   * How long a result stream waits for the store to tell it of a change before it looks again
   * anyway, as a safety net: the store tells it of every change to the lottery.
   */
  private static final Duration STREAM_RECHECK = Duration.ofSeconds(30);

  private static final Duration STREAM_HEARTBEAT = Duration.ofSeconds(10);
  private static final Json.Body<LotteryViews.TermsBody> TERMS =
      Json.body(LotteryViews.TermsBody.class);
  private static final Json.Body<LotteryViews.EntryBody> ENTRY =
      Json.body(LotteryViews.EntryBody.class);

  private final Lottery lottery;
  private final LotterySales sales;
  private final SessionTokens tokens;
  private final InstantSource clock;

  public LotteryRoutes(
      Events events,
      Inventory inventory,
      Lottery lottery,
      SessionTokens tokens,
      InstantSource clock) {
    this.lottery = lottery;
    this.sales = new LotterySales(events, inventory, lottery);
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    routes
        .mode(this)
        .post(
            "/v1/events/{eventId}/lottery/tokens",
            "createLotteryToken",
            Route.Access.USER,
            this::token)
        .changesNoRead("createLotteryToken")
        .post(
            "/v1/events/{eventId}/lottery/entries", "enterLottery", Route.Access.USER, this::enter)
        .get(
            "/v1/events/{eventId}/lottery/result",
            "getLotteryResult",
            Route.Access.USER,
            this::result)
        .get(
            "/v1/events/{eventId}/lottery/result/stream",
            "streamLotteryResult",
            Route.Access.USER,
            this::stream)
        .get("/v1/events/{eventId}/lottery/draw", "getLotteryDraw", Route.Access.PUBLIC, this::draw)
        .post(
            "/v1/events/{eventId}/lottery/draw",
            "runLotteryDraw",
            Route.Access.ADMIN,
            this::runDraw)
        .get(
            "/v1/events/{eventId}/lottery/entrants",
            "getLotteryEntrants",
            Route.Access.PUBLIC,
            this::entrants);
  }

  // ---- the catalog's section

  @Override
  public SaleMode mode() {
    return SaleMode.LOTTERY;
  }

  @Override
  public String field() {
    return "lottery";
  }

  @Override
  public Defaults defaults(JsonNode section) {
    LotteryTerms terms = terms(section);
    return new Defaults(terms.registerOpensAt(), terms.offerTtl());
  }

  @Override
  public boolean open(Event event, JsonNode section, Instant now) {
    return sales.open(event, terms(section), now);
  }

  @Override
  public Optional<Object> view(EventId event) {
    return lottery.status(event).map(LotteryViews.TermsView::of);
  }

  private static LotteryTerms terms(JsonNode section) {
    if (section == null) {
      throw Problem.invalidField("lottery", "is required for a LOTTERY event").raise();
    }
    LotteryViews.TermsBody body = TERMS.read(section, "lottery");
    try {
      return new LotteryTerms(
          Fields.instant(body.registerOpensAt(), "lottery.registerOpensAt"),
          Fields.instant(body.registerClosesAt(), "lottery.registerClosesAt"),
          seconds(body.cooldownSeconds(), LotteryTerms.DEFAULT_COOLDOWN),
          Objects.requireNonNullElse(body.ticketsPerWinner(), 1),
          seconds(body.offerTtlSeconds(), LotteryTerms.DEFAULT_OFFER_TTL),
          Objects.requireNonNullElse(body.waitlistSize(), 0),
          entrantList(body.entrantList()));
    } catch (InvalidValueException e) {
      throw Problem.invalidField(e.field(), Fields.reason(e)).raise();
    }
  }

  private static LotteryTerms.EntrantList entrantList(String value) {
    if (value == null) {
      return LotteryTerms.EntrantList.USER_IDS;
    }
    for (LotteryTerms.EntrantList list : LotteryTerms.EntrantList.values()) {
      if (list.name().equals(value)) {
        return list;
      }
    }
    throw Problem.invalidField(
            "lottery.entrantList", "must be one of " + List.of(LotteryTerms.EntrantList.values()))
        .raise();
  }

  private static Duration seconds(Integer value, Duration otherwise) {
    return value == null ? otherwise : Duration.ofSeconds(value);
  }

  // ---- entering

  Reply token(Call call) {
    SessionTokens.Session token = entryToken(call.eventId(), call.user());
    return Reply.json(201, new LotteryViews.TokenView(token.token(), token.expiresAt()));
  }

  /**
   * A new entry token of {@code user} for the lottery of {@code event}, valid until registration
   * closes: what {@code POST .../lottery/tokens} answers, for any route set that enters users.
   *
   * @throws ProblemException 404 {@code lottery-not-found}, 403 {@code registration-closed}
   */
  public SessionTokens.Session entryToken(EventId event, UserId user) {
    LotteryTerms terms = terms(event);
    Instant now = clock.instant();
    Optional<Problem> closed = registrationClosed(terms, now);
    if (closed.isPresent()) {
      throw closed.get().raise();
    }
    // Tokens count whole seconds from the current one: rounded up, the token lives until
    // registration closes, not up to a second less.
    long seconds =
        (Duration.between(now.truncatedTo(ChronoUnit.SECONDS), terms.registerClosesAt()).toMillis()
                + 999)
            / 1000;
    return tokens.issue(
        ENTRY_TOKEN,
        user,
        Duration.ofSeconds(Math.max(1, seconds)),
        Map.of(SessionTokens.EVENT, event.value(), "tid", Ids.random("t")));
  }

  Reply enter(Call call) {
    UserId user = call.user();
    EventId event = call.eventId();
    LotteryViews.EntryBody body = call.body(ENTRY);
    return switch (enter(event, user, body.token())) {
      case EntryResult.Entered e ->
          Reply.json(
              201,
              new LotteryViews.EntryView(
                  e.entry().id(),
                  e.entry().enteredAt(),
                  lottery.entrantName(event, user).orElseThrow()));
      case EntryResult.AlreadyEntered a when a.sameToken() ->
          Reply.problem(
              TOKEN_USED
                  .detail("this token made an entry already")
                  .with("entryId", a.entry().id()));
      case EntryResult.AlreadyEntered a ->
          Reply.problem(
              ALREADY_ENTERED
                  .detail("one entry per person; this is yours")
                  .with("entryId", a.entry().id()));
      case EntryResult.RegistrationClosed c ->
          Reply.problem(registrationClosed(c.opensAt(), c.closesAt()));
      case EntryResult.UnknownLottery u -> Reply.problem(notFound(event));
    };
  }

  /**
   * Enters {@code user} in the lottery of {@code event} with the entry token {@code raw}: the
   * window first (a late entry learns that registration has closed, not that its token, which
   * expired with it, is no longer valid), then the token, then the store's decision.
   *
   * @throws ProblemException 404 {@code lottery-not-found}, 403 {@code registration-closed}, 400
   *     for no token, 401 {@code lottery-token-invalid}, 403 {@code lottery-token-not-yours}
   */
  public EntryResult enter(EventId event, UserId user, String raw) {
    Optional<Problem> closed = registrationClosed(terms(event), clock.instant());
    if (closed.isPresent()) {
      throw closed.get().raise();
    }
    Optional<SessionTokens.Verified> verified =
        tokens.verifyOnce(ENTRY_TOKEN, Fields.required(raw, "token"));
    if (verified.isEmpty()) {
      throw TOKEN_INVALID
          .detail("the token is malformed, tampered with, expired or not a lottery entry token")
          .raise();
    }
    SessionTokens.Verified token = verified.get();
    if (!token.isFor(user, event)) {
      throw TOKEN_NOT_YOURS
          .detail("the token was issued to another user or for another event")
          .raise();
    }
    return lottery.enter(event, user, token.claims().getOrDefault("tid", ""), clock.instant());
  }

  // ---- results

  Reply result(Call call) {
    UserId user = call.user();
    EventId event = call.eventId();
    status(event);
    return Reply.json(
        200,
        LotteryViews.ResultView.of(
            lottery.standing(event, user), lottery.entrantName(event, user)));
  }

  /**
   * The caller's result as Server-Sent Events: {@code result} now, then again each time the store
   * tells of a change to it ({@link Lottery#watch}), ending after one that cannot change any more:
   * {@code WON}, {@code LOST}, or {@code NOT_ENTERED} once registration has closed.
   */
  Reply stream(Call call) {
    UserId user = call.user();
    EventId event = call.eventId();
    LotteryTerms terms = status(event).terms();
    return Reply.events(
        WatchedSource.of(
            "lottery-result-stream",
            changed -> lottery.watch(event, user, changed),
            new WatchedSource.Step() {
              private Standing last;

              @Override
              public long look(EventSource.Sink sink) {
                Standing now = lottery.standing(event, user);
                if (!now.equals(last)) {
                  boolean fin = isFinal(now, terms);
                  ServerSentEvent sent =
                      new ServerSentEvent(
                          "result",
                          LotteryViews.ResultView.of(now, lottery.entrantName(event, user)),
                          fin);
                  if (!sink.send(sent) || fin) {
                    return -1;
                  }
                  last = now;
                }
                return nextLook(now, terms);
              }
            }),
        STREAM_HEARTBEAT);
  }

  /**
   * How many milliseconds a stream may wait for the store to tell it of a change: until
   * registration closes, for someone not entered; otherwise {@link #STREAM_RECHECK}.
   */
  private long nextLook(Standing standing, LotteryTerms terms) {
    long most = STREAM_RECHECK.toMillis();
    if (!(standing instanceof Standing.NotEntered)) {
      return most;
    }
    long untilClose = Duration.between(clock.instant(), terms.registerClosesAt()).toMillis();
    return Math.clamp(untilClose + 1, 1, most);
  }

  private boolean isFinal(Standing standing, LotteryTerms terms) {
    return switch (standing) {
      case Standing.Won w -> true;
      case Standing.Lost l -> true;
      case Standing.NotEntered n -> !clock.instant().isBefore(terms.registerClosesAt());
      case Standing.Pending p -> false;
      case Standing.Waitlisted w -> false;
    };
  }

  // ---- the draw

  Reply draw(Call call) {
    return Reply.json(200, LotteryViews.DrawView.of(status(call.eventId()), Draw.ALGORITHM));
  }

  Reply runDraw(Call call) {
    EventId event = call.eventId();
    return switch (lottery.draw(event, clock.instant())) {
      case DrawResult.Drawn d ->
          Reply.json(200, LotteryViews.DrawView.of(status(event), Draw.ALGORITHM));
      case DrawResult.RegistrationOpen o ->
          Reply.problem(
              REGISTRATION_OPEN
                  .detail("the draw runs once registration has closed")
                  .with("closesAt", o.closesAt()));
      case DrawResult.UnknownLottery u -> Reply.problem(notFound(event));
    };
  }

  /** The names the draw ran over, one per line in the order it sorted them: for checking it. */
  Reply entrants(Call call) {
    EventId event = call.eventId();
    status(event);
    Optional<List<String>> names = lottery.entrants(event);
    if (names.isEmpty()) {
      return Reply.problem(DRAW_PENDING.detail("the entrant list is published with the draw"));
    }
    StringBuilder out = new StringBuilder();
    names.get().forEach(n -> out.append(n).append('\n'));
    return Reply.bytes(
        200, out.toString().getBytes(StandardCharsets.US_ASCII), "text/plain; charset=us-ascii");
  }

  private LotteryStatus status(EventId event) {
    return lottery.status(event).orElseThrow(() -> notFound(event).raise());
  }

  private LotteryTerms terms(EventId event) {
    return lottery.terms(event).orElseThrow(() -> notFound(event).raise());
  }

  private static Problem notFound(EventId event) {
    return LOTTERY_NOT_FOUND.detail("no lottery for this event").with("eventId", event.value());
  }

  /**
   * The refusal of an entry, or of a token to enter with, at {@code now}: empty while open (the
   * store refuses an entry the draw came before).
   */
  private static Optional<Problem> registrationClosed(LotteryTerms terms, Instant now) {
    return terms.isRegistrationOpenAt(now)
        ? Optional.empty()
        : Optional.of(registrationClosed(terms.registerOpensAt(), terms.registerClosesAt()));
  }

  private static Problem registrationClosed(Instant opensAt, Instant closesAt) {
    return REGISTRATION_CLOSED
        .detail("entries are taken from opensAt until closesAt")
        .with("opensAt", opensAt)
        .with("closesAt", closesAt);
  }
}
