package dev.boxoffice.http;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a token the server signs is for: its {@code typ} claim. A token is accepted only where its
 * kind is expected, so a session token never passes for a lottery-entry, queue or access token, nor
 * one of those for a session. Each feature names the kinds it issues beside its code.
 *
 * @param name the {@code typ} claim, such as {@code session}
 */
public record TokenKind(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** A signed-in user's session ({@code POST /v1/sessions}). */
  public static final TokenKind SESSION = new TokenKind("session");

  public TokenKind {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a token kind: " + name);
    }
  }
}
