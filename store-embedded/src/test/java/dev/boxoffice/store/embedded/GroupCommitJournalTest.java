package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.StoreSamples.NOW;
import static dev.boxoffice.store.embedded.StoreSamples.account;
import static dev.boxoffice.store.embedded.StoreSamples.all;
import static dev.boxoffice.store.embedded.StoreSamples.created;
import static dev.boxoffice.store.embedded.StoreSamples.ended;
import static dev.boxoffice.store.embedded.StoreSamples.event;
import static dev.boxoffice.store.embedded.StoreSamples.hold;
import static dev.boxoffice.store.embedded.StoreSamples.listed;
import static dev.boxoffice.store.embedded.StoreSamples.order;
import static dev.boxoffice.store.embedded.StoreSamples.placed;
import static dev.boxoffice.store.embedded.StoreSamples.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.order.Order;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
/** The group commit over the RocksDB engine, on the real disk. */
class GroupCommitJournalTest {
  @TempDir Path dir;

  private Journal open() {
    return open(JournalListener.NONE);
  }

  private Journal open(JournalListener listener) {
    return GroupCommitJournal.start(RocksJournal.open(dir, JournalSync.FULL), listener);
  }

  @Test
  void everyFieldOfEveryValueSurvivesReopening() {
    Event event = event("ev_opera", 100, 6);
    Account account = account("alice");
    Hold released = hold(event, "alice", 1);
    Hold completed = hold(event, "alice", 2);
    Hold live = hold(event, "bob", 3);
    Order order = order(completed);
    try (Journal journal = open()) {
      journal.append(listed(event)).join();
      journal.append(List.of(registered(account))).join();
      journal.append(concat(created(released), created(completed), created(live))).join();
      journal.append(concat(ended(released, HoldEnd.RELEASED), placed(order))).join();
    }

    try (Journal journal = open()) {
      assertThat(all(journal, EmbeddedCatalog.EVENTS)).containsExactly(event);
      assertThat(all(journal, InventoryTables.STOCK)).containsExactly(event);
      assertThat(all(journal, EmbeddedCatalog.EVENTS).getFirst().ticketTypes())
          .as("ticket types keep the event's order")
          .isEqualTo(event.ticketTypes());
      assertThat(all(journal, EmbeddedAccounts.ACCOUNTS)).containsExactly(account);
      assertThat(all(journal, InventoryTables.HOLDS)).containsExactly(live);
      assertThat(all(journal, InventoryTables.ORDERS)).containsExactly(order);
      assertThat(journal.get(InventoryTables.ENDED, released.id().value()))
          .contains(
              new InventoryTables.EndedHold(
                  released.user(), HoldEnd.RELEASED, released.expiresAt(), NOW.plusSeconds(1)));
    }
  }

  @Test
  void endedAndCompletedHoldsLeaveOnlyHowTheyEndedBehind() {
    Event event = event("ev_rows", 100, 6);
    Hold released = hold(event, "alice", 1);
    Hold expired = hold(event, "bob", 1);
    Hold completed = hold(event, "carol", 1);
    try (Journal journal = open()) {
      journal.append(listed(event)).join();
      // Created and ended in one batch as well as across batches.
      journal
          .append(
              concat(
                  created(released),
                  created(expired),
                  created(completed),
                  ended(released, HoldEnd.RELEASED)))
          .join();
      journal.append(concat(ended(expired, HoldEnd.EXPIRED), placed(order(completed)))).join();

      assertThat(all(journal, InventoryTables.HOLDS)).isEmpty();
      assertThat(all(journal, InventoryTables.ORDERS)).hasSize(1);
      assertThat(all(journal, InventoryTables.ENDED))
          .extracting(InventoryTables.EndedHold::how)
          .containsExactlyInAnyOrder(HoldEnd.RELEASED, HoldEnd.EXPIRED);
    }
  }

