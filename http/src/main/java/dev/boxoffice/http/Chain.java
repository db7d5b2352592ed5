package dev.boxoffice.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What runs for every request, and the routing that runs it. Each route's endpoint is wrapped, at
 * start, in the same chain: the limits counted by address or globally, authentication by the
 * route's {@link Route.Access}, the limits counted by user, then the features' {@link Filter}s that
 * apply to it, in the order added, and the {@link ReadCache} right around the endpoint; every
 * answer, a refusal too, then announces the route's limits. {@link Dispatch} runs the chain with
 * the request id set and sends what it answers. A GET route answers HEAD too; a path no route has
 * is 404, a known path with another method 405 (OPTIONS: 204), both with {@code Allow}.
 *
 * <p>Thread policy: immutable; the routing it builds is shared by all requests.
 */
final class Chain {
  private final Auth auth;
  private final TrustedProxies proxies;
  private final RateLimiter limiter;
  private final ReadCache cache;
  private final List<Routes.Scoped> filters;
  private final HttpMetrics meters;
  private final AccessLog accessLog;

  Chain(
      Auth auth,
      TrustedProxies proxies,
      RateLimiter limiter,
      ReadCache cache,
      List<Routes.Scoped> filters,
      HttpMetrics meters,
      AccessLog accessLog) {
    this.auth = auth;
    this.proxies = proxies;
    this.limiter = limiter;
    this.cache = cache;
    this.filters = List.copyOf(filters);
    this.meters = meters;
    this.accessLog = accessLog;
  }

  /** The routing of {@code routes}, anything else answered as unmatched. */
  HttpRouting.Builder routing(List<Route> routes) {
    HttpRouting.Builder routing = HttpRouting.builder();
    for (Route route : routes) {
      Dispatch dispatch =
          new Dispatch(
              around(route),
              auth,
              proxies,
              meters.route(route.method().text(), route.template()),
              route.template(),
              accessLog);
      routing.route(route.method(), route.template(), dispatch);
      if (route.method() == Method.GET) {
        // HEAD answers what GET would, without the body (Dispatch leaves it out).
        routing.route(Method.HEAD, route.template(), dispatch);
      }
    }
    routing.any(
        new Dispatch(
            call -> unmatched(routes, call),
            auth,
            proxies,
            meters.route("", "unmatched"),
            "unmatched",
            accessLog));
    routing.error(Throwable.class, Dispatch::lastResort);
    return routing;
  }

  /** The route's endpoint with the chain around it. */
  private Endpoint around(Route route) {
    Endpoint inner = cache.around(route, route.endpoint());
    List<Routes.Scoped> applying = new ArrayList<>();
    for (Routes.Scoped scoped : filters) {
      if (scoped.applies().test(route)) {
        applying.add(scoped);
      }
    }
    for (int i = applying.size() - 1; i >= 0; i--) {
      Filter filter = applying.get(i).filter();
      Endpoint next = inner;
      inner = call -> filter.apply(call, route, next);
    }
    Endpoint filtered = inner;
    return call -> {
      RateLimiter.Quota quota = limiter.quota(route);
      try {
        return quota.announce(limitedOrAnswered(route, quota, filtered, call));
      } catch (ProblemException e) {
        return quota.announce(Reply.problem(e.problem()));
      }
    };
  }

  private static Reply limitedOrAnswered(
      Route route, RateLimiter.Quota quota, Endpoint filtered, Call call) {
    Optional<Reply> limited = quota.beforeAuthentication(call);
    if (limited.isPresent()) {
      return limited.get();
    }
    switch (route.access()) {
      case USER -> call.user();
      case ADMIN -> call.requireAdmin();
      case PUBLIC -> {}
    }
    return quota.afterAuthentication(call).orElseGet(() -> filtered.answer(call));
  }

  /**
   * No route has this path (404); or one does, and this is OPTIONS (204 with {@code Allow}) or a
   * method the path does not allow (405).
   */
  private static Reply unmatched(List<Route> routes, Call call) {
    List<Method> methods = allowed(routes, call.path());
    if (methods.isEmpty()) {
      return Reply.problem(ProblemType.NOT_FOUND.detail("no resource at this path"));
    }
    if (call.method() == Method.OPTIONS) {
      return Reply.empty(204).header(HeaderNames.ALLOW, allowHeader(methods));
    }
    return Reply.problem(
            ProblemType.METHOD_NOT_ALLOWED
                .detail("this resource allows " + allowHeader(methods))
                .with("allow", methods.stream().map(Method::text).toList()))
        .header(HeaderNames.ALLOW, allowHeader(methods));
  }

  /**
   * The methods allowed on a path, in table order, with HEAD after GET and OPTIONS last; empty when
   * no route has that path.
   */
  static List<Method> allowed(List<Route> routes, String path) {
    List<Method> methods = new ArrayList<>();
    for (Route route : routes) {
      if (route.matchesPath(path) && !methods.contains(route.method())) {
        methods.add(route.method());
        if (route.method() == Method.GET) {
          methods.add(Method.HEAD);
        }
      }
    }
    if (!methods.isEmpty()) {
      methods.add(Method.OPTIONS);
    }
    return methods;
  }

  private static String allowHeader(List<Method> methods) {
    return String.join(", ", methods.stream().map(Method::text).toList());
  }
}
