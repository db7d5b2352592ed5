package dev.boxoffice.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an event stream on the request's own thread: events the source queues (at most {@value
 * #QUEUE} waiting, so a connection holds bounded memory), a comment every heartbeat while quiet,
 * until the last event, the client's departure (a write fails) or an overflowing queue. The
 * source's handle is closed in every case.
 *
 * <p>Thread policy: {@link #write} runs on the request thread; the sink may be called from any.
 */
final class EventStreams {
  /** Events a slow client may leave unread before its stream is ended. */
  static final int QUEUE = 64;

  private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
  private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private EventStreams() {}

  /** Streams until it ends; the response's status and headers are set here. */
  static void write(ServerResponse res, Reply.Stream stream) {
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.header(HeaderNames.create("X-Accel-Buffering"), "no");
    BlockingQueue<ServerSentEvent> queue = new ArrayBlockingQueue<>(QUEUE);
    AtomicBoolean ended = new AtomicBoolean();
    EventSource.Sink sink =
        event -> {
          if (ended.get()) {
            return false;
          }
          if (!queue.offer(event)) {
            ended.set(true); // the client reads too slowly: end rather than buffer without bound
            return false;
          }
          return true;
        };
    // Opened before the response starts: a source that fails to open is a 500, not an empty 200.
    AutoCloseable handle = stream.source().open(sink);
    try (OutputStream out = res.outputStream()) {
      out.write(HEARTBEAT);
      out.flush();
      while (!ended.get()) {
        ServerSentEvent event = queue.poll(stream.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
          out.write(HEARTBEAT);
        } else {
          out.write(frame(event));
          ended.compareAndSet(false, event.last());
        }
        out.flush();
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("an event stream's client went away", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ended.set(true);
      try {
        handle.close();
      } catch (Exception e) {
        LOG.warn("an event source failed to close", e);
      }
    }
  }

  /** {@code event: name}, then the data as one line of JSON, then a blank line. */
  static byte[] frame(ServerSentEvent event) {
    String json = new String(Json.write(event.data()), StandardCharsets.UTF_8);
    return ("event: " + event.name() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
