package dev.boxoffice.core.waitingroom;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.TypeStock;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.Seed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One event's waiting room: the rules of the queue in memory, beside the event's ledger.
 *
 * <p>Users who join before the sale opens wait in a pre-queue; when it opens, the pre-queue is
 * shuffled ({@link Draw}'s documented permutation of their sorted user ids under the room's seed,
 * so everyone who came early has the same chance) into the head of the line, and later joiners line
 * up behind in the order they join. A serving counter admits the next in line at the terms' rate
 * (credit accrues with time; a late step makes up at most {@link #MOST_MADE_UP_SECONDS}' worth, and
 * credit nobody could use is kept a second's worth at most), never letting more than the cap shop
 * at once, and not while nothing is left to hold; a session ends when its access time runs out or
 * its purchase completes, freeing its slot. Once every ticket is sold, everyone still waiting is
 * told {@code SOLD_OUT}.
 *
 * <p>Costs: joining, a standing and each admission are O(1); ending sessions by time is O(log n)
 * each. Nothing scans the line.
 *
 * <p>Every change is reported to the caller's sink as a {@link RoomChange}, and {@link #apply}
 * replays them.
 *
 * <p>Thread policy: not thread-safe; a store confines each book to its event's lock.
 */
public final class QueueBook {
  /** The window over which the admission rate is measured. */
  static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  /**
   * How many seconds of admissions a late step makes up at most: a step held up (a busy machine, a
   * long pause of the server) keeps the configured rate, and one after an outage lets in no more
   * than these seconds' worth at once.
   */
  public static final int MOST_MADE_UP_SECONDS = 5;

  private final Event event;
  private final Seed seed;
  private RoomTerms terms;

  private final Set<UserId> preQueue = new HashSet<>();
  private final List<UserId> line = new ArrayList<>();
  private final Map<UserId, Long> positions = new HashMap<>();
  private Instant openedAt;
  private String orderDigest;

  /** Positions 1 to {@code servingUpTo} have been admitted. */
  private long servingUpTo;

  private final Map<UserId, Instant> sessions = new HashMap<>();
  private final PriorityQueue<Session> byExpiry =
      new PriorityQueue<>((a, b) -> a.expiresAt.compareTo(b.expiresAt));

  /** Users whose purchase completed since the last settle: their sessions end then. */
  private final List<UserId> purchased = new ArrayList<>();

  private boolean soldOut;

  private double credit;
  private Instant lastStep;

  /** (when, servingUpTo) after each admission within {@link #RATE_WINDOW}. */
  private final Deque<Sample> admissions = new ArrayDeque<>();

  private record Session(UserId user, Instant expiresAt) {}

  private record Sample(Instant at, long servingUpTo) {}

  /**
   * The room of {@code event} on {@code terms}, shuffling its pre-queue with {@code seed}.
   *
   * @throws InvalidValueException if the queue would open after the sale does
   */
  public QueueBook(Event event, RoomTerms terms, Seed seed) {
    this.event = event;
    this.seed = seed;
    this.terms = requireFits(event, terms);
  }

  /** {@code terms}, if they can run on {@code event}: the queue opens by the time the sale does. */
  public static RoomTerms requireFits(Event event, RoomTerms terms) {
    InvalidValueException.require(
        !terms.queueOpensAt().isAfter(event.saleWindow().opensAt()),
        "waitingRoom.queueOpensAt",
        "must not be after the sale opens (" + event.saleWindow().opensAt() + ")");
    return terms;
  }

  public RoomTerms terms() {
    return terms;
  }

  public Seed seed() {
    return seed;
  }

  /** Joins {@code user} at {@code now}; again, it answers where they stand. */
  public JoinResult join(UserId user, Instant now, Consumer<RoomChange> changes) {
    if (!terms.enabled()) {
      return new JoinResult.NoRoom(event.id());
    }
    if (now.isBefore(terms.queueOpensAt())) {
      return new JoinResult.NotOpenYet(terms.queueOpensAt());
    }
    if (preQueue.contains(user) || positions.containsKey(user)) {
      return new JoinResult.Joined(standing(user, now), true);
    }
    if (soldOut) {
      return new JoinResult.Joined(new QueueStanding.SoldOut(), false);
    }
    openIfDue(now, changes);
    RoomChange.Joined joined =
        new RoomChange.Joined(user, openedAt == null ? 0 : line.size() + 1L, now);
    apply(joined);
    changes.accept(joined);
    return new JoinResult.Joined(standing(user, now), false);
  }

  /** Where {@code user} stands at {@code now}. */
  public QueueStanding standing(UserId user, Instant now) {
    Long position = positions.get(user);
    if (position == null) {
      if (!preQueue.contains(user)) {
        return new QueueStanding.NotJoined();
      }
      return soldOut
          ? new QueueStanding.SoldOut()
          : new QueueStanding.PreQueue(event.saleWindow().opensAt());
    }
    if (position <= servingUpTo) {
      Instant expiresAt = sessions.get(user);
      return expiresAt != null && now.isBefore(expiresAt)
          ? new QueueStanding.Admitted(position, expiresAt)
          : new QueueStanding.Expired(position);
    }
    if (soldOut) {
      return new QueueStanding.SoldOut();
    }
    OptionalLong eta =
        terms.paused()
            ? OptionalLong.empty()
            : OptionalLong.of(
                (long) Math.ceil((position - servingUpTo) / terms.admissionRatePerSecond()));
    return new QueueStanding.Waiting(position, servingUpTo, eta);
  }

  /**
   * Why {@code user} may not hold this event's tickets at {@code now}, if they may not: while the
   * room is enabled, only a user whose session is live holds.
   */
  public Optional<String> refusal(UserId user, Instant now) {
    if (!terms.enabled()) {
      return Optional.empty();
    }
    Instant expiresAt = sessions.get(user);
    if (expiresAt != null && now.isBefore(expiresAt)) {
      return Optional.empty();
    }
    return Optional.of(
        positions.containsKey(user) && positions.get(user) <= servingUpTo
            ? "your turn in this event's waiting room has ended"
            : "this event sells through its waiting room: join the queue and wait for your turn");
  }

  /** Hears a change of the event's ledger: a completed purchase ends its buyer's session. */
  public void observe(LedgerChange change) {
    if (change instanceof LedgerChange.OrderPlaced placed
        && sessions.containsKey(placed.order().user())) {
      purchased.add(placed.order().user());
    }
  }

  /** Ends the sessions of the users heard to have purchased, in the decision that heard it. */
  public void settle(Instant now, Consumer<RoomChange> changes) {
    for (UserId user : purchased) {
      RoomChange finished = new RoomChange.Finished(user, now);
      apply(finished);
      changes.accept(finished);
    }
    purchased.clear();
  }

  /**
   * Moves the room on to {@code now}, beside the event's {@code ledger}: ends the sessions heard to
   * have purchased and those whose time ran out, opens the line when the sale opens, notes a sell
   * out, and admits whoever's turn has come.
   *
   * @return how many were admitted
   */
  public int step(Instant now, EventLedger ledger, Consumer<RoomChange> changes) {
    settle(now, changes);
    while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.peek().expiresAt)) {
      Session over = byExpiry.poll();
      sessions.remove(over.user, over.expiresAt);
    }
    if (!terms.enabled() || soldOut) {
      return 0;
    }
    openIfDue(now, changes);
    int available = 0;
    int held = 0;
    for (TypeStock type : ledger.stock().ticketTypes()) {
      available += type.available();
      held += type.held();
    }
    if (available == 0 && held == 0) {
      RoomChange.SoldOut out = new RoomChange.SoldOut(now);
      apply(out);
      changes.accept(out);
    }
    Instant last = lastStep;
    lastStep = now;
    if (openedAt == null || terms.paused() || soldOut) {
      credit = 0;
      return 0;
    }
    double rate = terms.admissionRatePerSecond();
    Instant from = last == null || last.isBefore(openedAt) ? openedAt : last;
    if (now.isAfter(from)) {
      credit += Duration.between(from, now).toNanos() / 1e9 * rate;
    }
    // A step that came late makes up the time it missed, MOST_MADE_UP_SECONDS' worth at most;
    // credit left over because nobody could come in is kept a second's worth at most.
    credit = Math.min(credit, MOST_MADE_UP_SECONDS * Math.max(1, rate));
    long waiting = line.size() - servingUpTo;
    long free = terms.maxActiveShoppers() - (long) sessions.size();
    int admit = (int) Math.min((long) Math.floor(credit), Math.min(waiting, free));
    if (available == 0 || admit <= 0) {
      credit = Math.min(credit, Math.max(1, rate));
      return 0;
    }
    credit = Math.min(credit - admit, Math.max(1, rate));
    RoomChange.Admitted admitted =
        new RoomChange.Admitted(
            servingUpTo + 1, servingUpTo + admit, now, now.plus(terms.accessTtl()));
    apply(admitted);
    changes.accept(admitted);
    return admit;
  }

  /** Changes the room's terms (rate, cap, pause, access time) from now on. */
  public void retune(RoomTerms newTerms, Consumer<RoomChange> changes) {
    RoomChange.Retuned retuned = new RoomChange.Retuned(requireFits(event, newTerms));
    apply(retuned);
    changes.accept(retuned);
  }

  /** Replays a change this book (or one of the same room) reported, deciding nothing. */
  public void apply(RoomChange change) {
    switch (change) {
      case RoomChange.Joined joined -> {
        if (joined.position() == 0) {
          preQueue.add(joined.user());
        } else {
          line.add(joined.user());
          positions.put(joined.user(), joined.position());
        }
      }
      case RoomChange.Opened opened -> open(opened.at());
      case RoomChange.Admitted admitted -> {
        for (long p = admitted.from(); p <= admitted.upTo(); p++) {
          UserId user = userAt(p);
          sessions.put(user, admitted.expiresAt());
          byExpiry.add(new Session(user, admitted.expiresAt()));
        }
        servingUpTo = admitted.upTo();
        admissions.addLast(new Sample(admitted.at(), servingUpTo));
        while (admissions.size() > 1
            && admissions.peekFirst().at.isBefore(admitted.at().minus(RATE_WINDOW))) {
          admissions.removeFirst();
        }
      }
      case RoomChange.Finished finished -> sessions.remove(finished.user());
      case RoomChange.SoldOut out -> soldOut = true;
      case RoomChange.Retuned retuned -> terms = retuned.terms();
    }
  }

  /** Who is at {@code position} in line (1 is the first). */
  public UserId userAt(long position) {
    return line.get((int) (position - 1));
  }

  /** What the room publishes to its admins at {@code now}. */
  public RoomStats stats(Instant now) {
    return new RoomStats(
        terms,
        seed.commitment(),
        Optional.ofNullable(openedAt),
        Optional.ofNullable(openedAt).map(o -> seed),
        Optional.ofNullable(orderDigest),
        preQueue.size(),
        line.size() - servingUpTo,
        servingUpTo,
        sessions.values().stream().filter(now::isBefore).count(),
        measuredRate(),
        soldOut);
  }

  /** Admissions a second over the last {@link #RATE_WINDOW} of admissions. */
  private double measuredRate() {
    if (admissions.size() < 2) {
      return 0;
    }
    Sample first = admissions.peekFirst();
    Sample last = admissions.peekLast();
    double seconds = Duration.between(first.at, last.at).toNanos() / 1e9;
    return seconds <= 0 ? 0 : (last.servingUpTo - first.servingUpTo) / seconds;
  }

  private void openIfDue(Instant now, Consumer<RoomChange> changes) {
    if (openedAt == null && !now.isBefore(event.saleWindow().opensAt())) {
      RoomChange.Opened opened = new RoomChange.Opened(now);
      apply(opened);
      changes.accept(opened);
    }
  }

  /** Shuffles the pre-queue into the head of the line, in the documented draw order. */
  private void open(Instant at) {
    List<String> names = preQueue.stream().map(UserId::value).toList();
    Draw.Outcome shuffled = Draw.run(seed, names, names.size(), 0);
    for (String name : shuffled.winners()) {
      UserId user = new UserId(name);
      line.add(user);
      positions.put(user, (long) line.size());
    }
    preQueue.clear();
    openedAt = at;
    orderDigest = shuffled.winnersDigest();
  }
}
