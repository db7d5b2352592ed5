package dev.boxoffice.http;

/**
 * A kind of error the API reports, with a stable {@code type} URI, a title and a status. Clients
 * branch on {@link #uri()}; the URIs never change once published. The kinds every feature shares
 * are here; a feature declares its own beside its routes with {@link #of}.
 *
 * <p>Immutable.
 */
public final class ProblemType {
  public static final ProblemType MALFORMED_BODY =
      of("malformed-body", "The request body is not valid JSON", 400);
  public static final ProblemType INVALID_FIELD =
      of("invalid-field", "A field of the request is invalid", 400);
  public static final ProblemType INVALID_REQUEST =
      of("invalid-request", "The request is invalid", 400);
  public static final ProblemType AUTHENTICATION_REQUIRED =
      of("authentication-required", "A valid session token is required", 401);
  public static final ProblemType ADMIN_REQUIRED =
      of("admin-required", "The admin key is required", 401);
  public static final ProblemType INVALID_CREDENTIALS =
      of("invalid-credentials", "Wrong username or password", 401);
  public static final ProblemType CROSS_SITE_REQUEST =
      of("cross-site-request", "A cookie-authenticated change from another site", 403);
  public static final ProblemType SALE_CLOSED = of("sale-closed", "The sale is not open", 403);
  public static final ProblemType NOT_ENTITLED =
      of("not-entitled", "This event does not sell by that right", 403);
  public static final ProblemType QUEUE_REQUIRED =
      of("queue-required", "This event sells through its waiting room", 403);
  public static final ProblemType NOT_FOUND = of("not-found", "No such resource", 404);
  public static final ProblemType EVENT_NOT_FOUND = of("event-not-found", "No such event", 404);
  public static final ProblemType TICKET_TYPE_NOT_FOUND =
      of("ticket-type-not-found", "No such ticket type for this event", 404);
  public static final ProblemType HOLD_NOT_FOUND = of("hold-not-found", "No such hold", 404);
  public static final ProblemType ORDER_NOT_FOUND = of("order-not-found", "No such order", 404);
  public static final ProblemType METHOD_NOT_ALLOWED =
      of("method-not-allowed", "Method not allowed on this resource", 405);
  public static final ProblemType SOLD_OUT = of("sold-out", "Not enough tickets left", 409);
  public static final ProblemType USERNAME_TAKEN =
      of("username-taken", "The username is taken", 409);
  public static final ProblemType EVENT_EXISTS =
      of("event-exists", "An event with this id exists", 409);
  public static final ProblemType HOLD_COMPLETED =
      of("hold-completed", "The hold was already completed", 409);
  public static final ProblemType HOLD_EXPIRED = of("hold-expired", "The hold expired", 410);
  public static final ProblemType HOLD_RELEASED = of("hold-released", "The hold was released", 410);
  public static final ProblemType PAYLOAD_TOO_LARGE =
      of("payload-too-large", "The request body is too large", 413);
  public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
      of("unsupported-media-type", "The body is not of a type this API reads", 415);
  public static final ProblemType LIMIT_REACHED =
      of("limit-reached", "Over the per-user ticket limit for this event", 422);
  public static final ProblemType TOO_MANY_REQUESTS =
      of("too-many-requests", "Too many requests; retry later", 429);
  public static final ProblemType INTERNAL_ERROR =
      of("internal-error", "Internal server error", 500);
  public static final ProblemType NOT_SUPPORTED =
      of("not-supported", "The server does not support what this request needs", 501);
  public static final ProblemType STORE_UNAVAILABLE =
      of("store-unavailable", "The store cannot take changes right now", 503);

  private static final String BASE = "https://boxoffice.dev/problems/";

  private final String uri;
  private final String title;
  private final int status;

  private ProblemType(String slug, String title, int status) {
    this.uri = BASE + slug;
    this.title = title;
    this.status = status;
  }

  /** A kind of problem: its URI is {@code https://boxoffice.dev/problems/<slug>}. */
  public static ProblemType of(String slug, String title, int status) {
    if (!slug.matches("[a-z][a-z0-9-]*") || status < 400 || status > 599) {
      throw new IllegalArgumentException("not a problem type: " + slug + " " + status);
    }
    return new ProblemType(slug, title, status);
  }

  public String uri() {
    return uri;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }

  /** A problem of this type with a human-readable detail. */
  public Problem detail(String detail) {
    return new Problem(this, status, detail);
  }

  @Override
  public String toString() {
    return uri;
  }
}
