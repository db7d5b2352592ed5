package dev.boxoffice.http;

import dev.boxoffice.core.event.SaleMode;
import io.helidon.http.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The route table the features fill: each {@link Feature#register} adds its routes and filters
 * here, and the server routes exactly these. An operationId, and a method with a path template, are
 * each taken once.
 *
 * <p>Thread policy: filled by one thread while the server starts, read-only after.
 */
public final class Routes {
  private final List<Route> routes = new ArrayList<>();
  private final List<Scoped> filters = new ArrayList<>();
  private final Set<String> operationIds = new HashSet<>();
  private final Set<String> methodsAndTemplates = new HashSet<>();
  private final Map<SaleMode, ModeSection> modes = new EnumMap<>(SaleMode.class);
  private final Map<String, EventSection> sections = new LinkedHashMap<>();
  private final Map<String, List<RateLimit>> defaultLimits = new HashMap<>();
  private final Set<String> selling = new HashSet<>();
  private final Set<String> cached = new HashSet<>();
  private final Set<String> changingNoRead = new HashSet<>();

  /** A filter and the routes it runs around. */
  record Scoped(Predicate<Route> applies, Filter filter) {}

  /** The table of {@code features}, in their order. */
  static Routes of(List<Feature> features) {
    Routes routes = new Routes();
    features.forEach(f -> f.register(routes));
    return routes;
  }

  /** Adds a route. */
  public Routes add(Route route) {
    if (!operationIds.add(route.operationId())) {
      throw new IllegalArgumentException("operationId taken twice: " + route.operationId());
    }
    if (!methodsAndTemplates.add(route.method().text() + " " + route.template())) {
      throw new IllegalArgumentException("route added twice: " + route);
    }
    routes.add(route);
    return this;
  }

  /** Adds a GET route. */
  public Routes get(String template, String operationId, Route.Access access, Endpoint endpoint) {
    return add(new Route(Method.GET, template, operationId, access, endpoint));
  }

  /** Adds a POST route. */
  public Routes post(String template, String operationId, Route.Access access, Endpoint endpoint) {
    return add(new Route(Method.POST, template, operationId, access, endpoint));
  }

  /** Adds a DELETE route. */
  public Routes delete(
      String template, String operationId, Route.Access access, Endpoint endpoint) {
    return add(new Route(Method.DELETE, template, operationId, access, endpoint));
  }

  /**
   * Gives a route of this table a default rate limit, counted by {@code limit}'s key; configured
   * limits of the same route and key replace it ({@link RateLimit#merge}).
   */
  public Routes limit(String operationId, RateLimit limit) {
    defaultLimits.merge(
        operationId, List.of(limit), (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
    return this;
  }

  /**
   * Each API route's default rate limits: those its feature gave it ({@link #limit}), else the
   * fallback for who may call it and how ({@link #fallbackLimit}). Routes outside {@code /v1/} (the
   * health checks, metrics, the API description, the opt-in compatibility routes) are limited only
   * when configured.
   */
  Map<String, List<RateLimit>> defaultLimits() {
    Map<String, List<RateLimit>> limits = new HashMap<>(defaultLimits);
    for (Route route : routes) {
      if (route.template().startsWith("/v1/") && !limits.containsKey(route.operationId())) {
        fallbackLimit(route).ifPresent(l -> limits.put(route.operationId(), List.of(l)));
      }
    }
    return Map.copyOf(limits);
  }

  /**
   * The limit of an API route its feature gave none: a signed-in user's reads 100 a second and
   * changes 20 a second, each user's own; anyone's reads 50,000 a second and changes 100 a second
   * per client address (a ceiling for one runaway client, well above what the crowd of one address,
   * such as a carrier's shared address, asks for); the admin's none.
   */
  static Optional<RateLimit> fallbackLimit(Route route) {
    boolean read = route.method() == Method.GET;
    return switch (route.access()) {
      case USER -> Optional.of(perSecond(read ? 100 : 20, RateLimit.Key.USER));
      case PUBLIC -> Optional.of(perSecond(read ? 50_000 : 100, RateLimit.Key.ADDRESS));
      case ADMIN -> Optional.empty();
    };
  }

  private static RateLimit perSecond(long count, RateLimit.Key key) {
    return new RateLimit(new Rate(count, Duration.ofSeconds(1)), key);
  }

  /**
   * Marks a route of this table as one that takes an event's tickets (a hold, a purchase), so that
   * checks in front of any sale (a waiting room's access token) run around it too. Such a route
   * names its event in the path, as {@code {eventId}}.
   */
  public Routes sells(String operationId) {
    selling.add(operationId);
    return this;
  }

  /** Whether {@code route} takes an event's tickets ({@link #sells}); read once all have. */
  public boolean sells(Route route) {
    return selling.contains(route.operationId());
  }

  /**
   * Marks a public read of this table as one the {@link ReadCache} may answer: a GET whose answer
   * depends only on its path (no query, no caller) and changes only by writes through the API or
   * with time. A route naming one event names it as {@code {eventId}}.
   */
  public Routes cached(String operationId) {
    cached.add(operationId);
    return this;
  }

  /** Whether {@code route}'s answers may be cached ({@link #cached}); read once all have. */
  boolean cached(Route route) {
    return cached.contains(route.operationId());
  }

  /**
   * Marks a write of this table as one that changes nothing a {@link #cached} read answers (a
   * sign-in, a challenge, a token), so that it leaves the {@link ReadCache} alone.
   */
  public Routes changesNoRead(String operationId) {
    changingNoRead.add(operationId);
    return this;
  }

  /** Whether {@code route} changes nothing a cached read answers ({@link #changesNoRead}). */
  boolean changesNoRead(Route route) {
    return changingNoRead.contains(route.operationId());
  }

  /** Runs {@code filter} around the routes {@code applies} accepts, after the filters before it. */
  public Routes filter(Predicate<Route> applies, Filter filter) {
    filters.add(new Scoped(applies, filter));
    return this;
  }

  /** Adds the catalog's section of a sale mode; each mode has one at most. */
  public Routes mode(ModeSection section) {
    if (modes.putIfAbsent(section.mode(), section) != null) {
      throw new IllegalArgumentException("sale mode added twice: " + section.mode());
    }
    return this;
  }

  /** Adds a section any event may have; each field is taken once. */
  public Routes section(EventSection section) {
    if (sections.putIfAbsent(section.field(), section) != null) {
      throw new IllegalArgumentException("event section added twice: " + section.field());
    }
    return this;
  }

  /** The sections any event may have, in the order added. */
  List<EventSection> sections() {
    return List.copyOf(sections.values());
  }

  /** The section of {@code mode}, if a feature added one. */
  Optional<ModeSection> mode(SaleMode mode) {
    return Optional.ofNullable(modes.get(mode));
  }

  /** The sections of every mode features added. */
  List<ModeSection> modes() {
    return List.copyOf(modes.values());
  }

  /** Every route, in the order added. */
  public List<Route> all() {
    return List.copyOf(routes);
  }

  /** The route with this operationId, if any. */
  Optional<Route> byOperationId(String operationId) {
    return routes.stream().filter(r -> r.operationId().equals(operationId)).findFirst();
  }

  List<Scoped> filters() {
    return List.copyOf(filters);
  }
}
