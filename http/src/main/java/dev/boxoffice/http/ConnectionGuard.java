package dev.boxoffice.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 connections with deadlines on what the server waits for: Helidon's own HTTP/1.1
 * connection, fed through a {@link RequestReader} and a writer that this class watches, with a
 * watchdog that closes the socket of a connection whose client is too slow ({@link
 * ConnectionLimits}).
 *
 * <p>Helidon 4.5 bounds the size of a request, not its time: a client that sends one header line
 * every few seconds keeps its connection (and a file descriptor) forever. A socket read timeout
 * would not help, since each line arrives in time. So each connection goes through three phases,
 * told apart by Helidon's connection listeners and by the reads themselves:
 *
 * <ul>
 *   <li>{@code HEAD}: from a request's first byte (or from the connection's start) until its
 *       headers are parsed; it must end within {@code headerTimeout}.
 *   <li>{@code BODY}: from the headers until the response starts; a read that waits in this phase
 *       is reading the body, which must arrive within {@code bodyTimeout} of the headers.
 *   <li>{@code IDLE}: from the response's status line until the next request's first byte. A read
 *       waiting here waits for a new request, and may wait {@code idleTimeout}.
 * </ul>
 *
 * <p>Only a read that is waiting can overrun a phase: while the server computes a response, long as
 * it may take, nothing is read and nothing is cut. Bytes of an unread body that arrive after the
 * response count as the next request's head. A write has its own deadline: one that cannot hand its
 * bytes to a client that stopped reading within {@code idleTimeout} is cut too, while an event
 * stream whose client keeps reading writes forever.
 *
 * <p>Thread policy: a connection's fields are written by its own thread and read by the watchdog
 * (one platform thread for the whole server, checking every {@link #TICK}). {@code phaseSince} is
 * written before {@code phase}, and read after it, so the watchdog never sees a phase with an
 * earlier start than its own; the read and write timestamps are single fields. A decision taken on
 * a value just overtaken (a read that ended as it was judged) at worst closes a connection that was
 * at its deadline anyway. {@link #close()} stops the watchdog.
 */
final class ConnectionGuard implements ServerConnectionSelector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  static final Duration TICK = Duration.ofMillis(250);

  private final ConnectionLimits limits;
  private final HttpMetrics metrics;
  private final Http1ConnectionSelector http1;
  private final Set<Watched> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watchdog;

  ConnectionGuard(ConnectionLimits limits, HttpMetrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
    Http1ConnectionListener phases = new PhaseListener();
    this.http1 =
        Http1ConnectionSelector.builder()
            .config(
                Http1Config.builder().addReceiveListener(phases).addSendListener(phases).build())
            .build();
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("boxoffice-connection-watchdog").daemon().factory());
    watchdog.scheduleWithFixedDelay(
        this::cutOverdue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    metrics.watchConnections(open::size);
  }

  @Override
  public int bytesToIdentifyConnection() {
    return http1.bytesToIdentifyConnection();
  }

  @Override
  public Support supports(BufferData data) {
    return http1.supports(data);
  }

  @Override
  public Set<String> supportedApplicationProtocols() {
    return http1.supportedApplicationProtocols();
  }

  @Override
  public ServerConnection connection(ConnectionContext ctx) {
    Watched watched = new Watched(ctx.serverSocket(), System.nanoTime());
    DataReader given = ctx.dataReader();
    RequestReader reader = new RequestReader(() -> watched.read(given));
    GuardedContext guarded =
        new GuardedContext(ctx, reader, new GuardedWriter(ctx.dataWriter(), watched), watched);
    return new GuardedConnection(http1.connection(guarded), watched);
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  /**
   * Closes the socket of every connection that has missed a deadline. Each connection is judged on
   * its own: whatever goes wrong with one (its socket already closed) must not stop the watchdog,
   * which a periodic task does for good once it throws.
   */
  private void cutOverdue() {
    long now = System.nanoTime();
    for (Watched watched : open) {
      try {
        Deadline missed = watched.overdue(now, limits);
        if (missed != null && open.remove(watched)) {
          metrics.connectionCut(missed);
          if (LOG.isDebugEnabled()) {
            LOG.debug("closing a connection from {}: {}", watched.peer(), missed.tag());
          }
          watched.socket.close();
        }
      } catch (RuntimeException e) {
        LOG.debug("could not close an overdue connection", e);
      }
    }
  }

  /** What a slow client can miss; the tag is its name in {@code boxoffice.connections.cut}. */
  enum Deadline {
    HEADER("header_timeout"),
    BODY("body_timeout"),
    IDLE("idle_timeout"),
    WRITE("write_timeout");

    private final String tag;

    Deadline(String tag) {
      this.tag = tag;
    }

    String tag() {
      return tag;
    }
  }

  private enum Phase {
    HEAD,
    BODY,
    IDLE
  }

  /** One connection's phase and its waiting read or write; see the class doc. */
  private static final class Watched {
    private static final long NONE = Long.MIN_VALUE;

    final HelidonSocket socket;
    private volatile long phaseSince;
    private volatile Phase phase = Phase.HEAD;
    private volatile long readingSince = NONE;
    private volatile long writingSince = NONE;

    Watched(HelidonSocket socket, long now) {
      this.socket = socket;
      this.phaseSince = now;
    }

    /**
     * The next bytes for Helidon's parser: what the server read before handing the connection over
     * (when it looked at the first bytes to pick a protocol), then the socket's.
     */
    byte[] read(DataReader given) {
      if (given.available() > 0) {
        return given.readBytes(given.available());
      }
      readingSince = System.nanoTime();
      try {
        byte[] bytes = socket.get();
        if (bytes != null && phase == Phase.IDLE) {
          enter(Phase.HEAD);
        }
        return bytes;
      } catch (UncheckedIOException e) {
        throw new ServerConnectionException("Failed to get data from socket", e);
      } finally {
        readingSince = NONE;
      }
    }

    void writing(boolean now) {
      writingSince = now ? System.nanoTime() : NONE;
    }

    /** Since written before phase, a reader of phase then since never sees an earlier deadline. */
    void enter(Phase next) {
      phaseSince = System.nanoTime();
      phase = next;
    }

    /** The deadline this connection has missed, or null. */
    Deadline overdue(long now, ConnectionLimits limits) {
      long writing = writingSince;
      if (writing != NONE && now - writing > limits.idleTimeout().toNanos()) {
        return Deadline.WRITE;
      }
      long reading = readingSince;
      if (reading == NONE) {
        return null;
      }
      Phase current = phase;
      long since = phaseSince;
      return switch (current) {
        case HEAD -> now - since > limits.headerTimeout().toNanos() ? Deadline.HEADER : null;
        case BODY -> now - since > limits.bodyTimeout().toNanos() ? Deadline.BODY : null;
        case IDLE -> now - reading > limits.idleTimeout().toNanos() ? Deadline.IDLE : null;
      };
    }

    String peer() {
      PeerInfo peer = socket.remotePeer();
      return peer.host() + ":" + peer.port();
    }
  }

  /** The server's writer for one connection, timing each write for the watchdog. */
  private record GuardedWriter(DataWriter delegate, Watched watched) implements DataWriter {
    @Override
    public void write(BufferData... buffers) {
      timed(() -> delegate.write(buffers));
    }

    @Override
    public void write(BufferData buffer) {
      timed(() -> delegate.write(buffer));
    }

    @Override
    public void writeNow(BufferData... buffers) {
      timed(() -> delegate.writeNow(buffers));
    }

    @Override
    public void writeNow(BufferData buffer) {
      timed(() -> delegate.writeNow(buffer));
    }

    @Override
    public void flush() {
      timed(delegate::flush);
    }

    @Override
    public void close() {
      delegate.close();
    }

    private void timed(Runnable write) {
      watched.writing(true);
      try {
        write.run();
      } finally {
        watched.writing(false);
      }
    }
  }

  /** Moves a connection through its phases as Helidon parses requests and starts responses. */
  private static final class PhaseListener implements Http1ConnectionListener {
    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
      // A request already buffered behind the previous one starts without a read.
      if (ctx instanceof GuardedContext guarded && guarded.watched.phase == Phase.IDLE) {
        guarded.watched.enter(Phase.HEAD);
      }
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
      // Called for received headers on the receive side and for response headers on the send
      // side; the status below comes first on the send side, so only a request's headers find
      // the connection in HEAD.
      if (ctx instanceof GuardedContext guarded && guarded.watched.phase == Phase.HEAD) {
        guarded.watched.enter(Phase.BODY);
      }
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
      if (ctx instanceof GuardedContext guarded) {
        guarded.watched.enter(Phase.IDLE);
      }
    }
  }

  /** Helidon's connection, registered with the watchdog while it runs. */
  private final class GuardedConnection implements ServerConnection, InterruptableTask<Void> {
    private final ServerConnection delegate;
    private final Watched watched;

    GuardedConnection(ServerConnection delegate, Watched watched) {
      this.delegate = delegate;
      this.watched = watched;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
      open.add(watched);
      try {
        delegate.handle(limit);
      } finally {
        open.remove(watched);
      }
    }

    @Override
    public Duration idleTime() {
      return delegate.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
      delegate.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
      return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    @Override
    public Void call() {
      throw new UnsupportedOperationException("a connection runs through handle(Limit)");
    }
  }

  /** The server's connection context with this connection's reader and writer in its place. */
  private record GuardedContext(
      ConnectionContext delegate, DataReader reader, DataWriter writer, Watched watched)
      implements ConnectionContext {
    @Override
    public DataReader dataReader() {
      return reader;
    }

    @Override
    public ListenerContext listenerContext() {
      return delegate.listenerContext();
    }

    @Override
    public ExecutorService executor() {
      return delegate.executor();
    }

    @Override
    public DataWriter dataWriter() {
      return writer;
    }

    @Override
    public Router router() {
      return delegate.router();
    }

    @Override
    public Optional<io.helidon.webserver.ProxyProtocolData> proxyProtocolData() {
      return delegate.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
      return delegate.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
      return delegate.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
      return delegate.localPeer();
    }

    @Override
    public boolean isSecure() {
      return delegate.isSecure();
    }

    @Override
    public String socketId() {
      return delegate.socketId();
    }

    @Override
    public String childSocketId() {
      return delegate.childSocketId();
    }
  }
}
