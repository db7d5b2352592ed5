package dev.boxoffice.app;

import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.http.BoxofficeServer;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.HttpSettings;
import dev.boxoffice.http.compat.CompatSettings;
import dev.boxoffice.store.distributed.DistributedStore;
import dev.boxoffice.store.distributed.ServiceUnavailableException;
import dev.boxoffice.store.embedded.EmbeddedStore;
import dev.boxoffice.store.embedded.JournalSync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: metrics, its store (embedded in a data folder, or distributed) and, once
 * started, the HTTP server on top. Closing it stops the server first (no new requests), then the
 * store (its journal finishes what it was given), then the metrics.
 *
 * <p>Thread policy: built and started by one thread; {@link #close} may be called from any thread,
 * any number of times (the shutdown hook and the main thread may race), and only the first call
 * does anything. {@link #awaitClosed} returns once a close has finished.
 */
final class Wiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

  private final ServerMetrics metrics;
  private final Backend store;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch closed = new CountDownLatch(1);
  private BoxofficeServer server; // guarded by lock
  private boolean closing; // guarded by lock

  private Wiring(ServerMetrics metrics, Backend store, InstantSource clock) {
    this.metrics = metrics;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Opens (or creates) the embedded store in {@code data}, replaying its journal, for the server
   * named {@code instance} in metrics.
   */
  static Wiring embedded(Path data, JournalSync sync, InstantSource clock, String instance)
      throws IOException {
    Files.createDirectories(data);
    ServerMetrics metrics = new ServerMetrics(instance);
    try {
      // A new way to sell registers its rule here, beside the standard ones.
      EmbeddedStore store = EmbeddedStore.open(data, clock, sync, metrics, SaleRules.standard());
      metrics.watch(store);
      return new Wiring(
          metrics, new Backend.Embedded(store, Keys.folder(data), data.toString()), clock);
    } catch (Exception e) {
      // Precise rethrow: only what open() declares, plus unchecked exceptions.
      metrics.close();
      throw e;
    }
  }

  /**
   * Connects to the distributed store on Redis at {@code redis}, PostgreSQL at {@code postgres}
   * and, if given, RabbitMQ at {@code rabbitmq}, for the server named {@code instance} in metrics.
   *
   * @throws Config.ConfigException naming the service that is missing or misconfigured
   */
  static Wiring distributed(
      String redis,
      String postgres,
      Optional<String> rabbitmq,
      String deployment,
      Backend.Role role,
      InstantSource clock,
      String instance) {
    ServerMetrics metrics = new ServerMetrics(instance);
    try {
      DistributedStore store =
          DistributedStore.open(redis, postgres, rabbitmq, deployment, clock, role.works());
      metrics.watch(store);
      String where =
          rabbitmq.isPresent() ? "Redis, PostgreSQL and RabbitMQ" : "Redis and PostgreSQL";
      return new Wiring(metrics, new Backend.Distributed(store, role, where), clock);
    } catch (IllegalArgumentException | ServiceUnavailableException e) {
      metrics.close();
      throw new Config.ConfigException(e.getMessage());
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
  }

  Backend store() {
    return store;
  }

  /** Starts the HTTP server with no compat route sets; returns the port it listens on. */
  int startServer(HttpSettings settings) {
    return startServer(settings, CompatSettings.NONE);
  }

  /**
   * Starts the HTTP server, with the originals' route sets {@code compat} turns on; returns the
   * port it listens on.
   */
  int startServer(HttpSettings settings, CompatSettings compat) {
    lock.lock();
    try {
      if (closing) {
        throw new IllegalStateException("closed");
      }
      List<Feature> features = store.features(settings, compat, clock, metrics.registry());
      if (!compat.sets().isEmpty()) {
        LOG.warn(
            "compat route sets {} trust the caller for user identity, as the original systems"
                + " did; they answer only {}",
            compat.sets(),
            compat.allowed());
      }
      try {
        server =
            BoxofficeServer.start(
                settings, features, store.ports().tokenBuckets(), clock, metrics.registry());
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new Config.ConfigException(e.getMessage());
      }
      return server.port();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      // A server that never started (its port was taken, say) has nothing to tell about stopping.
      boolean serving = server != null;
      if (serving) {
        LOG.info("stopping: no new requests; requests in flight get their answers");
      }
      try {
        if (serving) {
          server.close();
          LOG.info("stopped the HTTP server");
        }
      } finally {
        try {
          store.close();
          if (serving) {
            LOG.info("closed the store");
          }
        } finally {
          metrics.close();
          closed.countDown();
          if (serving) {
            LOG.info("stopped");
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@link #close} has finished. */
  void awaitClosed() throws InterruptedException {
    closed.await();
  }
}
