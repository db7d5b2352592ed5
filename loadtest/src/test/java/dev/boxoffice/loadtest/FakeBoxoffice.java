package dev.boxoffice.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Boxoffice HTTP API in miniature, in memory, for testing scenarios without the real server:
 * events, holds with expiry (checked lazily), completion, release, orders and the admin inventory;
 * challenges (never checked) and purchases, whose orders are confirmed at once. {@link Fault}s make
 * it misbehave in one way each, to see the checks fail.
 *
 * <p>Thread policy: all state guarded by {@code lock}.
 */
final class FakeBoxoffice implements FakeServer.Handler {
  static final String ADMIN_KEY = "fake-admin-key-0123456789";

  private final String adminKey;

  /** Ways to be wrong. */
  enum Fault {
    NONE,
    /** Completes the hold but forgets the order in the user's listing. */
    FORGETS_ORDERS,
    /** Ignores capacity and the per-user limit. */
    OVERSELLS,
    /** Never releases expired holds. */
    KEEPS_HOLDS
  }

  private final byte[] sessionKey;
  private final Fault fault;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, EventState> events = new HashMap<>();
  private final Map<String, HoldState> holds = new HashMap<>();
  private final Map<String, HoldState> openHolds = new LinkedHashMap<>();
  private final Map<String, List<String>> ordersByUser = new HashMap<>();
  private long ids;

  private static final class EventState {
    String id;
    int ttlSeconds;
    int perUserLimit;
    final Map<String, long[]> types = new LinkedHashMap<>(); // capacity, available, held, sold
    final Map<String, Integer> perUser = new HashMap<>();
    JsonNode json;
  }

  private static final class HoldState {
    String id;
    String event;
    String type;
    String user;
    int quantity;
    Instant expiresAt;
    String order;
    boolean released;
  }

  FakeBoxoffice(byte[] sessionKey, Fault fault) {
    this(sessionKey, fault, ADMIN_KEY);
  }

  FakeBoxoffice(byte[] sessionKey, Fault fault, String adminKey) {
    this.adminKey = adminKey;
    this.sessionKey = sessionKey.clone();
    this.fault = fault;
  }

  @Override
  public FakeServer.Answer handle(FakeServer.Exchange x) {
    lock.lock();
    try {
      expire(Instant.now());
      return route(x);
    } finally {
      lock.unlock();
    }
  }

