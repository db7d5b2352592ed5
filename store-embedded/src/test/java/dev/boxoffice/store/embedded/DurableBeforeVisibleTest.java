package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.StoreSamples.GA;
import static dev.boxoffice.store.embedded.StoreSamples.account;
import static dev.boxoffice.store.embedded.StoreSamples.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.Stores;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.Quantity;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing is readable before its journal write is durable, and a write that fails leaves nothing
 * readable: checked with a journal whose appends complete only when the test says so.
 */
@Timeout(30)
class DurableBeforeVisibleTest {
  private final HeldJournal journal = new HeldJournal();
  private final EmbeddedStore store = EmbeddedStore.over(journal, new StoreSamples.HandClock());
  private final Stores ports = store.stores();
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    callers.shutdownNow();
    store.close();
  }

  @Test
  void anAccountIsFoundOnlyOnceItIsDurable() throws Exception {
    Future<Boolean> registering = callers.submit(() -> ports.accounts().register(account("ann")));
    CompletableFuture<Void> append = journal.nextAppend();

    assertThat(ports.accounts().find(new UserId("ann"))).isEmpty();
    assertThat(ports.accounts().register(account("ann")))
        .as("the name is taken meanwhile")
        .isFalse();

    append.complete(null);
    assertThat(registering.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ports.accounts().find(new UserId("ann"))).isPresent();
  }

  @Test
  void anEventAndItsStockAreReadableOnlyOnceDurable() throws Exception {
    Event event = event("ev_slow", 10, 4);
    Future<Boolean> opening = callers.submit(() -> ports.inventory().setUp(event));
    CompletableFuture<Void> stockAppend = journal.nextAppend();
    assertThat(ports.inventory().stock(event.id())).isEmpty();
    assertThat(hold(event, "ann")).isInstanceOf(HoldResult.UnknownEvent.class);
    stockAppend.complete(null);
    assertThat(opening.get(5, TimeUnit.SECONDS)).isTrue();

    Future<Boolean> listing = callers.submit(() -> ports.events().create(event));
    CompletableFuture<Void> eventAppend = journal.nextAppend();
    assertThat(ports.events().find(event.id())).isEmpty();
    assertThat(ports.events().list()).isEmpty();
    eventAppend.complete(null);
    assertThat(listing.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ports.events().find(event.id())).contains(event);
  }

  @Test
  void anOrderIsListedOnlyOnceDurable() throws Exception {
    Event event = event("ev_orders", 10, 4);
    open(event);
    Future<HoldResult> holding = callers.submit(() -> hold(event, "ann"));
    journal.nextAppend().complete(null);
    Hold hold = ((HoldResult.Held) holding.get(5, TimeUnit.SECONDS)).hold();

    Future<CompleteResult> completing =
        callers.submit(() -> ports.inventory().complete(hold.id(), hold.user(), hold.createdAt()));
    CompletableFuture<Void> orderAppend = journal.nextAppend();
    assertThat(ports.orders().byUser(hold.user())).isEmpty();

    orderAppend.complete(null);
    CompleteResult.Completed done = (CompleteResult.Completed) completing.get(5, TimeUnit.SECONDS);
    assertThat(ports.orders().byUser(hold.user())).containsExactly(done.order());
  }

  @Test
  void aFailedWriteLeavesNothingReadable() throws Exception {
    Future<Boolean> registering = callers.submit(() -> ports.accounts().register(account("bea")));
    journal.failFromNow();
    journal.nextAppend().completeExceptionally(new JournalException("disk gone"));

    assertThatThrownBy(() -> registering.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(JournalException.class);
    assertThatThrownBy(() -> ports.accounts().find(new UserId("bea")))
        .isInstanceOf(JournalException.class);
    assertThat(store.healthy()).isFalse();
  }

  private HoldResult hold(Event event, String user) {
    return ports
        .inventory()
        .hold(
            HoldRequest.openSale(event.id(), new UserId(user), GA, Quantity.ONE),
            event.saleWindow().opensAt());
  }

  private void open(Event event) throws Exception {
    Future<Boolean> opening = callers.submit(() -> ports.inventory().setUp(event));
    journal.nextAppend().complete(null);
    assertThat(opening.get(5, TimeUnit.SECONDS)).isTrue();
  }

  /** A journal that hands each append's future to the test, which completes it when it likes. */
  private static final class HeldJournal implements Journal {
    private final LinkedBlockingQueue<CompletableFuture<Void>> appends =
        new LinkedBlockingQueue<>();
    private volatile boolean failed;

    @Override
    public CompletableFuture<Void> append(List<JournalRecord> records) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      appends.add(done);
      return done;
    }

    /** The next append made, waiting for it to be made. */
    CompletableFuture<Void> nextAppend() throws InterruptedException {
      CompletableFuture<Void> next = appends.poll(5, TimeUnit.SECONDS);
      assertThat(next).as("an append was made").isNotNull();
      return next;
    }

    void failFromNow() {
      failed = true;
    }

    @Override
    public <V> void scan(Table<V> table, BiConsumer<String, V> each) {}

    @Override
    public <V> Optional<V> get(Table<V> table, String key) {
      return Optional.empty();
    }

    @Override
    public boolean healthy() {
      return !failed;
    }

    @Override
    public void close() {}
  }
}
