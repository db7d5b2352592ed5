package dev.boxoffice.store.embedded;

import static dev.boxoffice.store.embedded.SqliteSamples.account;
import static dev.boxoffice.store.embedded.SqliteSamples.created;
import static dev.boxoffice.store.embedded.SqliteSamples.ended;
import static dev.boxoffice.store.embedded.SqliteSamples.event;
import static dev.boxoffice.store.embedded.SqliteSamples.hold;
import static dev.boxoffice.store.embedded.SqliteSamples.order;
import static dev.boxoffice.store.embedded.SqliteSamples.placed;
import static dev.boxoffice.store.embedded.SqliteSamples.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.order.Order;
import java.nio.file.Path;
import java.sql.DriverManager;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SqliteJournalTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("journal.db");
  }

  private Journal open() {
    return SqliteJournal.open(file(), JournalSync.FULL, JournalListener.NONE);
  }

  @Test
  void everyFieldOfEveryRecordSurvivesReopening() {
    Event event = event("ev_opera", 100, 6);
    Account account = account("alice");
    Hold released = hold(event, "alice", 1);
    Hold completed = hold(event, "alice", 2);
    Hold live = hold(event, "bob", 3);
    Order order = order(completed);
    try (Journal journal = open()) {
      journal.append(List.of(new JournalRecord.EventCreated(event))).join();
      journal.append(List.of(new JournalRecord.AccountRegistered(account))).join();
      journal.append(List.of(created(released), created(completed), created(live))).join();
      journal.append(List.of(ended(released, HoldEnd.RELEASED), placed(order))).join();
    }

    try (Journal journal = open()) {
      Journal.State state = journal.recover();

      assertThat(state.events()).containsExactly(event);
      assertThat(state.events().getFirst().ticketTypes())
          .as("ticket types keep the event's order")
          .isEqualTo(event.ticketTypes());
      assertThat(state.accounts()).containsExactly(account);
      assertThat(state.liveHolds()).containsExactly(live);
      assertThat(state.orders()).containsExactly(order);
    }
  }

  @Test
  void endedAndCompletedHoldsLeaveNoRowBehind() throws Exception {
    Event event = event("ev_rows", 100, 6);
    Hold released = hold(event, "alice", 1);
    Hold expired = hold(event, "bob", 1);
    Hold completed = hold(event, "carol", 1);
    try (Journal journal = open()) {
      journal.append(List.of(new JournalRecord.EventCreated(event))).join();
      // Created and ended in one batch as well as across batches.
      journal
          .append(
              List.of(
                  created(released),
                  created(expired),
                  created(completed),
                  ended(released, HoldEnd.RELEASED)))
          .join();
      journal.append(List.of(ended(expired, HoldEnd.EXPIRED), placed(order(completed)))).join();
    }

    assertThat(rows(file(), "holds")).isZero();
    assertThat(rows(file(), "orders")).isEqualTo(1);
  }

  @Test
  void recoverSeesEveryAppendMadeBeforeIt() {
    Event event = event("ev_fifo", 100, 6);
    try (Journal journal = open()) {
      List<CompletableFuture<Void>> appends = new ArrayList<>();
      appends.add(journal.append(List.of(new JournalRecord.EventCreated(event))));
      List<Hold> holds = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Hold hold = hold(event, "user-" + i, 1);
        holds.add(hold);
        appends.add(journal.append(List.of(created(hold))));
      }

      assertThat(journal.recover().liveHolds()).containsExactlyInAnyOrderElementsOf(holds);
      assertThat(appends).allSatisfy(f -> assertThat(f).isCompleted());
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
    try (Journal journal = SqliteJournal.open(file(), JournalSync.FULL, listener);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      journal.append(List.of(new JournalRecord.EventCreated(event))).join();
      commits.reset();
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String user = "user-" + w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < appendsEach; i++) {
                    journal.append(List.of(created(hold(event, user, 1)))).join();
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
      assertThat(journal.recover().liveHolds()).hasSize(appends);
    }
  }

  @Test
  void aCommitTakesAtMostTheBatchCapOfSmallAppends() {
    Event event = event("ev_cap", 1_000_000, 1000);
    CopyOnWriteArrayList<Integer> sizes = new CopyOnWriteArrayList<>();
    int appends = 3 * GroupCommitJournal.MAX_BATCH_RECORDS;
    try (Journal journal =
        SqliteJournal.open(file(), JournalSync.FULL, (records, nanos) -> sizes.add(records))) {
      journal.append(List.of(new JournalRecord.EventCreated(event))).join();
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int i = 0; i < appends; i++) {
        futures.add(journal.append(List.of(created(hold(event, "user-" + i, 1)))));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    assertThat(sizes)
        .allSatisfy(s -> assertThat(s).isBetween(1, GroupCommitJournal.MAX_BATCH_RECORDS));
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(appends + 1);
  }

  @Test
  void closeCommitsWhatIsAlreadyQueued() {
    Event event = event("ev_close", 1_000_000, 1000);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (Journal journal = open()) {
      futures.add(journal.append(List.of(new JournalRecord.EventCreated(event))));
      for (int i = 0; i < 2_000; i++) {
        futures.add(journal.append(List.of(created(hold(event, "user-" + i, 1)))));
      }
    }

    assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    try (Journal journal = open()) {
      assertThat(journal.recover().liveHolds()).hasSize(2_000);
    }
  }

  @Test
  void appendingAfterCloseFailsAtOnce() {
    Journal journal = open();
    journal.close();

    CompletableFuture<Void> late =
        journal.append(List.of(new JournalRecord.AccountRegistered(account("late"))));

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
      journal.append(List.of(new JournalRecord.EventCreated(event), created(hold))).join();
      journal.append(List.of(placed(first))).join();
      assertThat(journal.healthy()).isTrue();

      CompletableFuture<Void> doubleSale = journal.append(List.of(placed(second)));

      assertThatThrownBy(doubleSale::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(JournalException.class);
      assertThat(journal.healthy()).isFalse();
      assertThat(journal.append(List.of(new JournalRecord.AccountRegistered(account("bob")))))
          .as("every later append fails at once")
          .isCompletedExceptionally();
    }
    try (Journal journal = open()) {
      Journal.State state = journal.recover();
      assertThat(state.orders()).containsExactly(first);
      assertThat(state.accounts()).isEmpty();
    }
  }

  @Test
  void aFailedBatchIsRolledBackWhole() {
    Event event = event("ev_rollback", 100, 6);
    Hold hold = hold(event, "alice", 1);
    Order first = order(hold);
    try (Journal journal = open()) {
      journal.append(List.of(new JournalRecord.EventCreated(event), created(hold))).join();
      journal.append(List.of(placed(first))).join();
      Hold innocent = hold(event, "bob", 1);

      CompletableFuture<Void> sameBatch =
          journal.append(List.of(created(innocent), placed(order(hold))));

      assertThat(sameBatch).failsWithin(Duration.ofSeconds(10));
    }
    try (Journal journal = open()) {
      assertThat(journal.recover().liveHolds()).isEmpty();
    }
  }

  @Test
  void aSecondJournalOnTheSameFileIsRefused() {
    try (Journal journal = open()) {
      assertThatThrownBy(this::open)
          .isInstanceOf(JournalException.class)
          .hasMessageContaining("locked");

      journal.append(List.of(new JournalRecord.AccountRegistered(account("alice")))).join();
      assertThat(journal.healthy()).isTrue();
    }
  }

  @Test
  void aListenerThatThrowsDoesNotFailTheJournal() {
    try (Journal journal =
        SqliteJournal.open(
            file(),
            JournalSync.FULL,
            (records, nanos) -> {
              throw new IllegalStateException("metrics are down");
            })) {
      journal.append(List.of(new JournalRecord.AccountRegistered(account("alice")))).join();

      assertThat(journal.healthy()).isTrue();
      assertThat(journal.recover().accounts()).hasSize(1);
    }
  }

  @Test
  void theFileIsInWalMode() throws Exception {
    open().close();

    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file());
        var s = c.createStatement();
        var rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }
}
