package dev.boxoffice.core.waitingroom;

import dev.boxoffice.core.lottery.Seed;
import java.time.Instant;
import java.util.Optional;

/**
 * A waiting room as its admins see it: its terms; the commitment to the seed of the pre-queue's
 * shuffle and, once the sale opened, the seed itself and the digest of the order it gave; how many
 * wait in the pre-queue and in line, the serving counter (every position up to it was admitted),
 * how many are shopping now, the admission rate measured over the last seconds, and whether the
 * event sold out.
 */
public record RoomStats(
    RoomTerms terms,
    String seedCommitment,
    Optional<Instant> openedAt,
    Optional<Seed> seed,
    Optional<String> orderDigest,
    int preQueue,
    long waiting,
    long servingUpTo,
    long active,
    double measuredRatePerSecond,
    boolean soldOut) {}