  @Test
  void anAcknowledgedAppendIsReadableAtOnce() {
    Event event = event("ev_fifo", 100, 6);
    try (Journal journal = open()) {
      List<CompletableFuture<Void>> appends = new ArrayList<>();
      appends.add(journal.append(listed(event)));
      List<Hold> holds = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Hold hold = hold(event, "user-" + i, 1);
        holds.add(hold);
        appends.add(journal.append(created(hold)));
      }

      appends.getLast().join();
      assertThat(appends).as("appends complete in order").allSatisfy(f -> assertThat(f).isDone());
      assertThat(all(journal, InventoryTables.HOLDS)).containsExactlyInAnyOrderElementsOf(holds);
    }
  }

  @Test
  void concurrentAppendsShareCommits() throws Exception {
    Event event = event("ev_group", 1_000_000, 1000);
    LongAdder commits = new LongAdder();
    AtomicInteger largest = new AtomicInteger();
    ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
    JournalListener listener =
        (records, nanos) -> {
          commits.increment();
          largest.accumulateAndGet(records, Math::max);
          threads.add(Thread.currentThread().getName());
        };
    int writers = 64;
    int appendsEach = 40;
    try (Journal journal = open(listener);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      journal.append(listed(event)).join();
      commits.reset();
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String user = "user-" + w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < appendsEach; i++) {
                    journal.append(created(hold(event, user, 1))).join();
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }

    int appends = writers * appendsEach;
    assertThat(commits.sum())
        .as("commits for %d appends waiting on each other's fsync", appends)
        .isLessThan(appends / 2);
    assertThat(largest.get()).isGreaterThan(1);
    assertThat(threads).containsOnly(GroupCommitJournal.WRITER_THREAD);
    try (Journal journal = open()) {
      assertThat(all(journal, InventoryTables.HOLDS)).hasSize(appends);
    }
  }

  @Test
  void aCommitTakesAtMostTheBatchCapOfSmallAppends() {
    Event event = event("ev_cap", 1_000_000, 1000);
    CopyOnWriteArrayList<Integer> sizes = new CopyOnWriteArrayList<>();
    int appends = 3 * GroupCommitJournal.MAX_BATCH_RECORDS;
    try (Journal journal = open((records, nanos) -> sizes.add(records))) {
      journal.append(listed(event)).join();
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int i = 0; i < appends; i++) {
        futures.add(journal.append(created(hold(event, "user-" + i, 1))));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    assertThat(sizes)
        .allSatisfy(s -> assertThat(s).isBetween(1, GroupCommitJournal.MAX_BATCH_RECORDS));
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(appends + 2);
  }

  @Test
  void closeCommitsWhatIsAlreadyQueued() {
    Event event = event("ev_close", 1_000_000, 1000);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (Journal journal = open()) {
      futures.add(journal.append(listed(event)));
      for (int i = 0; i < 2_000; i++) {
        futures.add(journal.append(created(hold(event, "user-" + i, 1))));
      }
    }

    assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    try (Journal journal = open()) {
      assertThat(all(journal, InventoryTables.HOLDS)).hasSize(2_000);
    }
  }

  @Test
  void appendingAfterCloseFailsAtOnce() {
    Journal journal = open();
    journal.close();

    CompletableFuture<Void> late = journal.append(List.of(registered(account("late"))));

    assertThat(late).isCompletedExceptionally();
    assertThat(journal.healthy()).isFalse();
  }

  @Test
  void aSecondOrderForTheSameHoldFailsTheJournalForGood() {
    Event event = event("ev_double", 100, 6);
    Hold hold = hold(event, "alice", 1);
    Order first = order(hold);
    Order second = order(hold);
    try (Journal journal = open()) {
      journal.append(concat(listed(event), created(hold))).join();
      journal.append(placed(first)).join();
      assertThat(journal.healthy()).isTrue();

      CompletableFuture<Void> doubleSale = journal.append(placed(second));

      assertThatThrownBy(doubleSale::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(JournalException.class)
          .hasMessageContaining("already written");
      assertThat(journal.healthy()).isFalse();
      assertThat(journal.append(List.of(registered(account("bob")))))
          .as("every later append fails at once")
          .isCompletedExceptionally();
    }
    try (Journal journal = open()) {
      assertThat(all(journal, InventoryTables.ORDERS)).containsExactly(first);
      assertThat(all(journal, EmbeddedAccounts.ACCOUNTS)).isEmpty();
    }
  }

  @Test
  void twoOrdersForOneHoldInOneCommitAreRefusedWhole() {
    Event event = event("ev_rollback", 100, 6);
    Hold hold = hold(event, "alice", 1);
    try (Journal journal = open()) {
      journal.append(concat(listed(event), created(hold))).join();
      Hold innocent = hold(event, "bob", 1);

      CompletableFuture<Void> sameBatch =
          journal.append(concat(created(innocent), placed(order(hold)), placed(order(hold))));

      assertThat(sameBatch).failsWithin(Duration.ofSeconds(10));
    }
    try (Journal journal = open()) {
      assertThat(all(journal, InventoryTables.HOLDS))
          .as("nothing of the batch")
          .containsExactly(hold);
      assertThat(all(journal, InventoryTables.ORDERS)).isEmpty();
    }
  }

  @Test
  void aSecondJournalOnTheSameFileIsRefused() {
    try (Journal journal = open()) {
      assertThatThrownBy(this::open)
          .isInstanceOf(JournalException.class)
          .hasMessageContaining("lock");

      journal.append(List.of(registered(account("alice")))).join();
      assertThat(journal.healthy()).isTrue();
    }
  }

  @Test
  void aListenerThatThrowsDoesNotFailTheJournal() {
    try (Journal journal =
        open(
            (records, nanos) -> {
              throw new IllegalStateException("metrics are down");
            })) {
      journal.append(List.of(registered(account("alice")))).join();

      assertThat(journal.healthy()).isTrue();
      assertThat(all(journal, EmbeddedAccounts.ACCOUNTS)).hasSize(1);
    }
  }

  @SafeVarargs
  private static List<JournalRecord> concat(List<JournalRecord>... parts) {
    return Stream.of(parts).flatMap(List::stream).toList();
  }
}
