package dev.boxoffice.http;

/**
 * Every kind of error the API reports, each with a stable {@code type} URI, a title and a status.
 * Clients branch on {@link #uri()}; the URIs never change once published.
 */
enum ProblemType {
  MALFORMED_BODY("malformed-body", "The request body is not valid JSON", 400),
  INVALID_FIELD("invalid-field", "A field of the request is invalid", 400),
  INVALID_REQUEST("invalid-request", "The request is invalid", 400),
  AUTHENTICATION_REQUIRED("authentication-required", "A valid session token is required", 401),
  ADMIN_REQUIRED("admin-required", "The admin key is required", 401),
  INVALID_CREDENTIALS("invalid-credentials", "Wrong username or password", 401),
  CROSS_SITE_REQUEST("cross-site-request", "A cookie-authenticated change from another site", 403),
  SALE_CLOSED("sale-closed", "The sale is not open", 403),
  NOT_ENTITLED("not-entitled", "This event does not sell by that right", 403),
  NOT_FOUND("not-found", "No such resource", 404),
  EVENT_NOT_FOUND("event-not-found", "No such event", 404),
  TICKET_TYPE_NOT_FOUND("ticket-type-not-found", "No such ticket type for this event", 404),
  HOLD_NOT_FOUND("hold-not-found", "No such hold", 404),
  ORDER_NOT_FOUND("order-not-found", "No such order", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed on this resource", 405),
  SOLD_OUT("sold-out", "Not enough tickets left", 409),
  USERNAME_TAKEN("username-taken", "The username is taken", 409),
  EVENT_EXISTS("event-exists", "An event with this id exists", 409),
  HOLD_COMPLETED("hold-completed", "The hold was already completed", 409),
  HOLD_EXPIRED("hold-expired", "The hold expired", 410),
  HOLD_RELEASED("hold-released", "The hold was released", 410),
  PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The body is not of a type this API reads", 415),
  LIMIT_REACHED("limit-reached", "Over the per-user ticket limit for this event", 422),
  TOO_MANY_REQUESTS("too-many-requests", "Too many requests; retry later", 429),
  INTERNAL_ERROR("internal-error", "Internal server error", 500),
  NOT_SUPPORTED("not-supported", "The server does not support what this request needs", 501),
  STORE_UNAVAILABLE("store-unavailable", "The store cannot take changes right now", 503);

  private static final String BASE = "https://boxoffice.dev/problems/";

  private final String uri;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.uri = BASE + slug;
    this.title = title;
    this.status = status;
  }

  String uri() {
    return uri;
  }

  String title() {
    return title;
  }

  int status() {
    return status;
  }

  /** A problem of this type with a human-readable detail. */
  Problem detail(String detail) {
    return new Problem(this, status, detail);
  }
}
