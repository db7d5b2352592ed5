package dev.boxoffice.core.ratelimit;

import java.time.Duration;

/**
 * What a bucket said of one request.
 *
 * @param allowed whether the request may go on (it took a token)
 * @param remaining the tokens left after it
 * @param untilNext how long until a request would be allowed; zero when one is now
 * @param untilWhole how long until the bucket is full again
 */
public record Taken(boolean allowed, long remaining, Duration untilNext, Duration untilWhole) {}
