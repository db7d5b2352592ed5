package dev.boxoffice.http.compat;

import dev.boxoffice.core.Ids;
import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Inventory;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.Stock;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.http.Call;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.HoldRefusals;
import dev.boxoffice.http.Reply;
import dev.boxoffice.http.Route;
import dev.boxoffice.http.Routes;
import dev.boxoffice.http.SessionTokens;
import dev.boxoffice.http.TokenKind;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tickets-v0}: the original hold-then-complete ticket API, on one configured event ({@link
 * CompatSettings#ticketsEvent}, with types {@code GA}, {@code VIP} and {@code ONE_DAY}). {@code GET
 * /remaining_tickets} sums what is available, {@code POST /buy_ticket/{type}} holds one ticket for
 * an anonymous buyer for the event's hold time and answers a token, {@code POST
 * /complete_purchase/{token}} completes it. Refusals are 403 {@code {"success": false,
 * "errorMessage": ...}}, as the original answered.
 *
 * <p>Each purchase is a native hold of a buyer made up for it (so no per-person limit applies:
 * there is no person), decided by the same ledger as every hold, waiting room included; the token
 * is signed ({@link #HOLD_TOKEN}), names the buyer and the hold, and lives as long as the hold.
 *
 * <p>Thread policy: thread-safe.
 */
final class TicketsV0Routes implements Feature {
  /** A tickets-v0 purchase token: the anonymous buyer and their hold. */
  static final TokenKind HOLD_TOKEN = new TokenKind("tickets-v0-hold");

  /** The prefix of this API's anonymous buyers among Boxoffice's users. */
  static final String BUYERS = "tickets-v0:";

  private static final String HOLD = "hold";

  private final Inventory inventory;
  private final SessionTokens tokens;
  private final CompatSettings compat;
  private final InstantSource clock;

  TicketsV0Routes(Stores stores, SessionTokens tokens, CompatSettings compat, InstantSource clock) {
    this.inventory = stores.inventory();
    this.tokens = tokens;
    this.compat = compat;
    this.clock = clock;
  }

  @Override
  public void register(Routes routes) {
    routes
        .get("/remaining_tickets", "ticketsV0Remaining", Route.Access.PUBLIC, this::remaining)
        // Not marked as selling (Routes.sells): its event is the configured one, not in the path,
        // and an anonymous buyer has no access token to show. The store's decision still refuses
        // anyone without a live session while the event's waiting room is on.
        .post("/buy_ticket/{type}", "ticketsV0Buy", Route.Access.PUBLIC, this::buy)
        .post(
            "/complete_purchase/{token}", "ticketsV0Complete", Route.Access.PUBLIC, this::complete)
        .cached("ticketsV0Remaining")
        // Completing moves held tickets to sold: what is left to sell stays the same.
        .changesNoRead("ticketsV0Complete");
    CompatFeatures.allowedOnly(
        routes, compat, "ticketsV0", failure("not allowed from this address"));
  }

  Reply remaining(Call call) {
    Optional<Stock> stock = inventory.stock(compat.ticketsEvent());
    if (stock.isEmpty()) {
      return Reply.json(403, failure("no event " + compat.ticketsEvent().value()));
    }
    long available = stock.get().ticketTypes().stream().mapToLong(TypeStock::available).sum();
    return Reply.json(200, Map.of("num_tickets", available));
  }

  Reply buy(Call call) {
    TicketTypeCode type;
    try {
      type = new TicketTypeCode(call.param("type"));
    } catch (InvalidValueException e) {
      return Reply.json(403, failure("no ticket type " + clip(call.param("type"))));
    }
    UserId buyer = new UserId(BUYERS + Ids.random("b"));
    Instant now = clock.instant();
    HoldResult result =
        inventory.hold(
            HoldRequest.openSale(compat.ticketsEvent(), buyer, type, new Quantity(1)), now);
    if (!(result instanceof HoldResult.Held held)) {
      return Reply.json(403, failure(HoldRefusals.problem(result).detail()));
    }
    Duration lifetime =
        Duration.ofSeconds(
            Math.max(1, Duration.between(now, held.hold().expiresAt()).toMillis() / 1000 + 1));
    String token =
        tokens.issue(HOLD_TOKEN, buyer, lifetime, Map.of(HOLD, held.hold().id().value())).token();
    return Reply.json(200, Map.of("success", true, "token", token));
  }

  Reply complete(Call call) {
    Optional<SessionTokens.Verified> token = tokens.verifyOnce(HOLD_TOKEN, call.param("token"));
    if (token.isEmpty() || token.get().claims().get(HOLD) == null) {
      return Reply.json(403, failure("unknown or expired token"));
    }
    HoldId hold;
    try {
      hold = new HoldId(token.get().claims().get(HOLD));
    } catch (InvalidValueException e) {
      return Reply.json(403, failure("unknown or expired token"));
    }
    return switch (inventory.complete(hold, token.get().user(), clock.instant())) {
      case CompleteResult.Completed c -> Reply.json(200, Map.of("success", true));
      case CompleteResult.Expired e -> Reply.json(403, failure("the hold expired"));
      case CompleteResult.Released r -> Reply.json(403, failure("the hold was released"));
      case CompleteResult.NotFound n -> Reply.json(403, failure("unknown or expired token"));
    };
  }

  private static Map<String, Object> failure(String message) {
    return Map.of("success", false, "errorMessage", message);
  }

  private static String clip(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64);
  }
}
