package dev.boxoffice.http;

/** What one route does: turns a call into a reply. May throw {@link ProblemException}. */
@FunctionalInterface
public interface Endpoint {
  Reply answer(Call call);
}
