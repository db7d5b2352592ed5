package dev.boxoffice.app;

import dev.boxoffice.store.distributed.DistributedStore;
import dev.boxoffice.store.embedded.EmbeddedStore;
import dev.boxoffice.store.embedded.JournalListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters a server publishes at {@code /metrics} beyond the HTTP layer's own: the JVM (memory,
 * GC, threads, classes, CPU, uptime, file descriptors), the journal's group commits (how many
 * records each commit carried, {@code boxoffice.journal.batch.size}, and how long it took, {@code
 * boxoffice.journal.commit}), holds ended by expiry ({@code boxoffice.holds.expired}) and the order
 * pipeline: orders waiting ({@code boxoffice.orders.pending}), orders per finalised batch ({@code
 * boxoffice.orders.batch.size}) and each order's time to its final state ({@code
 * boxoffice.orders.finalisation}); for waiting rooms, who waits ({@code boxoffice.queue.waiting}),
 * who shops ({@code boxoffice.queue.shoppers}) and who was admitted ({@code
 * boxoffice.queue.admitted}); for lotteries, entries taken ({@code boxoffice.lottery.entries}),
 * draws run ({@code boxoffice.lottery.draws}) and winners drawn ({@code
 * boxoffice.lottery.winners}). The room and lottery figures are totals over all events, so that the
 * number of series stays fixed however many events a server has held.
 *
 * <p>Thread policy: {@link #committed} is called by the journal's writer thread; Micrometer meters
 * are thread-safe, so it records without further locking.
 */
final class ServerMetrics implements JournalListener, AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final DistributionSummary batchSize;
  private final Timer commit;
  private final DistributionSummary orderBatchSize;
  private final Timer finalisation;

  /** Every meter tagged {@code instance} with the server's name. */
  ServerMetrics(String instance) {
    registry.config().commonTags("instance", instance);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    batchSize =
        DistributionSummary.builder("boxoffice.journal.batch.size")
            .description("Journal records made durable by one group commit")
            .baseUnit("records")
            // Powers of two up to the journal's batch cap: enough to see how batches grow with
            // load.
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192)
            .register(registry);
    commit =
        Timer.builder("boxoffice.journal.commit")
            .description("Time to make one group of journal records durable")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
            .maximumExpectedValue(Duration.ofSeconds(2))
            .register(registry);
    orderBatchSize =
        DistributionSummary.builder("boxoffice.orders.batch.size")
            .description("Orders the order pipeline finalised in one batch")
            .baseUnit("orders")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048)
            .register(registry);
    finalisation =
        Timer.builder("boxoffice.orders.finalisation")
            .description("Time from a purchase's acceptance to its order's final state")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Publishes the store's own figures: holds ended by expiry, accepted orders waiting in the order
   * pipeline, the waiting rooms' and the lotteries'.
   */
  void watch(EmbeddedStore store) {
    FunctionCounter.builder("boxoffice.holds.expired", store, s -> (double) s.expiredHolds())
        .description("Holds that ran out and returned their tickets to the pool")
        .register(registry);
    Gauge.builder("boxoffice.orders.pending", store, s -> s.stores().orderPipeline().depth())
        .description("Accepted purchases whose orders the pipeline has not finalised yet")
        .register(registry);
    Gauge.builder("boxoffice.queue.waiting", store, EmbeddedStore::waitingInRooms)
        .description("Users waiting in a waiting room's pre-queue or line, all events together")
        .register(registry);
    Gauge.builder("boxoffice.queue.shoppers", store, EmbeddedStore::shoppingFromRooms)
        .description("Users admitted from a waiting room whose shopping session is live")
        .register(registry);
    FunctionCounter.builder("boxoffice.queue.admitted", store, EmbeddedStore::admittedFromRooms)
        .description("Users admitted from waiting rooms to shop")
        .register(registry);
    lotteries(
        store,
        EmbeddedStore::lotteryEntries,
        EmbeddedStore::lotteryDraws,
        EmbeddedStore::lotteryWinners);
  }

  /** The lotteries' counters, read from {@code store}: this server's, since it started. */
  private <T> void lotteries(
      T store,
      ToDoubleFunction<T> entries,
      ToDoubleFunction<T> draws,
      ToDoubleFunction<T> winners) {
    FunctionCounter.builder("boxoffice.lottery.entries", store, entries)
        .description("Lottery entries taken (repeats and refusals not counted)")
        .register(registry);
    FunctionCounter.builder("boxoffice.lottery.draws", store, draws)
        .description("Lottery draws run")
        .register(registry);
    FunctionCounter.builder("boxoffice.lottery.winners", store, winners)
        .description("Lottery winners offered their tickets by a draw (the waitlist not counted)")
        .register(registry);
  }

  /**
   * Publishes the distributed store's figures: the deployment's orders waiting in the pipeline, the
   * batches this server's worker finalises, and this server's lottery entries, draws and winners.
   */
  void watch(DistributedStore store) {
    store.onFinalised(this::finalised);
    Gauge.builder("boxoffice.orders.pending", store, s -> s.orderPipeline().depth())
        .description("Accepted purchases whose orders the pipeline has not finalised yet")
        .register(registry);
    lotteries(
        store,
        DistributedStore::lotteryEntries,
        DistributedStore::lotteryDraws,
        DistributedStore::lotteryWinners);
  }

  @Override
  public void finalised(List<Duration> latencies) {
    orderBatchSize.record(latencies.size());
    latencies.forEach(finalisation::record);
  }

  @Override
  public void committed(int records, long nanos) {
    batchSize.record(records);
    commit.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
