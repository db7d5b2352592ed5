package dev.boxoffice.app;

import dev.boxoffice.core.inventory.SaleRules;
import dev.boxoffice.http.BoxofficeServer;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.Features;
import dev.boxoffice.http.HttpSettings;
import dev.boxoffice.http.compat.CompatFeatures;
import dev.boxoffice.http.compat.CompatSettings;
import dev.boxoffice.store.embedded.EmbeddedStore;
import dev.boxoffice.store.embedded.JournalSync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running deployment: metrics, the embedded store in a data folder and, once started, the HTTP
 * server on top. Closing it stops the server first (no new requests), then the store (its journal
 * finishes what it was given), then the metrics.
 *
 * <p>Thread policy: built and started by one thread; {@link #close} may be called from any thread,
 * any number of times (the shutdown hook and the main thread may race), and only the first call
 * does anything. {@link #awaitClosed} returns once a close has finished.
 */
final class Wiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

  private final ServerMetrics metrics;
  private final EmbeddedStore store;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch closed = new CountDownLatch(1);
  private BoxofficeServer server; // guarded by lock
  private boolean closing; // guarded by lock

  private Wiring(ServerMetrics metrics, EmbeddedStore store, InstantSource clock) {
    this.metrics = metrics;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Opens (or creates) the store in {@code data}, replaying its journal, for the server named
   * {@code instance} in metrics.
   */
  static Wiring open(Path data, JournalSync sync, InstantSource clock, String instance)
      throws IOException {
    Files.createDirectories(data);
    ServerMetrics metrics = new ServerMetrics(instance);
    try {
      // A new way to sell registers its rule here, beside the standard ones.
      EmbeddedStore store = EmbeddedStore.open(data, clock, sync, metrics, SaleRules.standard());
      metrics.watch(store);
      return new Wiring(metrics, store, clock);
    } catch (Exception e) {
      // Precise rethrow: only what open() declares, plus unchecked exceptions.
      metrics.close();
      throw e;
    }
  }

  EmbeddedStore store() {
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
      // A new way to sell adds its feature to this list, beside the standard ones.
      List<Feature> features =
          new ArrayList<>(
              Features.standard(
                  settings, store.stores(), clock, metrics.registry(), store::healthy));
      features.addAll(CompatFeatures.of(compat, settings, store.stores(), clock));
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
                settings, features, store.stores().tokenBuckets(), clock, metrics.registry());
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
            LOG.info("closed the journal");
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
