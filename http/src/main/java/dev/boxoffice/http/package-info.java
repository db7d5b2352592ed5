/**
 * The HTTP edge of Boxoffice on Helidon SE: {@link dev.boxoffice.http.Feature}s that add their
 * routes to one table ({@link dev.boxoffice.http.Routes}), the chain every route runs ({@link
 * dev.boxoffice.http.Chain}: rate limits, authentication, feature filters), request parsing into
 * core values, typed tokens, the mapping of every core result to one response, RFC 9457 problem
 * documents, event streams, request metrics and health.
 *
 * <p>Nothing here decides a business rule: every decision is a call to a core port or use case.
 * Malformed input of any kind is answered with a 4xx problem, never a 500. Callers: the app, which
 * builds {@link dev.boxoffice.http.HttpSettings} and the feature list and starts a {@link
 * dev.boxoffice.http.BoxofficeServer}; a feature in its own package uses the public types ({@link
 * dev.boxoffice.http.Call}, {@link dev.boxoffice.http.Reply}, {@link
 * dev.boxoffice.http.ProblemType}).
 */
package dev.boxoffice.http;
