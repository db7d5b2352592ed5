package dev.boxoffice.http;

import io.helidon.http.Method;
import java.util.List;

/**
 * The route table: every route the server answers, with its method and path template. The server
 * routes exactly these, and a test checks that {@code openapi.yaml} documents exactly these, so the
 * two cannot drift apart. Path templates use OpenAPI's {@code {name}} syntax, which Helidon's path
 * patterns share.
 */
enum Route {
  HEALTH_LIVE(Method.GET, "/health/live"),
  HEALTH_READY(Method.GET, "/health/ready"),
  METRICS(Method.GET, "/metrics"),
  OPENAPI(Method.GET, "/openapi.yaml"),
  CREATE_USER(Method.POST, "/v1/users"),
  CREATE_SESSION(Method.POST, "/v1/sessions"),
  CREATE_EVENT(Method.POST, "/v1/events"),
  LIST_EVENTS(Method.GET, "/v1/events"),
  GET_EVENT(Method.GET, "/v1/events/{eventId}"),
  GET_INVENTORY(Method.GET, "/v1/events/{eventId}/inventory"),
  CREATE_HOLD(Method.POST, "/v1/events/{eventId}/holds"),
  COMPLETE_HOLD(Method.POST, "/v1/holds/{holdId}/complete"),
  RELEASE_HOLD(Method.DELETE, "/v1/holds/{holdId}"),
  LIST_ORDERS(Method.GET, "/v1/orders"),
  GET_ORDER(Method.GET, "/v1/orders/{orderId}");

  @SuppressWarnings("ImmutableEnumChecker") // Helidon's Method is a final value class
  private final Method method;

  private final String template;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
  private final List<String> segments;

  Route(Method method, String template) {
    this.method = method;
    this.template = template;
    this.segments = List.of(template.substring(1).split("/", -1));
  }

  Method method() {
    return method;
  }

  /** The path template, such as {@code /v1/events/{eventId}}; also the metrics' route tag. */
  String template() {
    return template;
  }

  /** Whether a request path fits this route's template, whatever the method. */
  boolean matchesPath(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != segments.size()) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      boolean variable = segment.startsWith("{");
      if (variable ? parts[i].isEmpty() : !segment.equals(parts[i])) {
        return false;
      }
    }
    return true;
  }
}
