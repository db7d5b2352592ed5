package dev.boxoffice.store.distributed;

import static dev.boxoffice.store.distributed.RedisInventory.count;
import static dev.boxoffice.store.distributed.RedisInventory.millis;
import static dev.boxoffice.store.distributed.RedisInventory.number;
import static dev.boxoffice.store.distributed.RedisInventory.text;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.Watch;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.inventory.HoldResult;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.Seed;
import dev.boxoffice.core.waitingroom.JoinResult;
import dev.boxoffice.core.waitingroom.QueueBook;
import dev.boxoffice.core.waitingroom.QueueStanding;
import dev.boxoffice.core.waitingroom.RoomStats;
import dev.boxoffice.core.waitingroom.RoomTerms;
import dev.boxoffice.core.waitingroom.WaitingRoom;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WaitingRoom} port on Redis and PostgreSQL. Each room's line is decided in Redis, one
 * function of the {@code boxoffice_room} library ({@code room.lua}) per join, step or standing,
 * keeping the rules of core's {@link QueueBook} on keys beside the event's stock; its terms and
 * seed are kept in PostgreSQL ({@link PostgresRooms}) and read again after {@link #TERMS_KEPT}.
 *
 * <p>Admission is credit-based and its state is in Redis, so any number of servers may step a room
 * ({@link #admitDue}): the credit accrues from the time of the last step, whoever took it, and the
 * rate holds across servers. The pre-queue is shuffled here, by {@link Draw} under the room's seed,
 * and written at the head of the line; a join that reached the pre-queue after it was read (from a
 * server whose clock lags) lines up right behind it.
 *
 * <p>As the {@link RedisInventory}'s gate, it refuses holds and purchases to users without a live
 * session while the room is enabled, and ends a buyer's session when their purchase completes.
 * Watchers are told of their admission, the line's opening, a sell out and new terms by a look at
 * each watched room's state every {@link #WATCH_EVERY} ({@link #watch}).
 *
 * <p>PostgreSQL records the line ({@link PostgresRooms}): a join is answered once recorded there,
 * in groups; the line's opening is decided there, so that servers opening it at once agree; every
 * admission is recorded after Redis made it. A room that Redis does not hold (Redis restarted
 * empty) is loaded again from that record at its next call ({@link #load}).
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisWaitingRoom implements WaitingRoom, RedisInventory.Gate, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisWaitingRoom.class);

  /** How long this server keeps a room's terms before reading them again. */
  static final Duration TERMS_KEPT = Duration.ofSeconds(1);

  /** The window over which the admission rate is measured, as {@link QueueBook}'s. */
  static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  /** How many rooms' terms a server keeps at most. */
  static final int MOST_KEPT = 10_000;

  /** How often a watcher's standing is read to tell it of a change. */
  static final Duration WATCH_EVERY = Duration.ofMillis(250);

  private static final String[] KEYS = {"state", "pre", "pos", "byPos", "sessions", "samples"};

  /** How many values one call loading a room sends at most. */
  private static final int LOAD_CHUNK = 10_000;

  /** How long a call waits, at most {@link #MOST_LOAD_WAITS} times, for another server's load. */
  private static final Duration LOAD_WAIT = Duration.ofMillis(100);

  private static final int MOST_LOAD_WAITS = 100;

  /** How long a join waits for PostgreSQL to record it at most: then it answers 503. */
  static final Duration RECORD_WAIT = Duration.ofSeconds(10);

  /** The topic of the signals a step that admitted users, or opened the line, sends. */
  private static final String SIGNALS = "room";

  private final RedisCommands<String, String> redis;
  private final RedisInventory inventory;
  private final PostgresRooms rooms;
  private final RedisLibrary library;
  private final InstantSource clock;

  /**
   * Each event's room as last read; read again in the background once {@link #TERMS_KEPT} old (one
   * read per event however many ask, the last one answering meanwhile and while PostgreSQL is
   * down).
   */
  private final LoadingCache<EventId, Optional<PostgresRooms.Room>> kept;

  /** The rooms that are enabled, kept as {@link #kept} is. */
  private final LoadingCache<Boolean, List<PostgresRooms.Room>> enabled;

  private final EventWatches<Watcher> watches =
      new EventWatches<>("room-watches", WATCH_EVERY, RoomLook::new);
  private volatile Signals signals = Signals.NONE;

  /**
   * One opener or loader per room on this server: the calls that found the line due, or the room
   * not loaded, wait for it, then find it done, instead of each reading PostgreSQL or shuffling the
   * whole pre-queue.
   */
  private final Map<EventId, ReentrantLock> locks = new ConcurrentHashMap<>();

  private final GroupWriter<PostgresRooms.Joined, Boolean> recorder;
  private final Rounds steps = new Rounds("room-steps", "Stepping the waiting rooms", log);

  RedisWaitingRoom(
      RedisCommands<String, String> redis,
      RedisInventory inventory,
      PostgresRooms rooms,
      InstantSource clock) {
    this.redis = redis;
    this.clock = clock;
    this.inventory = inventory;
    this.rooms = rooms;
    this.library = new RedisLibrary(redis, "room.lua");
    this.recorder = new GroupWriter<>("join-recorder", "PostgreSQL", RECORD_WAIT, rooms::join);
    this.kept =
        Caffeine.newBuilder()
            .maximumSize(MOST_KEPT)
            .refreshAfterWrite(TERMS_KEPT)
            .build(rooms::find);
    this.enabled =
        Caffeine.newBuilder().refreshAfterWrite(TERMS_KEPT).build(any -> rooms.enabled());
    inventory.gate(this);
  }

  /** Steps every enabled room from now on, every {@code period} at {@code clock}'s time. */
  void stepEvery(Duration period, InstantSource clock) {
    steps.every(period, () -> admitDue(clock.instant()));
  }

  @Override
  public boolean configure(Event event, RoomTerms terms, Seed seed) {
    if (inventory.event(event.id()).isEmpty()) {
      return false;
    }
    QueueBook.requireFits(event, terms);
    boolean set = rooms.set(event.id(), terms, seed);
    kept.invalidate(event.id());
    enabled.invalidateAll();
    return set;
  }

  @Override
  public Optional<RoomTerms> terms(EventId event) {
    return room(event).map(PostgresRooms.Room::terms);
  }

  @Override
  public Optional<RoomStats> stats(EventId id, Instant now) {
    Optional<PostgresRooms.Room> found = room(id);
    Optional<Event> event = inventory.event(id);
    if (found.isEmpty() || event.isEmpty()) {
      return Optional.empty();
    }
    PostgresRooms.Room room = found.get();
    List<Object> s = call(event.get(), room, "room_stats", millis(now));
    Optional<Instant> opened =
        text(s, 4).isEmpty()
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(Long.parseLong(text(s, 4))));
    long served = number(s, 0);
    return Optional.of(
        new RoomStats(
            room.terms(),
            room.seed().commitment(),
            opened,
            opened.map(o -> room.seed()),
            text(s, 5).isEmpty() ? Optional.empty() : Optional.of(text(s, 5)),
            count(s, 2),
            number(s, 1) - served,
            served,
            number(s, 3),
            rate(text(s, 7), text(s, 8)),
            number(s, 6) == 1));
  }

  /** Admissions a second between the first and the last sample ({@code "millis servedUpTo"}). */
  private static double rate(String first, String last) {
    if (first.isEmpty() || first.equals(last)) {
      return 0;
    }
    String[] a = first.split(" ");
    String[] b = last.split(" ");
    double seconds = (Long.parseLong(b[0]) - Long.parseLong(a[0])) / 1000.0;
    return seconds <= 0 ? 0 : (Long.parseLong(b[1]) - Long.parseLong(a[1])) / seconds;
  }

  @Override
  public JoinResult join(EventId id, UserId user, Instant now) {
    Optional<Event> event = inventory.event(id);
    Optional<PostgresRooms.Room> found =
        event.flatMap(e -> room(id)).filter(r -> r.terms().enabled());
    if (found.isEmpty()) {
      return new JoinResult.NoRoom(id);
    }
    PostgresRooms.Room room = found.get();
    if (now.isBefore(room.terms().queueOpensAt())) {
      return new JoinResult.NotOpenYet(room.terms().queueOpensAt());
    }
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    String[] args = {millis(at), millis(event.get().saleWindow().opensAt()), user.value()};
    for (int attempt = 1; ; attempt++) {
      List<Object> answer = call(event.get(), room, "room_join", args);
      if ("open_first".equals(text(answer, 0))) {
        open(event.get(), room, at);
        answer = call(event.get(), room, "room_join", args);
      }
      switch (text(answer, 0)) {
        case "joined", "again" -> {
          // Answered once recorded (again: its first answer may not have come from PostgreSQL).
          recorder.write(new PostgresRooms.Joined(id, user, number(answer, 1)));
          QueueStanding standing = standing(event.get(), room, user, at);
          // Redis restarted and was loaded again before the join was recorded: it is not in line.
          if (!(standing instanceof QueueStanding.NotJoined) || attempt == 2) {
            return new JoinResult.Joined(standing, "again".equals(text(answer, 0)));
          }
        }
        case "sold_out" -> {
          return new JoinResult.Joined(new QueueStanding.SoldOut(), false);
        }
        default -> throw RedisInventory.unexpected(answer);
      }
    }
  }

  @Override
  public QueueStanding standing(EventId id, UserId user, Instant now) {
    Optional<PostgresRooms.Room> room = room(id);
    Optional<Event> event = inventory.event(id);
    if (room.isEmpty() || event.isEmpty()) {
      return new QueueStanding.NotJoined();
    }
    return standing(event.get(), room.get(), user, now);
  }

  /** Where the user stands, as {@link QueueBook#standing} says it. */
  private QueueStanding standing(Event event, PostgresRooms.Room room, UserId user, Instant now) {
    return standing(event, room, call(event, room, "room_standing", user.value()), now);
  }

  /** The standing {@code room_standing} answered {@code s}. */
  private static QueueStanding standing(
      Event event, PostgresRooms.Room room, List<Object> s, Instant now) {
    long position = number(s, 0);
    long served = number(s, 1);
    boolean soldOut = number(s, 3) == 1;
    if (position == 0) {
      return new QueueStanding.NotJoined();
    }
    if (position < 0) {
      return soldOut
          ? new QueueStanding.SoldOut()
          : new QueueStanding.PreQueue(event.saleWindow().opensAt());
    }
    if (position <= served) {
      Instant ends = Instant.ofEpochMilli(number(s, 2));
      return number(s, 2) > 0 && now.isBefore(ends)
          ? new QueueStanding.Admitted(position, ends)
          : new QueueStanding.Expired(position);
    }
    if (soldOut) {
      return new QueueStanding.SoldOut();
    }
    RoomTerms terms = room.terms();
    return new QueueStanding.Waiting(
        position,
        served,
        terms.paused()
            ? OptionalLong.empty()
            : OptionalLong.of(
                (long) Math.ceil((position - served) / terms.admissionRatePerSecond())));
  }

  @Override
  public int admitDue(Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    int admitted = 0;
    for (PostgresRooms.Room room : enabledRooms()) {
      try {
        Optional<Event> event = inventory.event(room.event());
        if (event.isPresent()) {
          admitted += step(event.get(), room, at);
        }
      } catch (RuntimeException e) {
        // One room failing holds up no other.
        steps.failed("Stepping the waiting room of " + room.event().value(), e);
      }
    }
    return admitted;
  }

  private int step(Event event, PostgresRooms.Room room, Instant at) {
    RoomTerms terms = room.terms();
    String[] args = {
      millis(at),
      terms.enabled() ? "1" : "0",
      String.valueOf(terms.admissionRatePerSecond()),
      String.valueOf(terms.maxActiveShoppers()),
      String.valueOf(terms.accessTtl().toMillis()),
      terms.paused() ? "1" : "0",
      millis(event.saleWindow().opensAt()),
      String.valueOf(RATE_WINDOW.toMillis())
    };
    List<Object> answer = call(event, room, "room_step", args);
    if ("no_stock".equals(text(answer, 0))) {
      inventory.stock(event.id()); // loads it, as after Redis restarted
      answer = call(event, room, "room_step", args);
    }
    boolean opened = "open_first".equals(text(answer, 0));
    if (opened) {
      open(event, room, at);
      answer = call(event, room, "room_step", args);
    }
    int admitted = "no_stock".equals(text(answer, 0)) ? 0 : count(answer, 0);
    if (admitted > 0) {
      rooms.admitted(event.id(), number(answer, 1), at);
    }
    if (opened || admitted > 0) {
      signals.signal(SIGNALS, event.id());
    }
    return admitted;
  }

  /**
   * Tells every server of the rooms it steps through {@code signals}, and looks at once at a room
   * another server signals.
   */
  void signalWith(Signals signals) {
    this.signals = signals;
    signals.onSignal(SIGNALS, watches::lookNow);
  }

  /** Opens the line unless it is open, once per room on this server at a time. */
  private void open(Event event, PostgresRooms.Room room, Instant at) {
    ReentrantLock lock = locks.computeIfAbsent(event.id(), id -> new ReentrantLock());
    lock.lock();
    try {
      if (text(call(event, room, "room_stats", millis(at)), 4).isEmpty()) {
        shuffleIntoLine(event, room, at);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens the line: the pre-queue shuffled by {@link Draw} under the room's seed, the opening
   * recorded in PostgreSQL (or the one another server recorded first taken), then written into
   * Redis at the head of the line; those who reached the pre-queue after it was read line up behind
   * in the order of their ids, their places recorded too.
   */
  private void shuffleIntoLine(Event event, PostgresRooms.Room room, Instant at) {
    List<String> names = new ArrayList<>(redis.smembers(keys(event.id())[1]));
    Draw.Outcome shuffled = Draw.run(room.seed(), names, names.size(), 0);
    PostgresRooms.Opening opening =
        rooms.open(event.id(), at, shuffled.winnersDigest(), shuffled.winners());
    List<String> args = new ArrayList<>(List.of(millis(opening.at()), opening.digest()));
    args.addAll(opening.order());
    List<Object> answer = call(event, room, "room_open", args.toArray(String[]::new));
    if (count(answer, 0) == 1 && answer.get(1) instanceof List<?> late && !late.isEmpty()) {
      rooms.lineUp(
          event.id(), opening.order().size() + 1, late.stream().map(String::valueOf).toList());
    }
  }

  @Override
  public boolean gated(EventId event) {
    return room(event).map(r -> r.terms().enabled()).orElse(false);
  }

  @Override
  public HoldResult.QueueRequired refusal(Event event, UserId user, Instant now) {
    Optional<PostgresRooms.Room> room = room(event.id());
    QueueStanding standing =
        room.isPresent() ? standing(event, room.get(), user, now) : new QueueStanding.NotJoined();
    if (standing instanceof QueueStanding.Admitted) {
      // Refused by a Redis that had not loaded the room again yet (it restarted empty), or just
      // before this user's turn came: either way a second try is let through.
      throw new StoreUnavailableException(
          "your turn in the waiting room has just begun; try again");
    }
    boolean ended = standing instanceof QueueStanding.Expired;
    return new HoldResult.QueueRequired(
        ended
            ? "your turn in this event's waiting room has ended"
            : "this event sells through its waiting room: join the queue and wait for your turn");
  }

  /**
   * Watches by event: every {@link #WATCH_EVERY}, one read of each watched room's state (how far it
   * has served, whether it opened or sold out) and its terms; a watcher's standing is read only
   * when that changed in a way that may concern it (the line served up to its place, the line
   * opened, a sell out, new terms), and it is told if its standing changed.
   */
  @Override
  public Watch watch(EventId id, UserId user, Runnable changed) {
    Watcher watcher = new Watcher(id, user, changed);
    Watch watch = watches.add(id, watcher);
    try {
      // Read after it is added, so that no look at the room between the two is missed.
      watcher.refresh(false);
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
    return watch;
  }

  /** The look at one watched room, and what the last one saw. */
  private final class RoomLook implements EventWatches.Look<Watcher> {
    final EventId event;
    private List<Object> seen;

    RoomLook(EventId event) {
      this.event = event;
    }

    @Override
    public void look(Set<Watcher> watchers) {
      try {
        Optional<PostgresRooms.Room> room = room(event);
        List<String> state =
            redis.hmget(keys(event)[0], "served", "opened", "soldout", "finished").stream()
                .map(kv -> kv.getValueOrElse(""))
                .toList();
        List<Object> now = List.of(state.get(1), state.get(2), room.map(r -> r.terms()));
        long served = state.get(0).isEmpty() ? 0 : Long.parseLong(state.get(0));
        long before = seen == null ? served : (long) seen.get(3);
        boolean all = seen == null || !now.equals(seen.subList(0, 3));
        // A purchase ended a session: those admitted may be the ones whose session ended.
        boolean finished = seen != null && !state.get(3).equals(seen.get(4));
        if (!all && !finished && served == before) {
          return;
        }
        List<Watcher> concerned = new ArrayList<>();
        for (Watcher watcher : watchers) {
          long place = watcher.position;
          if (all
              || place == 0
              || (place > before && place <= served)
              || (finished && place > 0 && place <= before)) {
            concerned.add(watcher);
          }
        }
        refresh(concerned);
        // Noted once told: a look that failed is taken again at the next tick.
        seen = List.of(now.get(0), now.get(1), now.get(2), served, state.get(3));
      } catch (RuntimeException e) {
        log.debug("Looking at the watched room of {} failed: {}", event, e.toString());
      }
    }
  }

  /** Reads the standings of {@code concerned}, in one round trip, and tells those that changed. */
  private void refresh(List<Watcher> concerned) {
    if (concerned.isEmpty()) {
      return;
    }
    EventId id = concerned.getFirst().event;
    Optional<PostgresRooms.Room> room = room(id);
    Optional<Event> event = inventory.event(id);
    if (room.isEmpty() || event.isEmpty()) {
      return;
    }
    String[] keys = keys(id);
    List<RedisLibrary.Call> calls =
        concerned.stream()
            .map(w -> new RedisLibrary.Call(keys, new String[] {w.user.value()}))
            .toList();
    List<List<Object>> answers = library.callAll("room_standing", calls);
    if (answers.stream().anyMatch(answer -> "absent".equals(text(answer, 0)))) {
      load(event.get(), room.get());
      answers = library.callAll("room_standing", calls);
    }
    Instant now = clock.instant();
    for (int i = 0; i < concerned.size(); i++) {
      concerned.get(i).seen(standing(event.get(), room.get(), answers.get(i), now), true);
    }
  }

  /** One watcher: what it was last told of, and its place in line once it has one. */
  private final class Watcher {
    final EventId event;
    final UserId user;
    final Runnable changed;
    volatile long position;
    private Object signature;

    Watcher(EventId event, UserId user, Runnable changed) {
      this.event = event;
      this.user = user;
      this.changed = changed;
    }

    /** Reads the standing; tells the watcher if it changed and {@code tell}. */
    void refresh(boolean tell) {
      seen(standing(event, user, clock.instant()), tell);
    }

    /** Notes what the watcher stands at; tells it if that changed and {@code tell}. */
    void seen(QueueStanding standing, boolean tell) {
      position =
          switch (standing) {
            case QueueStanding.Waiting w -> w.position();
            case QueueStanding.Admitted a -> a.position();
            case QueueStanding.Expired e -> e.position();
            default -> 0;
          };
      Object now = signature(standing);
      if (!now.equals(signature)) {
        signature = now;
        if (tell) {
          changed.run();
        }
      }
    }
  }

  /**
   * What of a standing a watcher is told a change of: its state, an admission's end, whether an
   * admission time is known; not the place of those ahead, which moves with every admission.
   */
  private static Object signature(QueueStanding standing) {
    return switch (standing) {
      case QueueStanding.Waiting w -> List.of(w.state(), w.etaSeconds().isPresent());
      case QueueStanding.Admitted a -> List.of(a.state(), a.expiresAt());
      default -> standing.state();
    };
  }

  /** The room of {@code event}, as set up; see {@link #kept}. */
  private Optional<PostgresRooms.Room> room(EventId event) {
    return kept.get(event);
  }

  /** The rooms that are enabled; see {@link #enabled}. */
  private List<PostgresRooms.Room> enabledRooms() {
    return enabled.get(true);
  }

  /**
   * Calls one of the room's functions; where Redis answers that the room is not loaded (new, or
   * Redis restarted empty), loads it from PostgreSQL and calls again.
   */
  private List<Object> call(Event event, PostgresRooms.Room room, String function, String... args) {
    for (int attempt = 0; ; attempt++) {
      List<Object> answer = library.call(function, keys(event.id()), args);
      if (!"absent".equals(text(answer, 0))) {
        return answer;
      }
      if (attempt == MOST_LOAD_WAITS) {
        throw new StoreUnavailableException(
            "the waiting room of " + event.id().value() + " is being loaded again; try again");
      }
      load(event, room);
    }
  }

  /**
   * Loads the room's line into Redis from PostgreSQL: the pre-queue, or the line in place order
   * with the sessions of those admitted whose access time has not run out; the room's state last.
   * Of two users recorded at one place, the first keeps it; they and anyone left in the pre-queue
   * of a line that opened (their places were not recorded) line up at the end, and are recorded
   * there.
   */
  private void load(Event event, PostgresRooms.Room room) {
    ReentrantLock lock = locks.computeIfAbsent(event.id(), id -> new ReentrantLock());
    lock.lock();
    try {
      new Loader(event, room).run();
    } catch (LoadStopped stopped) {
      switch (stopped.getMessage()) {
        case "lost" ->
            throw new StoreUnavailableException(
                "Redis restarted while the waiting room of " + event.id().value() + " was loaded");
        case "busy" -> pause(); // another server is loading it
        default -> {} // loaded meanwhile
      }
    } finally {
      lock.unlock();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(LOAD_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while a waiting room was loaded");
    }
  }

  /**
   * A load that stopped: the room is loaded ({@code "0"}), or {@code "busy"}, or {@code "lost"}.
   */
  private static final class LoadStopped extends RuntimeException {
    LoadStopped(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * One load of a room into Redis from its record: it claims the room (no other server loads it
   * meanwhile, and what a load cut short left is cleared), sends its parts in calls of at most
   * {@link #LOAD_CHUNK} values, then its state, which makes it loaded.
   */
  private final class Loader {
    private final Event event;
    private final String[] keys;
    private final long access;
    private final long now = clock.millis();
    private final String token = UUID.randomUUID().toString();
    private final Map<String, List<String>> parts = new LinkedHashMap<>();
    private final List<String> stray = new ArrayList<>();
    private boolean first = true;
    private PostgresRooms.Line line;
    private long served;
    private long length;
    private int batch;

    Loader(Event event, PostgresRooms.Room room) {
      this.event = event;
      this.keys = keys(event.id());
      this.access = room.terms().accessTtl().toMillis();
    }

    /**
     * @throws LoadStopped when the load stops before the room is loaded by it
     */
    void run() {
      send(new ArrayList<>(List.of("pre"))); // claims the room
      rooms.read(
          event.id(),
          recorded -> {
            line = recorded;
            served =
                recorded.admissions().isEmpty() ? 0 : recorded.admissions().getLast().servedTo();
            return this::take;
          });
      if (!stray.isEmpty()) {
        rooms.lineUp(event.id(), length + 1, stray);
        for (String user : stray) {
          add("line", String.valueOf(++length), user);
        }
      }
      parts.values().forEach(this::send);
      expect(
          library.call(
              "room_load",
              keys,
              token,
              "0",
              String.valueOf(now),
              line.opened().map(o -> String.valueOf(o.toEpochMilli())).orElse(""),
              line.digest() == null ? "" : line.digest(),
              String.valueOf(served),
              String.valueOf(length)));
    }

    private void take(PostgresRooms.Joined joined) {
      String user = joined.user().value();
      long place = joined.position();
      if (place == 0 && line.opened().isEmpty()) {
        add("pre", user);
      } else if (place == 0 || place == length) {
        stray.add(user);
      } else {
        length = place;
        add("line", String.valueOf(place), user);
        if (place <= served) {
          List<PostgresRooms.Admission> admissions = line.admissions();
          while (admissions.get(batch).servedTo() < place) {
            batch++;
          }
          long ends = admissions.get(batch).at().toEpochMilli() + access;
          if (ends > now) {
            add("sessions", user, String.valueOf(ends));
          }
        }
      }
    }

    private void add(String part, String... values) {
      List<String> chunk = parts.computeIfAbsent(part, p -> new ArrayList<>(List.of(p)));
      chunk.addAll(List.of(values));
      if (chunk.size() > LOAD_CHUNK) {
        send(chunk);
      }
    }

    /** Sends {@code chunk} (its part's name, then values) and empties it. */
    private void send(List<String> chunk) {
      if (chunk.size() == 1 && !first) {
        return;
      }
      List<String> args = new ArrayList<>(List.of(token, first ? "1" : "0"));
      args.addAll(chunk);
      first = false;
      expect(library.call("room_load_part", keys, args.toArray(String[]::new)));
      chunk.subList(1, chunk.size()).clear();
    }

    private void expect(List<Object> answer) {
      if (!"1".equals(text(answer, 0))) {
        throw new LoadStopped(text(answer, 0));
      }
    }
  }

  /**
   * The keys of the event's room, its stock's, then its loader's claim, in the order the library
   * takes them.
   */
  private String[] keys(EventId event) {

    String[] keys = new String[KEYS.length + 2];
    for (int i = 0; i < KEYS.length; i++) {
      keys[i] = inventory.key(event, "room:" + KEYS[i]);
    }
    keys[KEYS.length] = inventory.keys(event)[0];
    keys[KEYS.length + 1] = inventory.key(event, "room:loading");
    return keys;
  }

  @Override
  public void close() {
    steps.close();
    watches.close();
    recorder.close();
  }
}
