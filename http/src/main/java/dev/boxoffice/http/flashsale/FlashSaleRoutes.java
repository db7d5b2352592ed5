package dev.boxoffice.http.flashsale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boxoffice.core.Ids;
import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.flashsale.Challenges;
import dev.boxoffice.core.flashsale.FlashSale;
import dev.boxoffice.core.flashsale.FlashTerms;
import dev.boxoffice.core.flashsale.ProofOfWork;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.Entitlement;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.OpenSale;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.order.PurchaseResult;
import dev.boxoffice.http.Call;
import dev.boxoffice.http.EventSection;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.Fields;
import dev.boxoffice.http.HoldRefusals;
import dev.boxoffice.http.Json;
import dev.boxoffice.http.Problem;
import dev.boxoffice.http.ProblemType;
import dev.boxoffice.http.Rate;
import dev.boxoffice.http.RateLimit;
import dev.boxoffice.http.Reply;
import dev.boxoffice.http.Route;
import dev.boxoffice.http.Routes;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.http.TokenKind;
import io.helidon.http.HeaderNames;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The flash sale: {@code POST /v1/challenges} signs a proof-of-work puzzle for the caller, and
 * {@code POST /v1/events/{eventId}/purchases} buys at once, answering 202 with a pending order that
 * the order pipeline confirms. Its section of the catalog, {@code flashSale}, sets a first-come
 * event's challenge difficulty and purchase interval ({@link FlashTerms#DEFAULT} otherwise).
 *
 * <p>A purchase is checked in this order, each refusal leaving everything after it untouched: the
 * sale window (403 {@code sale-closed} with the window), the sold-out fast path (409, from memory),
 * the challenge (403 {@code challenge-required}), then the store's decision: the user's interval
 * (429 {@code purchase-too-soon} with {@code Retry-After}), the waiting room, the per-person limit
 * and the stock. So an attempt refused before the store counts toward no interval.
 *
 * <p>Challenges are tokens of kind {@link #CHALLENGE_TOKEN}, signed for the caller (and an event,
 * when asked for one) at the event's difficulty, valid {@link #CHALLENGE_TTL}, each redeemed once
 * ({@link Challenges}) and only by its user.
 *
 * <p>Thread policy: thread-safe.
 */
public final class FlashSaleRoutes implements Feature, EventSection {
  public static final TokenKind CHALLENGE_TOKEN = new TokenKind("challenge");

  /** Long enough to solve and buy, short enough that solving ahead gains little. */
  public static final Duration CHALLENGE_TTL = Duration.ofMinutes(2);

  /**
   * The original's bucket on its check route: a token a millisecond, a thousand at most, here per
   * client address on purchases.
   */
  public static final RateLimit PURCHASES_PER_ADDRESS =
      new RateLimit(new Rate(1_000, Duration.ofSeconds(1)), RateLimit.Key.ADDRESS);

  /** The original's bucket on its product route: a token a millisecond, ten thousand at most. */
  public static final RateLimit CHALLENGES_PER_ADDRESS =
      new RateLimit(new Rate(10_000, Duration.ofSeconds(10)), RateLimit.Key.ADDRESS);

  static final ProblemType CHALLENGE_REQUIRED =
      ProblemType.of("challenge-required", "A solved challenge is required", 403);
  static final ProblemType PURCHASE_TOO_SOON =
      ProblemType.of("purchase-too-soon", "One purchase attempt per interval", 429);

  private static final String SECTION = "flashSale";
  private static final String DIFFICULTY = "difficulty";
  private static final Json.Body<FlashViews.TermsBody> TERMS =
      Json.body(FlashViews.TermsBody.class);
  private static final Json.Body<FlashViews.ChallengeBody> CHALLENGE =
      Json.body(FlashViews.ChallengeBody.class);
  private static final Json.Body<FlashViews.PurchaseBody> PURCHASE =
      Json.body(FlashViews.PurchaseBody.class);

  private final Events events;
  private final FlashSale flash;
  private final Challenges challenges;
  private final SessionTokens tokens;
  private final InstantSource clock;