  private FakeServer.Answer route(FakeServer.Exchange x) {
    String[] p = x.path().substring(1).split("/", -1);
    if (x.path().equals("/health/live") || x.path().equals("/health/ready")) {
      return ok(200, "{\"status\":\"UP\"}");
    }
    if (x.path().equals("/metrics")) {
      return ok(200, "boxoffice_orders_pending 0.0\n");
    }
    if (x.method().equals("POST") && x.path().equals("/v1/events")) {
      if (!x.bearer().equals(adminKey)) {
        return ok(401, "{}");
      }
      JsonNode body = parse(x.body());
      EventState e = new EventState();
      e.id = body.path("id").asText();
      e.ttlSeconds = body.path("holdTtlSeconds").asInt();
      e.perUserLimit = body.path("perUserLimit").asInt();
      for (JsonNode t : body.path("ticketTypes")) {
        long c = t.path("capacity").asLong();
        e.types.put(t.path("code").asText(), new long[] {c, c, 0, 0});
      }
      e.json = body;
      events.put(e.id, e);
      return ok(201, body.toString());
    }
    if (p.length == 3 && p[1].equals("events") && x.method().equals("GET")) {
      EventState e = events.get(p[2]);
      return e == null ? ok(404, "{}") : new FakeServer.Answer(200, e.json.toString(), true);
    }
    if (p.length == 4 && p[3].equals("inventory")) {
      EventState e = events.get(p[2]);
      if (!x.bearer().equals(adminKey) || e == null) {
        return ok(404, "{}");
      }
      ObjectNode out = Run.JSON.createObjectNode();
      ArrayNode types = out.putArray("ticketTypes");
      e.types.forEach(
          (code, c) ->
              types
                  .addObject()
                  .put("code", code)
                  .put("capacity", c[0])
                  .put("available", c[1])
                  .put("held", c[2])
                  .put("sold", c[3]));
      return ok(200, out.toString());
    }
    String user = user(x.bearer());
    if (user == null) {
      return ok(401, "{}");
    }
    if (p.length == 4 && p[3].equals("holds") && x.method().equals("POST")) {
      EventState e = events.get(p[2]);
      JsonNode body = parse(x.body());
      String type = body.path("ticketType").asText();
      int q = body.path("quantity").asInt();
      long[] c = e.types.get(type);
      FakeServer.Answer refused = refusal(e, user, c, q);
      if (refused != null) {
        return refused;
      }
      c[1] -= q;
      c[2] += q;
      e.perUser.merge(user, q, Integer::sum);
      HoldState h = new HoldState();
      h.id = e.id + "." + ++ids;
      h.event = e.id;
      h.type = type;
      h.user = user;
      h.quantity = q;
      h.expiresAt = Instant.now().plusSeconds(e.ttlSeconds);
      holds.put(h.id, h);
      openHolds.put(h.id, h);
      return ok(201, "{\"holdId\":\"" + h.id + "\",\"expiresAt\":\"" + h.expiresAt + "\"}");
    }
    if (p.length == 4 && p[1].equals("holds") && p[3].equals("complete")) {
      HoldState h = holds.get(p[2]);
      if (h == null || !h.user.equals(user)) {
        return ok(404, "{}");
      }
      if (h.order != null) {
        return ok(200, "{\"orderId\":\"" + h.order + "\"}");
      }
      if (h.released) {
        return ok(410, "{}");
      }
      long[] c = events.get(h.event).types.get(h.type);
      c[2] -= h.quantity;
      c[3] += h.quantity;
      h.order = "o" + ++ids;
      openHolds.remove(h.id);
      if (fault != Fault.FORGETS_ORDERS) {
        ordersByUser.computeIfAbsent(user, u -> new ArrayList<>()).add(h.order);
      }
      return ok(201, "{\"orderId\":\"" + h.order + "\"}");
    }
    if (p.length == 3 && p[1].equals("holds") && x.method().equals("DELETE")) {
      HoldState h = holds.get(p[2]);
      if (h == null || !h.user.equals(user) || h.order != null || h.released) {
        return ok(404, "{}");
      }
      release(h);
      return ok(204, "");
    }
    if (x.method().equals("POST") && x.path().equals("/v1/challenges")) {
      return ok(201, "{\"challenge\":\"c" + ++ids + "\",\"difficulty\":1}");
    }
    if (p.length == 4 && p[3].equals("purchases") && x.method().equals("POST")) {
      EventState e = events.get(p[2]);
      JsonNode body = parse(x.body());
      int q = body.path("quantity").asInt();
      long[] c = e.types.get(body.path("ticketType").asText());
      FakeServer.Answer refused = refusal(e, user, c, q);
      if (refused != null) {
        return refused;
      }
      c[1] -= q;
      c[3] += q;
      e.perUser.merge(user, q, Integer::sum);
      String order = "o" + ++ids;
      if (fault != Fault.FORGETS_ORDERS) {
        ordersByUser.computeIfAbsent(user, u -> new ArrayList<>()).add(order);
      }
      return ok(202, "{\"orderId\":\"" + order + "\",\"status\":\"PENDING\"}");
    }
    if (p.length == 3 && p[1].equals("orders")) {
      return ok(200, "{\"orderId\":\"" + p[2] + "\",\"status\":\"CONFIRMED\"}");
    }
    if (x.path().equals("/v1/orders")) {
      StringBuilder out = new StringBuilder("{\"orders\":[");
      List<String> mine = ordersByUser.getOrDefault(user, List.of());
      for (int i = 0; i < mine.size(); i++) {
        out.append(i == 0 ? "" : ",").append("{\"orderId\":\"").append(mine.get(i)).append("\"}");
      }
      return ok(200, out.append("]}").toString());
    }
    return ok(404, "{}");
  }

  /** Sold out or over the limit (never, when overselling); null when {@code q} may be taken. */
  private FakeServer.Answer refusal(EventState e, String user, long[] c, int q) {
    if (fault == Fault.OVERSELLS) {
      return null;
    }
    if (c[1] < q) {
      return ok(409, "{\"type\":\"sold-out\"}");
    }
    if (e.perUser.getOrDefault(user, 0) + q > e.perUserLimit) {
      return ok(422, "{\"type\":\"limit-reached\"}");
    }
    return null;
  }

  private void expire(Instant now) {
    if (fault == Fault.KEEPS_HOLDS) {
      return;
    }
    for (HoldState h : List.copyOf(openHolds.values())) {
      if (!now.isBefore(h.expiresAt)) {
        release(h);
      }
    }
  }

  private void release(HoldState h) {
    h.released = true;
    openHolds.remove(h.id);
    EventState e = events.get(h.event);
    long[] c = e.types.get(h.type);
    c[1] += h.quantity;
    c[2] -= h.quantity;
    e.perUser.merge(h.user, -h.quantity, Integer::sum);
  }

  private String user(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      return jwt.verify(new MACVerifier(sessionKey)) ? jwt.getJWTClaimsSet().getSubject() : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static JsonNode parse(String body) {
    try {
      return Run.JSON.readTree(body);
    } catch (Exception e) {
      return Run.JSON.missingNode();
    }
  }

  private static FakeServer.Answer ok(int status, String body) {
    return FakeServer.Answer.of(status, body);
  }
}
