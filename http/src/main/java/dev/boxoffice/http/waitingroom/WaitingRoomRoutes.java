package dev.boxoffice.http.waitingroom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.waitingroom.JoinResult;
import dev.boxoffice.core.waitingroom.QueueBook;
import dev.boxoffice.core.waitingroom.QueueStanding;
import dev.boxoffice.core.waitingroom.RoomTerms;
import dev.boxoffice.core.waitingroom.WaitingRoom;
import dev.boxoffice.http.Call;
import dev.boxoffice.http.Endpoint;
import dev.boxoffice.http.EventSection;
import dev.boxoffice.http.EventSource;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.Fields;
import dev.boxoffice.http.Json;
import dev.boxoffice.http.Problem;
import dev.boxoffice.http.ProblemType;
import dev.boxoffice.http.Rate;
import dev.boxoffice.http.RateLimit;
import dev.boxoffice.http.Reply;
import dev.boxoffice.http.Route;
import dev.boxoffice.http.Routes;
import dev.boxoffice.http.ServerSentEvent;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.http.TokenKind;
import dev.boxoffice.http.WatchedSource;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The waiting room's routes, and its section of any event ({@link EventSection}): an event is
 * created with a room by {@code POST /v1/events} with its terms under {@code waitingRoom}, and an
 * admin reads and changes it live at {@code /v1/events/{id}/waiting-room}.
 *
 * <p>Joining signs a queue token ({@link #QUEUE_TOKEN}, sent back in {@code Boxoffice-Queue-Token})
 * for the user and event; the status and its stream require it. An admitted user's status carries
 * an access token ({@link #ACCESS_TOKEN}, expiring with the session), which every selling route of
 * an event with an enabled room requires in {@code Boxoffice-Access-Token} ({@link Routes#sells});
 * the store then checks, in the decision that takes the stock, that the session is still live.
 * Tokens of another user or event are refused.
 *
 * <p>Thread policy: thread-safe.
 */
public final class WaitingRoomRoutes implements Feature, EventSection {
  public static final TokenKind QUEUE_TOKEN = new TokenKind("queue");
  public static final TokenKind ACCESS_TOKEN = new TokenKind("access");
  public static final HeaderName QUEUE_HEADER = HeaderNames.create("Boxoffice-Queue-Token");
  public static final HeaderName ACCESS_HEADER = HeaderNames.create("Boxoffice-Access-Token");

  static final ProblemType QUEUE_NOT_OPEN =
      ProblemType.of("queue-not-open", "The queue is not open yet", 503);
  static final ProblemType ROOM_NOT_FOUND =
      ProblemType.of("waiting-room-not-found", "This event has no waiting room", 404);
  static final ProblemType QUEUE_TOKEN_INVALID =
      ProblemType.of("queue-token-invalid", "The queue token is not valid", 401);
  static final ProblemType QUEUE_TOKEN_NOT_YOURS =
      ProblemType.of("queue-token-not-yours", "The queue token is not for this", 403);

  /** The event's member that holds its room's terms. */
  static final String SECTION = "waitingRoom";

  /**
   * Joins per user, by default: joining again only answers the same place, and this bounds how fast
   * a client may spin on it.
   */
  public static final RateLimit JOINS_PER_USER =
      new RateLimit(new Rate(30, Duration.ofMinutes(1)), RateLimit.Key.USER);

  /** Joins per client address, by default: generous, as many people may share one address. */
  public static final RateLimit JOINS_PER_ADDRESS =
      new RateLimit(new Rate(6_000, Duration.ofMinutes(1)), RateLimit.Key.ADDRESS);

  static final double DEFAULT_RATE = 50;
  static final int DEFAULT_ACTIVE = 1000;

  /** How long before the sale opens the queue opens, unless the terms say. */
  static final Duration DEFAULT_QUEUE_LEAD = Duration.ofMinutes(30);

  static final Duration QUEUE_TOKEN_TTL = Duration.ofHours(24);

  /** How often a stream sends a place that moved; a change of state is sent at once. */
  static final Duration STREAM_PLACE_EVERY = Duration.ofSeconds(5);

  /** A stream sends the status at least this often, changed or not. */
  static final Duration STREAM_EVERY = Duration.ofSeconds(10);

  /** Over how many milliseconds streams spread a change that is not their admission. */
  private static final long STREAM_SPREAD_MS = 1_000;

  private static final Duration STREAM_HEARTBEAT = Duration.ofSeconds(10);

  private static final Json.Body<RoomViews.TermsBody> TERMS = Json.body(RoomViews.TermsBody.class);

  private final Events events;
  private final WaitingRoom rooms;
  private final SessionTokens tokens;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  public WaitingRoomRoutes(
      Events events, WaitingRoom rooms, SessionTokens tokens, InstantSource clock) {
    this.events = events;
    this.rooms = rooms;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    routes
        .section(this)
        .post("/v1/events/{eventId}/queue", "joinQueue", Route.Access.USER, this::join)
        .get("/v1/events/{eventId}/queue/status", "getQueueStatus", Route.Access.USER, this::status)
        .get(
            "/v1/events/{eventId}/queue/stream",
            "streamQueueStatus",
            Route.Access.USER,
            this::stream)
        .get("/v1/events/{eventId}/waiting-room", "getWaitingRoom", Route.Access.ADMIN, this::room)
        .add(
            new Route(
                Method.PATCH,
                "/v1/events/{eventId}/waiting-room",
                "changeWaitingRoom",
                Route.Access.ADMIN,
                this::change))
        .filter(routes::sells, this::requireAccess)
        .limit("joinQueue", JOINS_PER_USER)
        .limit("joinQueue", JOINS_PER_ADDRESS);
  }

  // ---- the catalog's section

  @Override
  public String field() {
    return SECTION;
  }

  @Override
  public void check(Event event, JsonNode section, Instant now) {
    terms(event, TERMS.read(section, SECTION), Optional.empty(), SECTION + ".");
  }

  @Override
  public void open(Event event, JsonNode section, Instant now) {
    RoomTerms terms = terms(event, TERMS.read(section, SECTION), Optional.empty(), SECTION + ".");
    if (!rooms.configure(event, terms, seed())) {
      // The event's stock was opened just now: a room that cannot be set on it is a bug, and the
      // sale must not go on without it.
      throw new IllegalStateException("no waiting room could be set up on " + event.id());
    }
  }

  @Override
  public Optional<Object> view(EventId event) {
    return rooms.terms(event).map(RoomViews.TermsView::of);
  }

  private Seed seed() {
    return Seed.random(random);
  }

  /**
   * Terms from {@code body}, each field left out kept from {@code current} or defaulted; a bad
   * field is named as the body has it, after {@code at} ({@code waitingRoom.} in an event's body,
   * nothing in a change of the room).
   */
  private static RoomTerms terms(
      Event event, RoomViews.TermsBody body, Optional<RoomTerms> current, String at) {
    try {
      RoomTerms was =
          current.orElseGet(
              () ->
                  new RoomTerms(
                      true,
                      event.saleWindow().opensAt().minus(DEFAULT_QUEUE_LEAD),
                      DEFAULT_RATE,
                      DEFAULT_ACTIVE,
                      RoomTerms.DEFAULT_ACCESS_TTL,
                      false));
      RoomTerms terms =
          new RoomTerms(
              Objects.requireNonNullElse(body.enabled(), was.enabled()),
              body.queueOpensAt() == null
                  ? was.queueOpensAt()
                  : Fields.instant(body.queueOpensAt(), at + "queueOpensAt"),
              Objects.requireNonNullElse(
                  body.admissionRatePerSecond(), was.admissionRatePerSecond()),
              Objects.requireNonNullElse(body.maxActiveShoppers(), was.maxActiveShoppers()),
              body.accessTtlSeconds() == null
                  ? was.accessTtl()
                  : Duration.ofSeconds(body.accessTtlSeconds()),
              Objects.requireNonNullElse(body.paused(), was.paused()));
      return QueueBook.requireFits(event, terms);
    } catch (InvalidValueException e) {
      String field = e.field().substring(e.field().indexOf('.') + 1); // as RoomTerms names it
      throw Problem.invalidField(at + field, Fields.reason(e)).raise();
    }
  }

  // ---- admin

  Reply room(Call call) {
    EventId event = call.eventId();
    return rooms
        .stats(event, clock.instant())
        .map(s -> Reply.json(200, RoomViews.StatsView.of(s, Draw.ALGORITHM)))
        .orElseGet(() -> Reply.problem(notFound(event)));
  }

  Reply change(Call call) {
    EventId id = call.eventId();
    RoomViews.TermsBody body = call.body(TERMS);
    Event event =
        events
            .find(id)
            .orElseThrow(
                () ->
                    ProblemType.EVENT_NOT_FOUND
                        .detail("no event with this id")
                        .with("eventId", id.value())
                        .raise());
    rooms.configure(event, terms(event, body, rooms.terms(id), ""), seed());
    return room(call);
  }

  // ---- queueing

  Reply join(Call call) {
    UserId user = call.user();
    EventId event = call.eventId();
    Instant now = clock.instant();
    return switch (rooms.join(event, user, now)) {
      case JoinResult.Joined joined -> {
        SessionTokens.Session token =
            tokens.issue(
                QUEUE_TOKEN, user, QUEUE_TOKEN_TTL, Map.of(SessionTokens.EVENT, event.value()));
        yield Reply.json(
                joined.again() ? 200 : 201,
                statusView(joined.standing(), user, event, now).withQueueToken(token.token()))
            .header(QUEUE_HEADER, token.token());
      }
      case JoinResult.NotOpenYet notYet -> {
        long seconds = Math.max(1, Duration.between(now, notYet.opensAt()).toSeconds() + 1);
        yield Reply.problem(
                QUEUE_NOT_OPEN
                    .detail("the queue opens at " + notYet.opensAt())
                    .with("queueOpensAt", notYet.opensAt().toString()))
            .header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
      }
      case JoinResult.NoRoom none -> Reply.problem(notFound(event));
    };
  }

  Reply status(Call call) {
    UserId user = call.user();
    EventId event = requireQueueToken(call, user);
    Instant now = clock.instant();
    return Reply.json(200, statusView(rooms.standing(event, user, now), user, event, now));
  }

  /**
   * The caller's status as Server-Sent Events: {@code status} now, again at once when their state
   * changes (the store tells of it, {@link WaitingRoom#watch}), and when their place has moved, at
   * most every {@link #STREAM_PLACE_EVERY}; ending with the access token, or with a state that
   * cannot change any more; and at least every {@link #STREAM_EVERY}. Only the last state is sent
   * the moment it is told: other changes wait a random part of {@link #STREAM_SPREAD_MS}, so that
   * thousands of streams told of the line's opening at once do not all write in the same instant,
   * ahead of the admissions.
   */
  Reply stream(Call call) {
    UserId user = call.user();
    EventId event = requireQueueToken(call, user);
    return Reply.events(
        WatchedSource.of(
            "queue-stream",
            changed -> rooms.watch(event, user, changed),
            new WatchedSource.Step() {
              private RoomViews.StatusView last;
              private long lastSent;
              private boolean spread;

              @Override
              public long look(EventSource.Sink sink) {
                Instant now = clock.instant();
                QueueStanding standing = rooms.standing(event, user, now);
                boolean fin = isFinal(standing);
                if (last != null && !fin && !spread) {
                  // Not the last state: sent within a spread second, unless the admission comes
                  // first, so that a change to everyone's place (the line opening) never stalls
                  // the admissions' pushes.
                  spread = true;
                  return ThreadLocalRandom.current().nextLong(STREAM_SPREAD_MS);
                }
                spread = false;
                RoomViews.StatusView view = statusView(standing, user, event, now);
                if (!view.equals(last) || System.nanoTime() - lastSent >= STREAM_EVERY.toNanos()) {
                  if (!sink.send(new ServerSentEvent("status", view, fin)) || fin) {
                    return -1;
                  }
                  last = view;
                  lastSent = System.nanoTime();
                }
                return STREAM_PLACE_EVERY.toMillis();
              }
            }),
        STREAM_HEARTBEAT);
  }

  private static boolean isFinal(QueueStanding standing) {
    return switch (standing) {
      case QueueStanding.Admitted a -> true;
      case QueueStanding.Expired e -> true;
      case QueueStanding.SoldOut s -> true;
      case QueueStanding.NotJoined n -> true;
      case QueueStanding.Waiting w -> false;
      case QueueStanding.PreQueue p -> false;
    };
  }

  /** The view of a standing; an admitted user's carries an access token for their session. */
  private RoomViews.StatusView statusView(
      QueueStanding standing, UserId user, EventId event, Instant now) {
    String access = null;
    if (standing instanceof QueueStanding.Admitted admitted) {
      Duration left = Duration.between(now, admitted.expiresAt());
      access =
          tokens
              .issue(
                  ACCESS_TOKEN,
                  user,
                  left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left,
                  Map.of(SessionTokens.EVENT, event.value()))
              .token();
    }
    return RoomViews.StatusView.of(standing, access);
  }

  /** The event of the call, once its queue token is checked: valid, the caller's, this event's. */
  private EventId requireQueueToken(Call call, UserId user) {
    EventId event = call.eventId();
    String raw =
        call.header(QUEUE_HEADER)
            .or(() -> call.query("queueToken"))
            .orElseThrow(
                () ->
                    QUEUE_TOKEN_INVALID
                        .detail("send the queue token from joining in Boxoffice-Queue-Token")
                        .raise());
    SessionTokens.Verified token =
        tokens
            .verify(QUEUE_TOKEN, raw)
            .orElseThrow(
                () ->
                    QUEUE_TOKEN_INVALID
                        .detail(
                            "the token is malformed, tampered with, expired or not a queue token")
                        .raise());
    if (!token.isFor(user, event)) {
      throw QUEUE_TOKEN_NOT_YOURS
          .detail("the queue token was issued to another user or for another event")
          .raise();
    }
    return event;
  }

  // ---- selling through the room

  /**
   * Lets a selling call through only with a valid access token of the caller for the event, while
   * the event's room is enabled; the store checks the session itself in the sale's decision.
   */
  Reply requireAccess(Call call, Route route, Endpoint next) {
    EventId event = call.eventId();
    if (rooms.terms(event).filter(RoomTerms::enabled).isEmpty()) {
      return next.answer(call);
    }
    UserId user = call.user();
    boolean admitted =
        call.header(ACCESS_HEADER)
            .flatMap(raw -> tokens.verify(ACCESS_TOKEN, raw))
            .filter(token -> token.isFor(user, event))
            .isPresent();
    if (!admitted) {
      return Reply.problem(
          ProblemType.QUEUE_REQUIRED.detail(
              "this event sells through its waiting room: send your access token in "
                  + ACCESS_HEADER.defaultCase()
                  + " once admitted"));
    }
    return next.answer(call);
  }

  private static Problem notFound(EventId event) {
    return ROOM_NOT_FOUND.detail("this event has no waiting room").with("eventId", event.value());
  }
}
