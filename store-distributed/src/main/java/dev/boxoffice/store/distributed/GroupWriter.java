package dev.boxoffice.store.distributed;

import dev.boxoffice.core.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes to a service in groups (group commit): callers queue their item and wait; one writer
 * thread takes everything queued, up to {@link #MOST_PER_GROUP}, and writes it at once (one
 * PostgreSQL transaction, one wait for RabbitMQ's confirms), so the round trips a second are
 * bounded by the service while the items in each grow with the load.
 *
 * <p>Thread policy: thread-safe; {@link #write} blocks its caller until its group is written.
 *
 * @param <T> what is written
 * @param <R> what each caller is answered
 */
final class GroupWriter<T, R> implements AutoCloseable {
  static final int MOST_PER_GROUP = 256;

  /** Writes one group, answering each item in the group's order. */
  @FunctionalInterface
  interface Batch<T, R> {
    List<R> write(List<T> group) throws Exception;
  }

  private final String service;
  private final Duration wait;
  private final Batch<T, R> batch;
  private final BlockingQueue<Waiting<T, R>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  /**
   * A writer on a thread of its own named {@code thread}, whose callers wait at most {@code wait}
   * for {@code service} (named in the failure they get then).
   */
  GroupWriter(String thread, String service, Duration wait, Batch<T, R> batch) {
    this.service = service;
    this.wait = wait;
    this.batch = batch;
    this.writer = Thread.ofPlatform().daemon().name(thread).start(this::run);
  }

  /**
   * Writes {@code item} in the next group and returns its answer.
   *
   * @throws RuntimeException what writing its group threw, or {@link StoreUnavailableException}
   *     when the group took longer than the wait or the writer is stopping
   */
  R write(T item) {
    Waiting<T, R> waiting = new Waiting<>(item, new CompletableFuture<>());
    queue.add(waiting);
    if (closed && !writer.isAlive()) {
      waiting.stopped();
    }
    try {
      return waiting.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause
          ? cause
          : new StoreUnavailableException(service + " failed", e.getCause());
    } catch (TimeoutException e) {
      // Not written yet, it never will be; written meanwhile, the caller undoes it as unanswered.
      waiting.done().cancel(false);
      throw new StoreUnavailableException(
          service + " did not answer within " + wait.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      waiting.done().cancel(false);
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for " + service, e);
    }
  }

  private void run() {
    List<Waiting<T, R>> group = new ArrayList<>();
    while (true) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(group, MOST_PER_GROUP - 1);
      boolean stop = group.removeIf(w -> w.item() == null);
      group.removeIf(w -> w.done().isDone()); // its caller gave up waiting
      if (!group.isEmpty()) {
        try {
          List<R> answers = batch.write(group.stream().map(Waiting::item).toList());
          for (int i = 0; i < group.size(); i++) {
            group.get(i).done().complete(answers.get(i));
          }
        } catch (Throwable e) { // whatever stopped this group, the next one is tried
          group.forEach(w -> w.done().completeExceptionally(e));
        }
        group.clear();
      }
      if (stop) {
        return;
      }
    }
  }

  /**
   * Writes what was queued before it, then stops the writer (waiting for it up to ten seconds); an
   * item queued later is refused as the server stopping.
   */
  @Override
  public void close() {
    closed = true;
    queue.add(new Waiting<>(null, new CompletableFuture<>()));
    try {
      writer.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    queue.forEach(Waiting::stopped);
  }

  /** An item and its caller's answer; a null item stops the writer. */
  private record Waiting<T, R>(T item, CompletableFuture<R> done) {
    void stopped() {
      done.completeExceptionally(new StoreUnavailableException("the server is stopping"));
    }
  }
}