  public FlashSaleRoutes(
      Events events,
      FlashSale flash,
      Challenges challenges,
      SessionTokens tokens,
      InstantSource clock) {
    this.events = events;
    this.flash = flash;
    this.challenges = challenges;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    routes
        .section(this)
        .post("/v1/challenges", "createChallenge", Route.Access.USER, this::challenge)
        .post("/v1/events/{eventId}/purchases", "createPurchase", Route.Access.USER, this::purchase)
        .sells("createPurchase")
        .limit("createPurchase", PURCHASES_PER_ADDRESS)
        .limit("createChallenge", CHALLENGES_PER_ADDRESS)
        .changesNoRead("createChallenge");
  }

  // ---- the catalog's section

  @Override
  public String field() {
    return SECTION;
  }

  @Override
  public void check(Event event, JsonNode section, Instant now) {
    terms(event, section);
  }

  @Override
  public void open(Event event, JsonNode section, Instant now) {
    if (!flash.configure(event.id(), terms(event, section))) {
      // The event's stock was opened just now: terms that cannot be set on it are a bug.
      throw new IllegalStateException("no flash-sale terms could be set on " + event.id());
    }
  }

  @Override
  public Optional<Object> view(EventId event) {
    return flash.terms(event).map(FlashViews.TermsView::of);
  }

  private static FlashTerms terms(Event event, JsonNode section) {
    if (event.mode() != SaleMode.FIRST_COME) {
      throw Problem.invalidField(SECTION, "only a FIRST_COME event has a flash sale").raise();
    }
    FlashViews.TermsBody body = TERMS.read(section, SECTION);
    FlashTerms defaults = FlashTerms.DEFAULT;
    try {
      return new FlashTerms(
          body.challengeDifficulty() == null
              ? defaults.challengeDifficulty()
              : body.challengeDifficulty(),
          body.purchaseIntervalSeconds() == null
              ? defaults.purchaseInterval()
              : Duration.ofSeconds(body.purchaseIntervalSeconds()));
    } catch (InvalidValueException e) {
      throw Problem.invalidField(e.field(), Fields.reason(e)).raise();
    }
  }

  // ---- challenges

  Reply challenge(Call call) {
    UserId user = call.user();
    FlashViews.ChallengeBody body =
        call.bodyIfAny(CHALLENGE).orElseGet(() -> new FlashViews.ChallengeBody(null));
    Map<String, String> claims = new HashMap<>();
    claims.put("tid", Ids.random("c"));
    int difficulty = FlashTerms.DEFAULT.challengeDifficulty();
    if (body.eventId() != null) {
      EventId event = eventId(body.eventId());
      if (events.find(event).isEmpty()) {
        throw Problem.invalidField("eventId", "no event has this id").raise();
      }
      difficulty = terms(event).challengeDifficulty();
      claims.put(SessionTokens.EVENT, event.value());
    }
    claims.put(DIFFICULTY, Integer.toString(difficulty));
    SessionTokens.Session token = tokens.issue(CHALLENGE_TOKEN, user, CHALLENGE_TTL, claims);
    return Reply.json(
        201,
        new FlashViews.ChallengeView(
            token.token(), ProofOfWork.ALGORITHM, difficulty, token.expiresAt()));
  }

  // ---- purchases

  Reply purchase(Call call) {
    UserId user = call.user();
    EventId id = call.eventId();
    FlashViews.PurchaseBody body = call.body(PURCHASE);
    TicketTypeCode type = ticketType(body.ticketType());
    Quantity quantity = quantity(body.quantity());
    Event event =
        events
            .find(id)
            .orElseThrow(() -> HoldRefusals.problem(new HoldResult.UnknownEvent(id)).raise());
    Instant now = clock.instant();
    if (event.mode() != SaleMode.FIRST_COME) {
      // The store's sale rule refuses it too; said here before a challenge is spent on it.
      return Reply.problem(
          HoldRefusals.problem(
              new HoldResult.NotEntitled(
                  event.mode(), new OpenSale(), "only a first-come sale sells by purchase")));
    }
    if (!event.saleWindow().isOpenAt(now)) {
      return Reply.problem(
          HoldRefusals.saleClosed(
              new HoldResult.SaleClosed(
                  event.saleWindow().opensAt(), event.saleWindow().closesAt())));
    }
    if (flash.soldOut(id, type, now)) {
      return Reply.problem(HoldRefusals.problem(new HoldResult.SoldOut(type, 0)));
    }
    Optional<Problem> unsolved =
        unsolved(body.challenge(), user, id, terms(id).challengeDifficulty(), now);
    if (unsolved.isPresent()) {
      return Reply.problem(unsolved.get());
    }
    // A filter in front (the waiting room's, say) may have found the right this is bought by.
    Entitlement right = call.attached(Entitlement.class).orElseGet(OpenSale::new);
    HoldRequest request = new HoldRequest(id, user, type, quantity, right);
    return switch (flash.purchase(request, now)) {
      case PurchaseResult.Accepted a ->
          Reply.json(202, new FlashViews.PurchaseView(a.order().id().value(), "PENDING"))
              .header(HeaderNames.LOCATION, "/v1/orders/" + a.order().id().value());
      case PurchaseResult.Refused r -> Reply.problem(HoldRefusals.problem(r.reason()));
      case PurchaseResult.TooSoon t -> tooSoon(t.retryAt(), now);
    };
  }

