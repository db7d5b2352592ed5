package dev.boxoffice.http;

/**
 * What an event stream sends ({@link Reply#events}). The server opens it with a sink once the
 * response has started, and closes the handle it returned when the stream ends: after an event
 * marked {@link ServerSentEvent#last}, when the client goes away (noticed at the next event or
 * heartbeat at the latest), or when the client reads too slowly for the sink's bounded queue.
 */
@FunctionalInterface
public interface EventSource {
  /**
   * Starts sending to {@code sink}, from any thread; the returned handle stops it and frees what it
   * holds. Must not block.
   */
  AutoCloseable open(Sink sink);

  /** Where a source sends its events. Thread-safe. */
  interface Sink {
    /**
     * Queues an event for the client. False if the stream has ended, or if the client has left
     * {@value EventStreams#QUEUE} events unread: the stream then ends, and the client reconnects.
     */
    boolean send(ServerSentEvent event);
  }
}
