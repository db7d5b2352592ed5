package dev.boxoffice.store.distributed;

import static dev.boxoffice.store.distributed.RedisInventory.count;
import static dev.boxoffice.store.distributed.RedisInventory.millis;
import static dev.boxoffice.store.distributed.RedisInventory.number;
import static dev.boxoffice.store.distributed.RedisInventory.text;
import static dev.boxoffice.store.distributed.RedisInventory.unexpected;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.SaleMode;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.DrawResult;
import dev.boxoffice.core.lottery.DrawSummary;
import dev.boxoffice.core.lottery.Entry;
import dev.boxoffice.core.lottery.EntryResult;
import dev.boxoffice.core.lottery.Lottery;
import dev.boxoffice.core.lottery.LotteryBook;
import dev.boxoffice.core.lottery.LotteryStatus;
import dev.boxoffice.core.lottery.LotteryTerms;
import dev.boxoffice.core.lottery.Offer;
import dev.boxoffice.core.lottery.Pseudonyms;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.lottery.Standing;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Lottery} port on Redis and PostgreSQL. Redis decides, beside the event's stock and in
 * the inventory's library ({@code lottery.lua}): an entry (one per user, inside the window, before
 * the entrant set is frozen), the offers (each a hold made in the function that makes the offer),
 * and which offers lapsed. PostgreSQL records ({@link PostgresLotteries}): an entry is answered
 * only once it is recorded there, in groups; the draw runs in Java over the entries recorded there
 * ({@link Draw}), and the draw and each offer are recorded there before Redis makes them, so that
 * servers drawing or passing an offer on at once make one draw and one offer per place.
 *
 * <p>When Redis restarted empty, a lottery is loaded again at its next call: its entries, its draw
 * order (recomputed from the entries and the seed, and checked against the recorded draw) and its
 * offers, each offer still standing holding its tickets again under its own hold id.
 *
 * <p>Servers that work ({@link #workEvery}) run the draws that are due and pass lapsed offers on to
 * the waitlist; a release or an expiry this server decides passes them on at once.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisLottery implements Lottery, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisLottery.class);

  /** The names of a lottery's keys, after the event's, in the order the library takes them. */
  private static final String[] KEYS = {
    "lottery",
    "lottery:entries",
    "lottery:fresh",
    "lottery:order",
    "lottery:places",
    "lottery:offers",
    "lottery:live",
    "lottery:owed"
  };

  /** The topic of the signals the draw and every offer send. */
  private static final String SIGNALS = "lottery";

  /** How many entries, places or offers one function call loads at most. */
  static final int CHUNK = 5_000;

  /** How often a watched lottery's state is read to tell its watchers of a change. */
  static final Duration WATCH_EVERY = Duration.ofMillis(250);

  /** How long an entry waits for PostgreSQL to record it at most: then it answers 503. */
  static final Duration RECORD_WAIT = Duration.ofSeconds(10);

  /** How many lotteries' terms a server keeps at most. */
  static final int MOST_KEPT = 10_000;

  /** How many entrants a server remembers having seen entered at most. */
  static final int MOST_ENTERED_KEPT = 100_000;

  /** How many rounds of passing offers on one settling takes at most (servers may race). */
  private static final int MOST_ROUNDS = 16;

  private final RedisCommands<String, String> redis;
  private final RedisInventory inventory;
  private final PostgresLotteries lotteries;
  private final InstantSource clock;
  private final GroupWriter<PostgresLotteries.Entered, Boolean> recorder;

  /** Each lottery as set up, once found: terms, seed and key never change. */
  private final LoadingCache<EventId, PostgresLotteries.SetUp> setUps;

  /**
   * Users this server saw entered, by event: an entry is never undone, so a user found here needs
   * no look in Redis to be named.
   */
  private final Cache<List<Object>, Boolean> entered =
      Caffeine.newBuilder().maximumSize(MOST_ENTERED_KEPT).build();

  /** Each lottery's draw, once recorded and its offers made in Redis: once it is published. */
  private final Cache<EventId, DrawSummary> draws;

  private final SecureRandom random = new SecureRandom();
  private final EventWatches<Watcher> watches =
      new EventWatches<>("lottery-watches", WATCH_EVERY, LotteryLook::new);
  private volatile Signals signals = Signals.NONE;
  private final Rounds work = new Rounds("lottery-work", "Working on the lotteries", log);

  /** Since start, on this server: entries taken, draws run, winners those draws offered tickets. */
  private final LongAdder entriesTaken = new LongAdder();

  private final LongAdder drawsRun = new LongAdder();
  private final LongAdder winnersDrawn = new LongAdder();

  /** A lottery and its event. */
  private record Lot(Event event, PostgresLotteries.SetUp setUp) {
    EventId id() {
      return event.id();
    }

    LotteryTerms terms() {
      return setUp.terms();
    }
  }

  /** A draw computed: its outcome, and the users in draw order (winners, then the waitlist). */
  private record Drawing(Draw.Outcome outcome, List<UserId> order) {}

  RedisLottery(
      RedisCommands<String, String> redis,
      RedisInventory inventory,
      PostgresLotteries lotteries,
      InstantSource clock) {
    this.redis = redis;
    this.clock = clock;
    this.inventory = inventory;
    this.lotteries = lotteries;
    this.recorder = new GroupWriter<>("entry-recorder", "PostgreSQL", RECORD_WAIT, this::record);
    this.setUps =
        Caffeine.newBuilder()
            .maximumSize(MOST_KEPT)
            .build(event -> lotteries.find(event).orElse(null));
    this.draws = Caffeine.newBuilder().maximumSize(MOST_KEPT).build();
    inventory.onHoldsEnded(
        (event, at, holds) -> {
          if (event.mode() == SaleMode.LOTTERY) {
            try {
              lot(event.id()).ifPresent(lot -> settle(lot, at, holds));
            } catch (RuntimeException e) {
              log.warn("Passing lapsed offers of {} on failed; the next sweep does it", event.id());
            }
          }
        });
  }

  /**
   * Works from now on, every {@code period} at {@code clock}'s time: runs the draws that are due
   * and passes lapsed offers on. A deployment needs one server that works; several may.
   */
  void workEvery(Duration period, InstantSource clock) {
    work.every(
        period,
        () -> {
          Instant now = clock.instant();
          drawDue(now);
          settleAll(now);
        });
  }

  @Override
  public boolean setUp(Event event, LotteryTerms terms, Seed seed) {
    if (!inventory.event(event.id()).map(event::equals).orElse(false)) {
      return false;
    }
    LotteryBook.requireRunnable(event, terms);
    return lotteries.setUp(event.id(), terms, seed, Seed.random(random));
  }

  @Override
  public Optional<LotteryStatus> status(EventId id) {
    return lot(id)
        .map(
            lot ->
                published(lot)
                    .<LotteryStatus>map(s -> new LotteryStatus.Drawn(id, lot.terms(), s))
                    .orElseGet(
                        () ->
                            new LotteryStatus.Open(
                                id,
                                lot.terms(),
                                lot.setUp().seed().commitment(),
                                Math.toIntExact(number(call(lot, "lottery_entrants"), 0)))));
  }

  @Override
  public Optional<LotteryTerms> terms(EventId id) {
    return lot(id).map(Lot::terms);
  }

  @Override
  public EntryResult enter(EventId id, UserId user, String tokenId, Instant now) {
    Optional<Lot> found = lot(id);
    if (found.isEmpty()) {
      return new EntryResult.UnknownLottery(id);
    }
    Lot lot = found.get();
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    String entryId = Entry.newId(id, at);
    List<Object> answer = call(lot, "lottery_enter", millis(at), user.value(), entryId, tokenId);
    return switch (text(answer, 0)) {
      case "entered" -> {
        Entry entry = new Entry(entryId, user, tokenId, at);
        if (!recorder.write(new PostgresLotteries.Entered(id, entry))) {
          yield closed(lot);
        }
        entered.put(List.of(id, user), true);
        entriesTaken.increment();
        yield new EntryResult.Entered(entry);
      }
      case "already" -> {
        Entry entry =
            new Entry(
                text(answer, 1), user, text(answer, 2), Instant.ofEpochMilli(number(answer, 3)));
        boolean sameToken = entry.tokenId().equals(tokenId);
        // Asked again after an answer that did not come: answered once it is recorded.
        if (number(answer, 4) == 1 && !recorder.write(new PostgresLotteries.Entered(id, entry))) {
          yield closed(lot);
        }
        entered.put(List.of(id, user), true);
        yield new EntryResult.AlreadyEntered(entry, sameToken);
      }
      case "closed" -> closed(lot);
      default -> throw unexpected(answer);
    };
  }

  private static EntryResult closed(Lot lot) {
    return new EntryResult.RegistrationClosed(
        lot.terms().registerOpensAt(), lot.terms().registerClosesAt());
  }

  @Override
  public DrawResult draw(EventId id, Instant now) {
    Optional<Lot> found = lot(id);
    if (found.isEmpty()) {
      return new DrawResult.UnknownLottery(id);
    }
    Lot lot = found.get();
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    Optional<DrawSummary> published = published(lot);
    if (published.isPresent()) {
      lotteries.offered(id); // should the server that made its offers have stopped before
      return new DrawResult.Drawn(published.get(), true);
    }
    Optional<DrawSummary> recorded = recorded(lot);
    if (recorded.isEmpty()) {
      if ("open".equals(text(call(lot, "lottery_freeze", millis(at)), 0))) {
        return new DrawResult.RegistrationOpen(lot.terms().registerClosesAt());
      }
      recordFresh(lot);
      lotteries.freeze(id); // every entry recorded before is read below, none after is recorded
    }
    long started = System.nanoTime();
    Drawing drawing = run(lot);
    DrawSummary mine = DrawSummary.of(drawing.outcome(), lot.setUp().seed(), at);
    boolean again = recorded.isPresent() || !lotteries.drawn(id, mine);
    DrawSummary summary = again ? recorded(lot).orElseThrow() : mine;
    requireSame(lot, drawing, summary);
    writeOrder(lot, drawing.order());
    offer(lot, 0, drawing.order().subList(0, summary.winners()), drawing.order().size(), at);
    lotteries.offered(id);
    draws.put(id, summary);
    if (!again) {
      drawsRun.increment();
      winnersDrawn.add(summary.winners());
      log.info(
          "lottery {} drawn in {} ms: {} entrants, {} winners offered their tickets, {} waitlisted",
          id.value(),
          (System.nanoTime() - started) / 1_000_000,
          summary.entrants(),
          summary.winners(),
          summary.waitlisted());
    }
    return new DrawResult.Drawn(summary, again);
  }

  @Override
  public int drawDue(Instant now) {
    int ran = 0;
    for (EventId id : lotteries.due(now)) {
      try {
        if (draw(id, now) instanceof DrawResult.Drawn drawn && !drawn.again()) {
          ran++;
        }
      } catch (RuntimeException e) {
        work.failed("The draw of lottery " + id.value(), e);
      }
    }
    return ran;
  }

  /** Passes lapsed offers on in every lottery with offers outstanding. */
  void settleAll(Instant now) {
    for (EventId id : lotteries.offering()) {
      try {
        lot(id).ifPresent(lot -> settle(lot, now, List.of()));
      } catch (RuntimeException e) {
        work.failed("Settling lottery " + id.value(), e);
      }
    }
  }

  /**
   * Offers the tickets of the lottery's lapsed offers to the next on its waitlist, while it lasts;
   * takes the lottery out of {@link #settleAll} once no offer is outstanding. Offers are looked at
   * once due, and {@code ended} (holds this server just ended) at once.
   */
  private void settle(Lot lot, Instant now, List<HoldId> ended) {
    // An offer made now lasts its whole time, whenever the caller read the time.
    Instant at = Collections.max(List.of(now, clock.instant())).truncatedTo(ChronoUnit.MILLIS);
    for (int round = 0; round < MOST_ROUNDS; round++) {
      String[] named =
          (round == 0 ? ended : List.<HoldId>of())
              .stream().map(HoldId::value).toArray(String[]::new);
      List<Object> lapse = call(lot, "lottery_lapse", RedisInventory.expiring(at, named));
      int next = count(lapse, 1);
      List<HoldId> lapsed =
          lapse.subList(4, lapse.size()).stream()
              .map(id -> new HoldId(String.valueOf(id)))
              .toList();
      if (lapsed.isEmpty()) {
        if (count(lapse, 3) == 0) {
          lotteries.settled(lot.id());
        }
        return;
      }
      // Marked before they are passed on, so that a Redis loaded again holds none of them again.
      lotteries.lapsed(lapsed);
      int passed = Math.min(lapsed.size(), count(lapse, 2) - next);
      if (passed <= 0) {
        return; // the waitlist has run out: their tickets stay unsold
      }
      String[] places =
          IntStream.range(next, next + passed).mapToObj(String::valueOf).toArray(String[]::new);
      List<UserId> users =
          redis.hmget(key(lot.id(), "lottery:order"), places).stream()
              .map(kv -> new UserId(kv.getValue()))
              .toList();
      offer(lot, next, users, -1, at);
    }
  }

  /**
   * Offers the lottery's tickets to {@code users}, at consecutive places from {@code first}: the
   * offers recorded in PostgreSQL first (or those another server recorded at these places), then
   * made in Redis unless another server made them. {@code places} is the draw order's length, for
   * the draw's offers; -1 for later ones.
   */
  private void offer(Lot lot, int first, List<UserId> users, int places, Instant at) {
    Instant expires = at.plus(lot.terms().offerTtl());
    List<Offer> offers = new ArrayList<>(users.size());
    for (int i = 0; i < users.size(); i++) {
      offers.add(new Offer(users.get(i), first + i, HoldId.random(lot.id(), at), expires));
    }
    List<Offer> standing = offers.isEmpty() ? offers : lotteries.offer(lot.id(), offers);
    // Made now, an offer lasts its whole time, whenever it was recorded (by a server that stopped
    // before making it, say).
    List<Offer> made =
        standing.stream().map(o -> new Offer(o.user(), o.place(), o.hold(), expires)).toList();
    List<String> args = new ArrayList<>(3 + made.size() * 3);
    args.addAll(
        List.of(millis(at), String.valueOf(first), places < 0 ? "" : String.valueOf(places)));
    for (Offer offer : made) {
      args.addAll(List.of(offer.user().value(), offer.hold().value(), millis(offer.expiresAt())));
    }
    List<Object> answer = call(lot, "lottery_offer", args.toArray(String[]::new));
    switch (text(answer, 0)) {
      case "offered" -> {
        if (!made.equals(standing)) {
          lotteries.stamp(made);
        }
        signals.signal(SIGNALS, lot.id());
      }
      case "moved" -> {
        // Another server made these offers.
      }
      default ->
          throw new IllegalStateException("lottery " + lot.id() + ": offers refused " + answer);
    }
  }

  @Override
  public Standing standing(EventId id, UserId user) {
    return lot(id)
        .map(lot -> standing(call(lot, "lottery_standing", user.value())))
        .orElseGet(Standing.NotEntered::new);
  }

  private static Standing standing(List<Object> answer) {
    return switch (text(answer, 0)) {
      case "won" ->
          new Standing.Won(new HoldId(text(answer, 1)), Instant.ofEpochMilli(number(answer, 2)));
      case "waitlisted" -> new Standing.Waitlisted(count(answer, 1));
      case "lost" -> new Standing.Lost();
      case "pending" -> new Standing.Pending();
      case "not_entered" -> new Standing.NotEntered();
      default -> throw unexpected(answer);
    };
  }

  @Override
  public Optional<String> entrantName(EventId id, UserId user) {
    return lot(id)
        .filter(
            lot ->
                entered.getIfPresent(List.of(id, user)) != null
                    || !(standing(id, user) instanceof Standing.NotEntered))
        .map(lot -> namer(lot).apply(user));
  }

  @Override
  public Optional<List<String>> entrants(EventId id) {
    return lot(id)
        .filter(lot -> published(lot).isPresent())
        .map(
            lot -> {
              Function<UserId, String> namer = namer(lot);
              List<String> names = new ArrayList<>();
              lotteries.entries(id, entry -> names.add(namer.apply(entry.user())));
              names.sort(null);
              return names;
            });
  }

  /** How the lottery names its entrants: by user id, or by pseudonym. */
  private static Function<UserId, String> namer(Lot lot) {
    if (lot.terms().entrantList() == LotteryTerms.EntrantList.USER_IDS) {
      return UserId::value;
    }
    Pseudonyms pseudonyms = new Pseudonyms(lot.setUp().pseudonymKey());
    return pseudonyms::of;
  }

  /** The draw over the entries PostgreSQL records, by the lottery's seed and terms. */
  private Drawing run(Lot lot) {
    Function<UserId, String> namer = namer(lot);
    Map<String, UserId> byName = new HashMap<>();
    lotteries.entries(lot.id(), entry -> byName.put(namer.apply(entry.user()), entry.user()));
    LotteryTerms terms = lot.terms();
    Draw.Outcome outcome =
        Draw.run(
            lot.setUp().seed(),
            byName.keySet(),
            terms.winnersFor(lot.event().ticketTypes().getFirst().capacity()),
            terms.waitlistSize());
    List<UserId> order = new ArrayList<>(outcome.winners().size() + outcome.waitlist().size());
    outcome.winners().forEach(name -> order.add(byName.get(name)));
    outcome.waitlist().forEach(name -> order.add(byName.get(name)));
    return new Drawing(outcome, order);
  }

  /**
   * Refuses a draw computed again that differs from the one recorded: the entries PostgreSQL
   * records are no longer those drawn, and nothing more is offered from them.
   */
  private static void requireSame(Lot lot, Drawing drawing, DrawSummary recorded) {
    if (!drawing.outcome().differencesFrom(recorded).isEmpty()) {
      throw new IllegalStateException(
          "lottery " + lot.id() + ": its entries and seed no longer give the recorded draw");
    }
  }

  /** Writes the draw order into Redis, in calls of {@link #CHUNK} places. */
  private void writeOrder(Lot lot, List<UserId> order) {
    for (int from = 0; from < order.size(); from += CHUNK) {
      List<String> args = new ArrayList<>();
      args.add(String.valueOf(from));
      order.subList(from, Math.min(from + CHUNK, order.size())).forEach(u -> args.add(u.value()));
      call(lot, "lottery_order", args.toArray(String[]::new));
    }
  }

  /** Records the entries Redis took and PostgreSQL may not have: before the draw reads them. */
  private void recordFresh(Lot lot) {
    List<String> fresh = new ArrayList<>(redis.smembers(key(lot.id(), "lottery:fresh")));
    for (int from = 0; from < fresh.size(); from += CHUNK) {
      List<String> users = fresh.subList(from, Math.min(from + CHUNK, fresh.size()));
      List<PostgresLotteries.Entered> entries = new ArrayList<>();
      List<KeyValue<String, String>> texts =
          redis.hmget(key(lot.id(), "lottery:entries"), users.toArray(String[]::new));
      for (KeyValue<String, String> kv : texts) {
        if (kv.hasValue()) {
          entries.add(new PostgresLotteries.Entered(lot.id(), entry(kv.getKey(), kv.getValue())));
        }
      }
      record(entries);
    }
  }

  /**
   * Records these entries in PostgreSQL, then tells Redis, in one round trip, which are recorded
   * and which were refused there (their lottery's entrant set frozen). Answers which are recorded.
   */
  private List<Boolean> record(List<PostgresLotteries.Entered> entries) {
    List<Boolean> recorded = lotteries.enter(entries);
    List<RedisLibrary.Call> calls = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i).entry();
      String[] args = {entry.user().value(), entryText(entry), recorded.get(i) ? "1" : "0"};
      calls.add(new RedisLibrary.Call(keys(entries.get(i).event()), args));
    }
    try {
      inventory.callAll("lottery_recorded", calls);
    } catch (RedisException e) {
      // What Redis still counts as fresh is recorded again by the draw, to the same effect.
      log.debug("{} entries recorded; Redis was not told: {}", entries.size(), e.toString());
    }
    return recorded;
  }

  /** An entry as Redis keeps it: {@code "entryId tokenId enteredMillis"}. */
  private static String entryText(Entry entry) {
    return String.join(" ", entry.id(), entry.tokenId(), millis(entry.enteredAt()));
  }

  private static Entry entry(String user, String text) {
    String[] f = text.split(" ");
    return new Entry(f[0], new UserId(user), f[1], Instant.ofEpochMilli(Long.parseLong(f[2])));
  }

  /**
   * Loads the lottery into Redis from PostgreSQL (and the event's stock, unless it is there): its
   * entries, then its draw order and offers if it was drawn, its state last. The offers neither
   * completed nor lapsed hold their tickets again.
   */
  private void load(Lot lot) {
    inventory.load(lot.event());
    List<String> chunk = new ArrayList<>();
    lotteries.entries(
        lot.id(),
        entry -> {
          chunk.add(entry.user().value());
          chunk.add(entryText(entry));
          if (chunk.size() >= 2 * CHUNK) {
            call(lot, "lottery_load_entries", chunk.toArray(String[]::new));
            chunk.clear();
          }
        });
    if (!chunk.isEmpty()) {
      call(lot, "lottery_load_entries", chunk.toArray(String[]::new));
    }
    Optional<DrawSummary> summary = recorded(lot);
    List<Offer> offers = summary.isPresent() ? lotteries.offers(lot.id()) : List.of();
    int places = 0;
    List<String> owed = new ArrayList<>();
    String type = lot.event().ticketTypes().getFirst().code().value();
    String per = String.valueOf(lot.terms().ticketsPerWinner());
    if (summary.isPresent()) {
      Drawing drawing = run(lot);
      requireSame(lot, drawing, summary.get());
      List<UserId> order = drawing.order();
      writeOrder(lot, order);
      places = order.size();
      PostgresLotteries.Ended ended = lotteries.ended(lot.id());
      // Each lapsed offer was passed on, or is owed: as many as the offers after the winners'.
      ended.lapsed().stream()
          .limit(Math.max(0, ended.lapsed().size() - (offers.size() - summary.get().winners())))
          .forEach(hold -> owed.add(hold.value()));
      for (int from = 0; from < offers.size(); from += CHUNK) {
        List<String> args =
            new ArrayList<>(List.of(String.valueOf(lot.terms().offerTtl().toMillis()), type, per));
        for (Offer offer : offers.subList(from, Math.min(from + CHUNK, offers.size()))) {
          boolean live = !ended.contains(offer.hold());
          args.addAll(
              List.of(
                  String.valueOf(offer.place()),
                  offer.user().value(),
                  offer.hold().value(),
                  millis(offer.expiresAt()),
                  live ? "1" : "0"));
        }
        call(lot, "lottery_load_offers", args.toArray(String[]::new));
      }
    }
    boolean drawn = summary.isPresent() && offers.size() >= summary.get().winners();
    List<String> args =
        new ArrayList<>(
            List.of(
                millis(lot.terms().registerOpensAt()),
                millis(lot.terms().registerClosesAt()),
                type,
                per,
                summary.isPresent() || lotteries.frozen(lot.id()) ? "1" : "0",
                drawn ? "1" : "0",
                String.valueOf(places),
                String.valueOf(offers.size())));
    args.addAll(owed);
    call(lot, "lottery_load", args.toArray(String[]::new));
  }

  /**
   * Calls one of the lottery's functions on its keys; where Redis answers that the lottery or the
   * event's stock is not there, loads them and calls again.
   */
  private List<Object> call(Lot lot, String function, String... args) {
    String[] keys = keys(lot.id());
    List<Object> answer = inventory.callLoading(lot.event(), function, keys, args);
    if (!"absent".equals(text(answer, 0))) {
      return answer;
    }
    load(lot);
    return inventory.callLoading(lot.event(), function, keys, args);
  }

  /** The lottery of this event, if it has one. */
  private Optional<Lot> lot(EventId id) {
    PostgresLotteries.SetUp setUp = setUps.get(id);
    if (setUp == null) {
      return Optional.empty();
    }
    return inventory.event(id).map(event -> new Lot(event, setUp));
  }

  /** The lottery's draw, once recorded in PostgreSQL. */
  private Optional<DrawSummary> recorded(Lot lot) {
    return lotteries.draw(lot.id(), lot.setUp().seed());
  }

  /**
   * The lottery's draw once it is done: recorded, and its offers made in Redis, so that every
   * entrant's standing shows it.
   */
  private Optional<DrawSummary> published(Lot lot) {
    DrawSummary known = draws.getIfPresent(lot.id());
    if (known != null) {
      return Optional.of(known);
    }
    if (clock.instant().isBefore(lot.terms().registerClosesAt())) {
      return Optional.empty(); // no draw runs before registration closes
    }
    // Redis makes the draw's offers only once PostgreSQL records it: PostgreSQL is read once, then.
    if (!"1".equals(text(call(lot, "lottery_drawn"), 0))) {
      return Optional.empty();
    }
    Optional<DrawSummary> found = recorded(lot);
    found.ifPresent(summary -> draws.put(lot.id(), summary));
    return found;
  }

  private String key(EventId event, String name) {
    return inventory.key(event, name);
  }

  /** The event's keys, then the lottery's, in the order the library takes them. */
  private String[] keys(EventId event) {
    String[] stock = inventory.keys(event);
    String[] keys = new String[stock.length + KEYS.length];
    System.arraycopy(stock, 0, keys, 0, stock.length);
    for (int i = 0; i < KEYS.length; i++) {
      keys[stock.length + i] = key(event, KEYS[i]);
    }
    return keys;
  }

  /** Entries taken on this server since start; repeats and refusals not counted. */
  long entries() {
    return entriesTaken.sum();
  }

  /** Draws this server ran since start. */
  long draws() {
    return drawsRun.sum();
  }

  /** Winners offered their tickets by the draws this server ran since start. */
  long winners() {
    return winnersDrawn.sum();
  }

  /**
   * Watches by lottery: every {@link #WATCH_EVERY}, one read of each watched lottery's version
   * (bumped by the draw and every offer); when it moved, every watcher's standing is read, in one
   * round trip, else only those of watchers not entered (their entry may have come through another
   * server); each is told if its standing changed.
   */
  @Override
  public Watch watch(EventId id, UserId user, Runnable changed) {
    Watcher watcher = new Watcher(user, changed);
    Watch watch = watches.add(id, watcher);
    try {
      // Read after it is added, so that no look between the two is missed.
      watcher.seen(standing(id, user), false);
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
    return watch;
  }

  /**
   * Tells every server of the draws and offers this one makes through {@code signals}, and looks at
   * once at a lottery another server signals.
   */
  void signalWith(Signals signals) {
    this.signals = signals;
    signals.onSignal(SIGNALS, watches::lookNow);
  }

  /** The look at one watched lottery, and the version the last one saw. */
  private final class LotteryLook implements EventWatches.Look<Watcher> {
    final EventId event;
    private String seen;

    LotteryLook(EventId event) {
      this.event = event;
    }

    @Override
    public void look(Set<Watcher> watchers) {
      try {
        Optional<Lot> lot = lot(event);
        if (lot.isEmpty()) {
          return;
        }
        String version = redis.hget(key(event, "lottery"), "version");
        boolean all = !Objects.equals(version, seen);
        List<Watcher> concerned =
            watchers.stream()
                .filter(w -> all || w.standing instanceof Standing.NotEntered)
                .toList();
        if (!concerned.isEmpty()) {
          String[] keys = keys(event);
          List<List<Object>> answers =
              inventory.callAll(
                  "lottery_standing",
                  concerned.stream()
                      .map(w -> new RedisLibrary.Call(keys, new String[] {w.user.value()}))
                      .toList());
          for (int i = 0; i < concerned.size(); i++) {
            if (!"absent".equals(text(answers.get(i), 0))) {
              concerned.get(i).seen(standing(answers.get(i)), true);
            }
          }
        }
        // Noted once told: a look that failed is taken again at the next tick.
        seen = version;
      } catch (RuntimeException e) {
        log.debug("Looking at the watched lottery of {} failed: {}", event, e.toString());
      }
    }
  }

  /** One watcher, and the standing it was last told of. */
  private static final class Watcher {
    final UserId user;
    final Runnable changed;
    volatile Standing standing;

    Watcher(UserId user, Runnable changed) {
      this.user = user;
      this.changed = changed;
    }

    /** Notes what the watcher stands at; tells it if that changed and {@code tell}. */
    void seen(Standing now, boolean tell) {
      if (!now.equals(standing)) {
        standing = now;
        if (tell) {
          changed.run();
        }
      }
    }
  }

  @Override
  public void close() {
    work.close();
    watches.close();
    recorder.close();
  }
}
