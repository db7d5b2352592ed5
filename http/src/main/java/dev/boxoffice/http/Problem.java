package dev.boxoffice.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RFC 9457 problem document: a {@link ProblemType}, the status, a detail for humans, and extra
 * members that help a client act (the offending {@code field}, {@code available}, {@code limit}).
 * Build it, add extras with {@link #with}, and hand it out; it is not shared between requests.
 */
public final class Problem {
  private final ProblemType type;
  private final int status;
  private final String detail;
  private final Map<String, Object> extras = new LinkedHashMap<>();

  Problem(ProblemType type, int status, String detail) {
    this.type = type;
    this.status = status;
    this.detail = detail;
  }

  /** A 400 naming the field that is wrong. */
  public static Problem invalidField(String field, String detail) {
    return ProblemType.INVALID_FIELD.detail(field + " " + detail).with("field", field);
  }

  /** Adds a member beside type, title, status and detail. */
  public Problem with(String name, Object value) {
    extras.put(name, value);
    return this;
  }

  ProblemType type() {
    return type;
  }

  int status() {
    return status;
  }

  /** The explanation for a person. */
  public String detail() {
    return detail;
  }

  Map<String, Object> extras() {
    return Collections.unmodifiableMap(extras);
  }

  /** The document as JSON members, in the order RFC 9457 lists them. */
  Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", type.uri());
    doc.put("title", type.title());
    doc.put("status", status);
    doc.put("detail", detail);
    doc.putAll(extras);
    String traceId = RequestTracing.currentTraceId();
    if (traceId != null) {
      doc.put("traceId", traceId);
    }
    return doc;
  }

  /** Throws this problem out of an endpoint, to be answered as is. */
  public ProblemException raise() {
    return new ProblemException(this);
  }
}
