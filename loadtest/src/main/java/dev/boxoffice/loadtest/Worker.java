package dev.boxoffice.loadtest;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What a scenario's {@link Scenario#step} works with: one connection, a random source, and the run.
 * Every {@link #send} is timed and counted under an operation name.
 *
 * <p>In open-loop mode the load generator sets the intended send time of the next step; the first
 * request of that step is timed from it rather than from when it was actually sent, so a stalled
 * server shows up as latency instead of silently lowering the send rate (coordinated omission).
 *
 * <p>Thread policy: confined to its worker thread.
 */
public final class Worker {
  private final int index;
  private final Run run;
  private final Client client;
  private final SplittableRandom random;
  private long intended;

  Worker(int index, Run run, SplittableRandom random) {
    this.index = index;
    this.run = run;
    this.client = new Client(run.target());
    this.random = random;
  }

  /** This worker's number, 0 to connections - 1. */
  public int index() {
    return index;
  }

  public Run run() {
    return run;
  }

  /** Whether this step is part of the unmeasured warm-up. */
  public boolean warmingUp() {
    return run.warmingUp();
  }

  /** A random source of this worker's own. */
  public SplittableRandom random() {
    return random;
  }

  /**
   * Sends {@code request} and records it under {@code op}. Returns the response, or empty when
   * there was none (timeout, reset, refused); that failure is already counted.
   */
  public Optional<Response> send(String op, Request request) throws InterruptedException {
    long start = intended != 0 ? intended : System.nanoTime();
    intended = 0;
    try {
      Response response = client.send(request);
      run.measurements().record(op, response.status(), System.nanoTime() - start);
      return Optional.of(response);
    } catch (IOException e) {
      run.measurements().transportError(op, Client.kind(e));
      // Do not spin against a server that is down.
      TimeUnit.MILLISECONDS.sleep(e instanceof ConnectException ? 100 : 5);
      return Optional.empty();
    }
  }

  /** Counts an outcome the scenario did not expect, under {@code kind}. */
  public void unexpected(String kind) {
    run.measurements().unexpected(kind);
  }

  void intendedStart(long nanoTime) {
    intended = nanoTime;
  }

  void close() {
    client.close();
  }
}
