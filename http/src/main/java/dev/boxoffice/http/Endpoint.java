package dev.boxoffice.http;

/** What one route does: turns a call into a reply. May throw {@link ProblemException}. */
@FunctionalInterface
interface Endpoint {
  Reply answer(Call call);
}
