package dev.boxoffice.core.lottery;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The lottery's draw: a deterministic function of the committed {@link Seed} and the frozen set of
 * entrants, published so that anyone can recompute it ({@code boxoffice verify-draw}). Entrants are
 * named by strings of printable ASCII (user ids, or whatever a lottery publishes in their place);
 * the algorithm, named {@value #ALGORITHM}, is:
 *
 * <ol>
 *   <li>Sort the entrants by their names' bytes. The <b>entrants digest</b> is SHA-256 over each
 *       name followed by a line feed.
 *   <li>A stream of 64-bit numbers: block {@code k} (k = 0, 1, ...) is SHA-256 of the seed's 32
 *       bytes, the entrants digest's 32 bytes and {@code k} as 8 bytes big-endian; each block gives
 *       four numbers, its bytes 0-7, 8-15, 16-23 and 24-31 read as unsigned big-endian.
 *   <li>{@code uniform(b)}: take numbers from the stream, skipping any below {@code 2^64 mod b} (so
 *       that every remainder is equally likely), and return the first one's remainder mod {@code
 *       b}.
 *   <li>Fisher-Yates from the front over the sorted entrants: for {@code i = 0, 1, ..., m-1}, swap
 *       positions {@code i} and {@code i + uniform(n - i)}, where {@code n} is the number of
 *       entrants and {@code m} the winners plus the waitlist (at most {@code n}).
 *   <li>Positions {@code 0..w-1} win, in that order; the next ones are the waitlist, in that order;
 *       everyone else loses. The <b>winners digest</b> and <b>waitlist digest</b> are SHA-256 over
 *       those names, in order, each followed by a line feed.
 * </ol>
 *
 * <p>So the first {@code w} of a longer draw are the winners of a shorter one (winners are a
 * prefix), and each entrant is equally likely to land in each position. Cost: O(n log n) to sort
 * and digest the entrants, O(m) for the shuffle.
 *
 * <p>Thread policy: stateless; every method is safe from any thread.
 */
public final class Draw {
  /** The published name of the algorithm above. */
  public static final String ALGORITHM = "sha256-counter-fisher-yates/1";

  private static final HexFormat HEX = HexFormat.of();

  private Draw() {}

  /**
   * Draws {@code winners} winners and then up to {@code waitlist} waitlisted entrants (fewer when
   * there are not that many entrants).
   *
   * @param entrants distinct names of printable ASCII, in any order
   * @throws IllegalArgumentException if a name is not printable ASCII or appears twice, or a count
   *     is negative
   */
  public static Outcome run(Seed seed, Collection<String> entrants, int winners, int waitlist) {
    if (winners < 0 || waitlist < 0) {
      throw new IllegalArgumentException("negative count: " + winners + ", " + waitlist);
    }
    String[] order = entrants.toArray(String[]::new);
    for (String name : order) {
      if (!printableAscii(name)) {
        throw new IllegalArgumentException("not a printable ASCII name: " + name);
      }
    }
    Arrays.sort(order); // for ASCII, the order of the names' bytes
    for (int i = 1; i < order.length; i++) {
      if (order[i].equals(order[i - 1])) {
        throw new IllegalArgumentException("entrant twice: " + order[i]);
      }
    }
    byte[] entrantsDigest = digest(Arrays.asList(order));
    int n = order.length;
    int won = Math.min(winners, n);
    int drawn = (int) Math.min((long) won + waitlist, n);
    Stream stream = new Stream(seed.bytes(), entrantsDigest);
    for (int i = 0; i < drawn; i++) {
      int j = i + stream.uniform(n - i);
      String swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return new Outcome(
        ALGORITHM,
        seed.commitment(),
        HEX.formatHex(entrantsDigest),
        n,
        List.of(Arrays.copyOfRange(order, 0, won)),
        List.of(Arrays.copyOfRange(order, won, drawn)));
  }

  /** SHA-256 over each name followed by a line feed, in hexadecimal. */
  public static String digestOf(List<String> names) {
    return HEX.formatHex(digest(names));
  }

  private static byte[] digest(List<String> names) {
    MessageDigest sha = Seed.sha256();
    for (String name : names) {
      sha.update(name.getBytes(US_ASCII));
      sha.update((byte) '\n');
    }
    return sha.digest();
  }

  private static boolean printableAscii(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /**
   * What a draw decided and what it publishes.
   *
   * @param entrants how many entered
   * @param winners the winners, in draw order
   * @param waitlist the waitlisted entrants, in the order they get lapsed offers
   */
  public record Outcome(
      String algorithm,
      String seedCommitment,
      String entrantsDigest,
      int entrants,
      List<String> winners,
      List<String> waitlist) {
    public Outcome {
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(seedCommitment, "seedCommitment");
      Objects.requireNonNull(entrantsDigest, "entrantsDigest");
      winners = List.copyOf(winners);
      waitlist = List.copyOf(waitlist);
    }

    public String winnersDigest() {
      return digestOf(winners);
    }

    public String waitlistDigest() {
      return digestOf(waitlist);
    }

    /**
     * Where this outcome differs from the {@code published} summary of a draw, one line per
     * difference; empty when it matches. Run over the published seed and entrant list, an honest
     * draw matches its summary in every field.
     */
    public List<String> differencesFrom(DrawSummary published) {
      List<String> out = new ArrayList<>();
      same(out, "algorithm", algorithm, published.algorithm());
      same(out, "seedCommitment", seedCommitment, published.seedCommitment());
      same(out, "entrants", entrants, published.entrants());
      same(out, "entrantsDigest", entrantsDigest, published.entrantsDigest());
      same(out, "winners", winners.size(), published.winners());
      same(out, "winnersDigest", winnersDigest(), published.winnersDigest());
      same(out, "waitlisted", waitlist.size(), published.waitlisted());
      same(out, "waitlistDigest", waitlistDigest(), published.waitlistDigest());
      return out;
    }

    private static void same(List<String> out, String field, Object mine, Object theirs) {
      if (!mine.equals(theirs)) {
        out.add(field + ": recomputed " + mine + ", published " + theirs);
      }
    }
  }

  /** The numbers of step 2, and {@code uniform} of step 3. Not thread-safe. */
  private static final class Stream {
    private final MessageDigest sha = Seed.sha256();
    private final byte[] seed;
    private final byte[] entrantsDigest;
    private final ByteBuffer counter = ByteBuffer.allocate(Long.BYTES);
    private ByteBuffer block = ByteBuffer.allocate(0);
    private long next;

    Stream(byte[] seed, byte[] entrantsDigest) {
      this.seed = seed;
      this.entrantsDigest = entrantsDigest;
    }

    int uniform(int bound) {
      long skipBelow = Long.remainderUnsigned(-(long) bound, bound);
      while (true) {
        long r = nextLong();
        if (Long.compareUnsigned(r, skipBelow) >= 0) {
          return (int) Long.remainderUnsigned(r, bound);
        }
      }
    }

    private long nextLong() {
      if (!block.hasRemaining()) {
        sha.update(seed);
        sha.update(entrantsDigest);
        sha.update(counter.clear().putLong(next++).array());
        block = ByteBuffer.wrap(sha.digest());
      }
      return block.getLong();
    }
  }
}
