package dev.boxoffice.core.lottery;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.TicketType;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.EventLedger;
import dev.boxoffice.core.inventory.HoldId;
import dev.boxoffice.core.inventory.HoldRequest;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.inventory.LedgerChange;
import dev.boxoffice.core.inventory.Quantity;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One lottery's entries, draw and offers, and every rule that decides them; the lottery's
 * counterpart of {@link EventLedger}, and kept beside the event's ledger, since the draw's offers
 * are holds on it.
 *
 * <p>Rules: an entry is taken only inside the registration window, one per user. The draw runs
 * once, after registration has closed, over exactly the entries taken ({@link Draw}); each winner
 * is offered {@code ticketsPerWinner} tickets as a hold, which they complete like any other. When
 * an offer ends unpaid (it expired, or its holder released it), the next entrant on the waitlist is
 * offered the same tickets, until the waitlist runs out. The terms are checked against the event
 * when the book is made, so that every offer the draw makes finds its tickets: one ticket type,
 * winners times tickets per winner within its capacity, and a per-user limit that allows an offer.
 *
 * <p>Every change is reported to the caller's {@code Consumer<LotteryChange>} as it happens; {@link
 * #apply} replays such changes. The offers' holds are the ledger's, reported to its own consumer.
 * After any decision that may have ended holds, the owner calls {@link #observe} with the ledger's
 * changes and then {@link #settle}, which hands lapsed offers on.
 *
 * <p>Cost: entering is O(1); the draw is O(n log n) for n entrants ({@link Draw}), best run outside
 * the event's lock ({@link #freeze}, {@link #run}, then {@link #drawn}); restart recomputes it
 * once.
 *
 * <p>Thread policy: not thread-safe. The owning store serialises all calls for one event, with its
 * ledger's.
 */
public final class LotteryBook {
  private final Event event;
  private final TicketType type;
  private final LotteryTerms terms;
  private final Seed seed;
  private final String commitment;
  private final Map<UserId, Entry> entries = new HashMap<>();

  /** Each entrant's pseudonym, when the terms publish pseudonyms; else null. */
  private final Map<UserId, String> pseudonyms;

  private final Pseudonyms pseudonymOf;
  private final Map<UserId, Offer> offers = new HashMap<>();
  private final Map<HoldId, Offer> offersByHold = new HashMap<>();
  private final Map<UserId, Integer> places = new HashMap<>();
  private final ArrayDeque<HoldId> lapsed = new ArrayDeque<>();
  private boolean frozen;
  private DrawSummary summary;
  private List<UserId> drawn = List.of();
  private int nextPlace;

  /**
   * The book of a new lottery on {@code event}, with the committed {@code seed}, and the secret
   * {@code pseudonymKey} that names its entrants when the terms publish pseudonyms (never revealed,
   * unlike the seed, so nobody else can link a pseudonym to a guessed user id).
   *
   * @throws InvalidValueException if the terms cannot run on the event, naming the field
   */
  public LotteryBook(Event event, LotteryTerms terms, Seed seed, Seed pseudonymKey) {
    requireRunnable(event, terms);
    this.event = event;
    this.type = event.ticketTypes().getFirst();
    this.terms = terms;
    this.seed = seed;
    this.commitment = seed.commitment();
    this.pseudonyms =
        terms.entrantList() == LotteryTerms.EntrantList.PSEUDONYMS ? new HashMap<>() : null;
    this.pseudonymOf = pseudonyms == null ? null : new Pseudonyms(pseudonymKey);
  }

  /**
   * Refuses terms that cannot run on {@code event}: more than one ticket type, more tickets per
   * winner than a user may have, or an offer that does not last as long as the event's holds.
   *
   * @throws InvalidValueException naming the field
   */
  public static void requireRunnable(Event event, LotteryTerms terms) {
    InvalidValueException.require(
        event.ticketTypes().size() == 1,
        "ticketTypes",
        "a lottery sells one ticket type; its capacity is the lottery's");
    InvalidValueException.require(
        terms.ticketsPerWinner() <= event.perUserLimit(),
        "lottery.ticketsPerWinner",
        "must not be more than perUserLimit (" + event.perUserLimit() + ")");
    InvalidValueException.require(
        terms.offerTtl().equals(event.holdTtl()),
        "lottery.offerTtlSeconds",
        "is how long the offer's hold lasts: must equal holdTtlSeconds");
  }

  public LotteryTerms terms() {
    return terms;
  }

  public Seed seed() {
    return seed;
  }

  /** The seed's commitment, computed once. */
  public String commitment() {
    return commitment;
  }

  public int entrants() {
    return entries.size();
  }

  /** The draw's summary, once it has run. */
  public Optional<DrawSummary> summary() {
    return Optional.ofNullable(summary);
  }

  /** Enters the user with the token {@code tokenId} at {@code now}, or says why not. */
  public EntryResult enter(
      UserId user, String tokenId, Instant now, String newId, Consumer<LotteryChange> changes) {
    Entry existing = entries.get(user);
    if (existing != null) {
      return new EntryResult.AlreadyEntered(existing, existing.tokenId().equals(tokenId));
    }
    if (!terms.isRegistrationOpenAt(now) || frozen) {
      return new EntryResult.RegistrationClosed(terms.registerOpensAt(), terms.registerClosesAt());
    }
    LotteryChange.Entered change = new LotteryChange.Entered(new Entry(newId, user, tokenId, now));
    apply(change);
    changes.accept(change);
    return new EntryResult.Entered(change.entry());
  }

  /**
   * Freezes the entrant set for the draw at {@code now} and returns the entrants' names: once
   * registration has closed and if the draw has not run. No entry is taken after this, even one
   * whose request began before the close, so the caller may run {@link #run} on the names outside
   * the event's lock and hand the outcome to {@link #drawn}.
   */
  public Optional<List<String>> freeze(Instant now) {
    if (summary != null || now.isBefore(terms.registerClosesAt())) {
      return Optional.empty();
    }
    frozen = true;
    return Optional.of(entrantNames());
  }

  private List<String> entrantNames() {
    if (pseudonyms != null) {
      return new ArrayList<>(pseudonyms.values());
    }
    List<String> names = new ArrayList<>(entries.size());
    for (UserId user : entries.keySet()) {
      names.add(user.value());
    }
    return names;
  }

  /**
   * The name {@code user} has in the draw and the published entrant list, if they entered: their
   * user id, or their pseudonym.
   */
  public Optional<String> entrantName(UserId user) {
    if (!entries.containsKey(user)) {
      return Optional.empty();
    }
    return Optional.of(pseudonyms == null ? user.value() : pseudonyms.get(user));
  }

  /** The draw over these entrants, as {@link #drawn} wants it. */
  public Draw.Outcome run(List<String> entrants) {
    return Draw.run(seed, entrants, terms.winnersFor(type.capacity()), terms.waitlistSize());
  }

  /**
   * Decides the draw at {@code now}: with {@code outcome} of {@link #run} over the names {@link
   * #freeze} gave, records it and offers every winner their tickets. If the draw has run already,
   * changes nothing and says so; before registration closes, refuses.
   */
  public DrawResult drawn(
      Draw.Outcome outcome,
      Instant now,
      EventLedger ledger,
      Consumer<LotteryChange> changes,
      Consumer<LedgerChange> ledgerChanges) {
    if (summary != null) {
      return new DrawResult.Drawn(summary, true);
    }
    if (now.isBefore(terms.registerClosesAt())) {
      return new DrawResult.RegistrationOpen(terms.registerClosesAt());
    }
    if (outcome.entrants() != entries.size()) {
      throw new IllegalArgumentException(
          "a draw over "
              + outcome.entrants()
              + " entrants, not the "
              + entries.size()
              + " entered");
    }
    LotteryChange.Drawn change = new LotteryChange.Drawn(DrawSummary.of(outcome, seed, now));
    record(change.summary(), outcome);
    frozen = true;
    changes.accept(change);
    while (nextPlace < outcome.winners().size()) {
      offer(now, ledger, changes, ledgerChanges);
    }
    return new DrawResult.Drawn(summary, false);
  }

  /** Notes an offer's hold that ended; {@link #settle} hands its tickets on. */
  public void observe(LedgerChange change) {
    if (change instanceof LedgerChange.HoldEnded ended
        && offersByHold.containsKey(ended.hold().id())) {
      lapsed.add(ended.hold().id());
    }
  }

  /**
   * Offers the tickets of every offer that lapsed since the last call to the next entrants on the
   * waitlist, while it lasts.
   */
  public void settle(
      Instant now,
      EventLedger ledger,
      Consumer<LotteryChange> changes,
      Consumer<LedgerChange> ledgerChanges) {
    while (!lapsed.isEmpty()) {
      lapsed.poll();
      if (nextPlace < drawn.size()) {
        offer(now, ledger, changes, ledgerChanges);
      }
    }
  }

  /** Offers the tickets to the entrant at the next place in the draw order. */
  private void offer(
      Instant now,
      EventLedger ledger,
      Consumer<LotteryChange> changes,
      Consumer<LedgerChange> ledgerChanges) {
    int place = nextPlace;
    UserId user = drawn.get(place);
    HoldRequest request =
        new HoldRequest(
            event.id(),
            user,
            type.code(),
            new Quantity(terms.ticketsPerWinner()),
            new LotteryOffer(place));
    HoldResult result = ledger.hold(request, now, HoldId.random(event.id(), now), ledgerChanges);
    if (!(result instanceof HoldResult.Held held)) {
      // The terms were checked against the event and nobody else holds a lottery's tickets, so an
      // offer always finds its tickets: anything else is a bug, and the state is left as it was.
      throw new IllegalStateException("offer at place " + place + " refused: " + result);
    }
    LotteryChange.Offered change =
        new LotteryChange.Offered(
            new Offer(user, place, held.hold().id(), held.hold().expiresAt()));
    apply(change);
    changes.accept(change);
  }

  /** Where {@code user} stands at {@code now}. */
  public Standing standing(UserId user) {
    if (!entries.containsKey(user)) {
      return new Standing.NotEntered();
    }
    if (summary == null) {
      return new Standing.Pending();
    }
    Offer offer = offers.get(user);
    if (offer != null) {
      return new Standing.Won(offer.hold(), offer.expiresAt());
    }
    Integer place = places.get(user);
    return place == null ? new Standing.Lost() : new Standing.Waitlisted(place - nextPlace + 1);
  }

  /**
   * The names the draw ran over, in sorted order, once it has run: for anyone who wants to check
   * it.
   */
  public Optional<List<String>> drawnEntrants() {
    if (summary == null) {
      return Optional.empty();
    }
    List<String> names = entrantNames();
    names.sort(null);
    return Optional.of(names);
  }

  /**
   * Replays a change this book (or one of the same lottery) reported, without deciding anything. A
   * draw is recomputed from the entries and the seed, and must match the digests it recorded.
   *
   * @throws IllegalStateException if a recomputed draw differs from the recorded one
   */
  public void apply(LotteryChange change) {
    switch (change) {
      case LotteryChange.Entered(Entry entry) -> {
        entries.put(entry.user(), entry);
        if (pseudonyms != null) {
          pseudonyms.put(entry.user(), pseudonymOf.of(entry.user()));
        }
      }
      case LotteryChange.Drawn(DrawSummary drawnSummary) -> {
        Draw.Outcome outcome = run(entrantNames());
        if (!outcome.winnersDigest().equals(drawnSummary.winnersDigest())
            || !outcome.waitlistDigest().equals(drawnSummary.waitlistDigest())) {
          throw new IllegalStateException(
              "lottery " + event.id() + ": its entries and seed no longer give the recorded draw");
        }
        record(drawnSummary, outcome);
        frozen = true;
      }
      case LotteryChange.Offered(Offer offer) -> {
        offers.put(offer.user(), offer);
        offersByHold.put(offer.hold(), offer);
        nextPlace = Math.max(nextPlace, offer.place() + 1);
      }
    }
  }

  private void record(DrawSummary drawnSummary, Draw.Outcome outcome) {
    Map<String, UserId> byName = new HashMap<>();
    if (pseudonyms != null) {
      pseudonyms.forEach((user, name) -> byName.put(name, user));
    }
    List<UserId> order = new ArrayList<>(outcome.winners().size() + outcome.waitlist().size());
    for (String name : outcome.winners()) {
      order.add(pseudonyms == null ? new UserId(name) : byName.get(name));
    }
    for (String name : outcome.waitlist()) {
      order.add(pseudonyms == null ? new UserId(name) : byName.get(name));
    }
    for (int place = 0; place < order.size(); place++) {
      places.put(order.get(place), place);
    }
    this.drawn = List.copyOf(order);
    this.summary = drawnSummary;
  }
}
