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
 * connection, fed through a {@link RequestReader} that this class watches, with a watchdog that
 * closes the socket of a connection whose client is too slow ({@link ConnectionLimits}).
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
 * <p>Only a read that is waiting can overrun: while the server computes or writes a response, long
 * as it may be (an event stream), nothing is read and nothing is cut. Bytes of an unread body that
 * arrive after the response count as the next request's head.
 *
 * <p>Thread policy: a connection's phase is written by its own thread and read by the watchdog (one
 * platform thread for the whole server, checking every {@link #TICK}); the two volatile fields are
 * written in an order that can only make the watchdog see a later deadline, never an earlier one.
 * {@link #close()} stops the watchdog.
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
    return new GuardedConnection(
        http1.connection(new GuardedContext(ctx, reader, watched)), watched);
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  /** Closes the socket of every connection whose waiting read has overrun its phase's deadline. */
  private void cutOverdue() {
    long now = System.nanoTime();
    for (Watched watched : open) {
      Phase missed = watched.overdue(now, limits);
      if (missed != null && open.remove(watched)) {
        LOG.debug("closing a connection from {}: {}", watched.peer(), missed.deadline());
        metrics.connectionCut(missed);
        watched.socket.close();
      }
    }
  }

  /** Where a connection is; each phase has its own deadline, named by {@link #deadline}. */
  enum Phase {
    HEAD("header_timeout"),
    BODY("body_timeout"),
    IDLE("idle_timeout");

    private final String deadline;

    Phase(String deadline) {
      this.deadline = deadline;
    }

    /** The deadline a read waiting in this phase may miss, as a metrics tag. */
    String deadline() {
      return deadline;
    }
  }

  /** One connection's phase and its waiting read; see the class doc. */
  private static final class Watched {
    private static final long NOT_READING = Long.MIN_VALUE;

    final HelidonSocket socket;
    private volatile long phaseSince;
    private volatile Phase phase = Phase.HEAD;
    private volatile long readingSince = NOT_READING;

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
        readingSince = NOT_READING;
      }
    }

    /** Since written before phase, a reader of phase then since never sees an earlier deadline. */
    void enter(Phase next) {
      phaseSince = System.nanoTime();
      phase = next;
    }

    /** The phase whose deadline this connection's waiting read has missed, or null. */
    Phase overdue(long now, ConnectionLimits limits) {
      long reading = readingSince;
      if (reading == NOT_READING) {
        return null;
      }
      Phase current = phase;
      long since = phaseSince;
      boolean missed =
          switch (current) {
            case HEAD -> now - since > limits.headerTimeout().toNanos();
            case BODY -> now - since > limits.bodyTimeout().toNanos();
            case IDLE -> now - reading > limits.idleTimeout().toNanos();
          };
      return missed ? current : null;
    }

    String peer() {
      PeerInfo peer = socket.remotePeer();
      return peer.host() + ":" + peer.port();
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

  /** The server's connection context with this connection's reader in place of its own. */
  private record GuardedContext(ConnectionContext delegate, DataReader reader, Watched watched)
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
      return delegate.dataWriter();
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
