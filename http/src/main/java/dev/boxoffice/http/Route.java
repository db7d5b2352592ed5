package dev.boxoffice.http;

import io.helidon.http.Method;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One route of the API: its method, path template, the {@code operationId} that names it in {@code
 * openapi.yaml} (and in rate-limit settings), who may call it, and what answers it. Path templates
 * use OpenAPI's {@code {name}} syntax, which Helidon's path patterns share. A {@link Feature} adds
 * its routes to the {@link Routes} it is handed; a test checks that {@code openapi.yaml} documents
 * exactly the routes the standard features add.
 *
 * @param method the HTTP method
 * @param template the path template, such as {@code /v1/events/{eventId}}; also the metrics' tag
 * @param operationId the operation's id in {@code openapi.yaml}
 * @param access who may call it; checked before the endpoint runs
 * @param endpoint what answers it
 */
public record Route(
    Method method, String template, String operationId, Access access, Endpoint endpoint) {
  private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(endpoint, "endpoint");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a path template starts with /: " + template);
    }
    if (operationId == null || !OPERATION_ID.matcher(operationId).matches()) {
      throw new IllegalArgumentException("not an operationId: " + operationId);
    }
  }

  /** Whether a request path fits this route's template, whatever the method. */
  boolean matchesPath(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    String[] parts = path.substring(1).split("/", -1);
    List<String> segments = List.of(template.substring(1).split("/", -1));
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

  /** Who may call a route. */
  public enum Access {
    /** Anyone; a session, if sent, is not checked. */
    PUBLIC,
    /** A signed-in user (a valid session token); else 401. */
    USER,
    /** The admin (the admin key); else 401. */
    ADMIN
  }
}
