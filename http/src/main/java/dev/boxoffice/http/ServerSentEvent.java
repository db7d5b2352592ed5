package dev.boxoffice.http;

import java.util.Objects;

/**
 * One event of a stream: its name, its data (written as JSON on one line), and whether it is the
 * last, after which the stream ends.
 */
public record ServerSentEvent(String name, Object data, boolean last) {
  public ServerSentEvent {
    Objects.requireNonNull(data, "data");
    if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("not an event name: " + name);
    }
  }
}
