package dev.boxoffice.store.embedded;

import static dev.boxoffice.core.testing.TestEvents.anEvent;
import static dev.boxoffice.store.embedded.StoreSamples.GA;
import static dev.boxoffice.store.embedded.StoreSamples.TTL;
import static dev.boxoffice.store.embedded.StoreSamples.VIP;
import static dev.boxoffice.store.embedded.StoreSamples.account;
import static dev.boxoffice.store.embedded.StoreSamples.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketTypeCode;
import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.CompleteResult;
import dev.boxoffice.core.inventory.Hold;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.LedgerChange.HoldEnd;
import dev.boxoffice.core.inventory.Quantity;
import dev.boxoffice.core.inventory.ReleaseResult;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.order.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a durable store remembers across close() and open(), and what it forgets on purpose. */
@Timeout(60)
class EmbeddedStoreRecoveryTest {
  @TempDir Path dir;

  private final StoreSamples.HandClock clock = new StoreSamples.HandClock();
  private EmbeddedStore store;

  private EmbeddedStore open() {
    store = EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE);
    return store;
  }

  private EmbeddedStore reopen() {
    store.close();
    return open();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private Hold hold(Event event, String user, TicketTypeCode type, int quantity) {
    HoldResult result =
        store
            .stores()
            .inventory()
            .hold(
                HoldRequest.openSale(event.id(), new UserId(user), type, new Quantity(quantity)),
                clock.instant());
    assertThat(result).isInstanceOf(HoldResult.Held.class);
    return ((HoldResult.Held) result).hold();
  }

  private Order complete(Hold hold) {
    CompleteResult result =
        store.stores().inventory().complete(hold.id(), hold.user(), clock.instant());
    assertThat(result).isInstanceOf(CompleteResult.Completed.class);
    return ((CompleteResult.Completed) result).order();
  }

  private TypeStock stock(Event event, TicketTypeCode type) {
    return store.stores().inventory().stock(event.id()).orElseThrow().of(type).orElseThrow();
  }

  @Test
  void eventsAccountsLiveHoldsAndOrdersSurviveARestart() {
    open();
    Event event = event("ev_restart", 10, 6);
    Account alice = account("alice");
    assertThat(StoreSamples.putOnSale(store, event)).isTrue();
    assertThat(store.stores().accounts().register(alice)).isTrue();
    Hold live = hold(event, "alice", GA, 2);
    Hold sold = hold(event, "bob", VIP, 3);
    Hold released = hold(event, "carol", GA, 1);
    Order order = complete(sold);
    assertThat(store.stores().inventory().release(released.id(), released.user(), clock.instant()))
        .isInstanceOf(ReleaseResult.Released.class);

    reopen();

    assertThat(store.stores().events().find(event.id())).contains(event);
    assertThat(store.stores().events().list()).containsExactly(event);
    assertThat(store.stores().accounts().find(alice.user())).contains(alice);
    assertThat(store.stores().orders().find(order.id())).contains(order);
    assertThat(store.stores().orders().byUser(new UserId("bob"))).containsExactly(order);
    assertThat(stock(event, GA)).isEqualTo(new TypeStock(GA, 10, 8, 2, 0));
    assertThat(stock(event, VIP)).isEqualTo(new TypeStock(VIP, 10, 7, 0, 3));
    assertThat(complete(live).quantity()).as("a live hold is still completable").isEqualTo(2);
    assertThat(StoreSamples.putOnSale(store, event)).as("the event id is still taken").isFalse();
    assertThat(store.stores().accounts().register(alice))
        .as("the username is still taken")
        .isFalse();
  }

  @Test
  void aUsersTicketCountSurvivesARestart() {
    open();
    Event event = event("ev_limit", 100, 4);
    StoreSamples.putOnSale(store, event);
    complete(hold(event, "alice", GA, 2));
    hold(event, "alice", VIP, 1);

    reopen();

    HoldResult overLimit =
        store
            .stores()
            .inventory()
            .hold(
                HoldRequest.openSale(event.id(), new UserId("alice"), GA, new Quantity(2)),
                clock.instant());
    assertThat(overLimit).isEqualTo(new HoldResult.LimitReached(4, 3));
    assertThat(hold(event, "alice", GA, 1).quantity().value()).isEqualTo(1);
  }

  @Test
  void completingAgainAfterARestartReturnsTheSameOrder() {
    open();
    Event event = event("ev_again", 10, 6);
    StoreSamples.putOnSale(store, event);
    Hold hold = hold(event, "alice", GA, 2);
    Order order = complete(hold);

    reopen();

    assertThat(store.stores().inventory().complete(hold.id(), hold.user(), clock.instant()))
        .isEqualTo(new CompleteResult.Completed(order, true));
    assertThat(store.stores().orders().byUser(hold.user())).containsExactly(order);
    assertThat(stock(event, GA).sold()).isEqualTo(2);
  }

  @Test
  void aHoldThatExpiresWhileTheStoreIsClosedIsBackInStockAfterOpen() throws Exception {
    open();
    Event event = event("ev_expired_offline", 10, 6);
    StoreSamples.putOnSale(store, event);
    Hold hold = hold(event, "alice", GA, 5);
    store.close();
    // The hold expires while the store is down: still "expired" (410) after, not unknown.
    clock.advance(Duration.ofHours(1));

    open();

    assertThat(stock(event, GA)).isEqualTo(new TypeStock(GA, 10, 10, 0, 0));
    assertThat(store.stores().inventory().complete(hold.id(), hold.user(), clock.instant()))
        .isInstanceOf(CompleteResult.Expired.class);
    assertThat(store.expiredHolds()).isEqualTo(1);
    reopen();
    assertThat(stock(event, GA)).isEqualTo(new TypeStock(GA, 10, 10, 0, 0));
    assertThat(store.expiredHolds()).as("the release at open was made durable").isZero();
  }

  @Test
  void aHoldThatJustEndedIsAnsweredFromTheJournal() {
    open();
    Event event = event("ev_just_ended", 10, 6);
    StoreSamples.putOnSale(store, event);
    Hold expired = hold(event, "alice", GA, 1);
    Hold released = hold(event, "bob", GA, 1);
    var inventory = store.stores().inventory();
    inventory.release(released.id(), released.user(), clock.instant());
    inventory.expire(clock.advance(TTL));

    assertThat(inventory.complete(expired.id(), expired.user(), clock.instant()))
        .isEqualTo(new CompleteResult.Expired(expired.id(), expired.expiresAt()));
    assertThat(inventory.release(expired.id(), expired.user(), clock.instant()))
        .isEqualTo(new ReleaseResult.AlreadyEnded(expired.id()));
    assertThat(inventory.complete(released.id(), released.user(), clock.instant()))
        .isEqualTo(new CompleteResult.Released(released.id()));
  }

  @Test
  void anEndedHoldAnswersHowItEndedForADayAfterARestartThenIsForgotten() {
    open();
    Event event = event("ev_ended", 10, 6);
    StoreSamples.putOnSale(store, event);
    Hold expired = hold(event, "alice", GA, 1);
    Hold released = hold(event, "bob", GA, 1);
    assertThat(store.stores().inventory().release(released.id(), released.user(), clock.instant()))
        .isInstanceOf(ReleaseResult.Released.class);
    clock.advance(TTL);
    reopen();
    clock.advance(EmbeddedInventory.ENDED_KEPT.minus(TTL).minusSeconds(1));
    reopen();
    var inventory = store.stores().inventory();

    assertThat(inventory.complete(expired.id(), expired.user(), clock.instant()))
        .isEqualTo(new CompleteResult.Expired(expired.id(), expired.expiresAt()));
    assertThat(inventory.release(expired.id(), expired.user(), clock.instant()))
        .isEqualTo(new ReleaseResult.AlreadyEnded(expired.id()));
    assertThat(inventory.complete(released.id(), released.user(), clock.instant()))
        .isEqualTo(new CompleteResult.Released(released.id()));
    assertThat(inventory.complete(expired.id(), released.user(), clock.instant()))
        .as("someone else's ended hold stays unknown to them")
        .isEqualTo(new CompleteResult.NotFound(expired.id()));

    clock.advance(Event.MAX_HOLD_TTL.plus(Duration.ofSeconds(2)));
    reopen();

    assertThat(store.stores().inventory().complete(expired.id(), expired.user(), clock.instant()))
        .isEqualTo(new CompleteResult.NotFound(expired.id()));
  }

  @Test
  void restartReadsOnlyLiveStateHoweverManyHoldsEverExpired() throws Exception {
    int expired = 200_000;
    Event event = event("ev_history", expired, 1000);
    open();
    StoreSamples.putOnSale(store, event);
    Hold live = hold(event, "alice", GA, 2);
    Order sold = complete(hold(event, "bob", GA, 3));
    store.close();
    // A long sale's worth of holds that came and went, written straight through the journal in
    // large appends so that the test stays quick.
    try (Journal journal =
        GroupCommitJournal.start(
            RocksJournal.open(dir.resolve(DataFormat.JOURNAL), JournalSync.FULL),
            JournalListener.NONE)) {
      List<CompletableFuture<Void>> appends = new ArrayList<>();
      List<JournalRecord> batch = new ArrayList<>();
      for (int i = 0; i < expired; i++) {
        Hold gone = StoreSamples.hold(event, "user-" + i % 1000, 1);
        batch.addAll(StoreSamples.created(gone));
        batch.addAll(StoreSamples.ended(gone, HoldEnd.EXPIRED));
        if (batch.size() >= GroupCommitJournal.MAX_BATCH_RECORDS) {
          appends.add(journal.append(List.copyOf(batch)));
          batch.clear();
        }
      }
      appends.add(journal.append(batch));
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
      assertThat(StoreSamples.all(journal, InventoryTables.HOLDS))
          .as("ended holds are not read as live")
          .containsExactly(live);
    }

    long start = System.nanoTime();
    open();
    Duration restart = Duration.ofNanos(System.nanoTime() - start);

    assertThat(stock(event, GA)).isEqualTo(new TypeStock(GA, expired, expired - 5, 2, 3));
    assertThat(store.stores().orders().find(sold.id())).contains(sold);
    assertThat(complete(live).quantity()).isEqualTo(2);
    assertThat(restart).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void openCreatesTheDataDirectory() {
    dir = dir.resolve("nested/data");

    open();
    store.stores().accounts().register(account("alice"));
    reopen();

    assertThat(store.stores().accounts().find(new UserId("alice"))).isPresent();
    assertThat(dir.resolve(DataFormat.JOURNAL)).isDirectory();
    assertThat(dir.resolve(DataFormat.FILE)).hasContent(DataFormat.CURRENT + "\n");
  }

  @Test
  void anEventStoredBeforeTheRulesForNewEventsStillLoads() {
    // A name with a tab, a sale that runs past the start: refused for new events today, but a
    // journal written earlier may hold such an event, and the store must open.
    Instant now = clock.instant();
    Event old =
        anEvent(now)
            .name("Night\tShow")
            .startsAt(now.plus(Duration.ofHours(1)))
            .saleWindow(now, now.plus(Duration.ofDays(1)))
            .build();
    open();
    assertThat(StoreSamples.putOnSale(store, old)).isTrue();
    reopen();
    assertThat(store.stores().events().find(old.id())).contains(old);
  }

  @Test
  void theDataFolderAndTheJournalsFolderAreOpenToTheOwnerOnly() throws Exception {
    // A folder left with the usual 755 is tightened; a file of someone else's is left alone.
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path notOurs = Files.writeString(dir.resolve("notes.txt"), "x");
    Files.setPosixFilePermissions(notOurs, PosixFilePermissions.fromString("rwxr-xr-x"));

    open();
    store.stores().accounts().register(account("bob"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(DataFormat.JOURNAL))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notOurs)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void aSecondStoreOnTheSameDataDirectoryIsRefused() {
    open();

    assertThatThrownBy(() -> EmbeddedStore.open(dir, clock, JournalSync.FULL, JournalListener.NONE))
        .isInstanceOf(JournalException.class);
    assertThat(store.stores().accounts().register(account("alice"))).isTrue();
    assertThat(store.healthy()).isTrue();
  }

  @Test
  void aClosedStoreIsNotHealthy() {
    open();
    assertThat(store.healthy()).isTrue();

    store.close();

    assertThat(store.healthy()).isFalse();
  }
}
