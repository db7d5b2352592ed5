/**
 * The HTTP edge of Boxoffice on Helidon SE: one route table ({@link dev.boxoffice.http.Route}),
 * request parsing into core values, authentication (session tokens and the admin key), the mapping
 * of every core result to one response, RFC 9457 problem documents, request metrics and health.
 *
 * <p>Nothing here decides a business rule: every decision is a call to a core port. Malformed input
 * of any kind is answered with a 4xx problem, never a 500. Callers: the app, which builds {@link
 * dev.boxoffice.http.HttpSettings} and starts a {@link dev.boxoffice.http.BoxofficeServer}.
 */
package dev.boxoffice.http;