  private FlashTerms terms(EventId event) {
    return flash.terms(event).orElse(FlashTerms.DEFAULT);
  }

  /**
   * Why {@code solution} does not let {@code user} buy on {@code event} now, if it does not: none
   * is needed at difficulty 0; else it must be a valid challenge of the user's, for this event or
   * none, at the event's difficulty or more, solved, and not redeemed before (it is redeemed now).
   */
  private Optional<Problem> unsolved(
      FlashViews.Solution solution, UserId user, EventId event, int difficulty, Instant now) {
    if (difficulty == 0) {
      return Optional.empty();
    }
    if (solution == null || solution.challenge() == null || solution.nonce() == null) {
      return refuse(
          "this purchase needs a solved challenge: POST /v1/challenges, then send challenge"
              + " {challenge, nonce}",
          difficulty);
    }
    Optional<SessionTokens.Verified> verified =
        tokens.verifyOnce(CHALLENGE_TOKEN, solution.challenge());
    if (verified.isEmpty()) {
      return refuse("the challenge is malformed, tampered with or expired", difficulty);
    }
    SessionTokens.Verified challenge = verified.get();
    String forEvent = challenge.claims().get(SessionTokens.EVENT);
    if (!challenge.user().equals(user) || (forEvent != null && !forEvent.equals(event.value()))) {
      return refuse("the challenge was issued to another user or for another event", difficulty);
    }
    int solvedAt = Integer.parseInt(challenge.claims().getOrDefault(DIFFICULTY, "0"));
    if (solvedAt < difficulty) {
      return refuse("this event needs a challenge of difficulty " + difficulty, difficulty);
    }
    if (!ProofOfWork.solves(solution.challenge(), solution.nonce(), solvedAt)) {
      return refuse("the nonce does not solve the challenge", difficulty);
    }
    if (!challenges.redeem(challenge.claims().get("tid"), challenge.expiresAt(), now)) {
      return refuse("the challenge was used already; ask for a new one", difficulty);
    }
    return Optional.empty();
  }

  private static Optional<Problem> refuse(String detail, int difficulty) {
    return Optional.of(CHALLENGE_REQUIRED.detail(detail).with(DIFFICULTY, difficulty));
  }

  private static Reply tooSoon(Instant retryAt, Instant now) {
    long seconds = Math.max(1, (Duration.between(now, retryAt).toMillis() + 999) / 1000);
    return Reply.problem(
            PURCHASE_TOO_SOON
                .detail("one purchase attempt per interval; try again in " + seconds + " s")
                .with("retryAt", retryAt.toString())
                .with("retryAfterSeconds", seconds))
        .header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
  }

  private static EventId eventId(String raw) {
    try {
      return new EventId(raw);
    } catch (InvalidValueException e) {
      throw Problem.invalidField("eventId", Fields.reason(e)).raise();
    }
  }

  private static TicketTypeCode ticketType(String raw) {
    try {
      return new TicketTypeCode(Fields.required(raw, "ticketType"));
    } catch (InvalidValueException e) {
      throw Problem.invalidField("ticketType", Fields.reason(e)).raise();
    }
  }

  private static Quantity quantity(Integer raw) {
    try {
      return new Quantity(Fields.required(raw, "quantity"));
    } catch (InvalidValueException e) {
      throw Problem.invalidField("quantity", Fields.reason(e)).raise();
    }
  }
}
