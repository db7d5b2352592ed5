package dev.boxoffice.http;

/**
 * A check that runs around the endpoints of some routes, after the request id, the rate limits and
 * authentication: it may answer in their place (a refusal) or pass the call on to {@code next}. A
 * feature adds it with {@link Routes#filter}, for instance the waiting room's check of an access
 * token before a hold.
 */
@FunctionalInterface
public interface Filter {
  Reply apply(Call call, Route route, Endpoint next);
}
