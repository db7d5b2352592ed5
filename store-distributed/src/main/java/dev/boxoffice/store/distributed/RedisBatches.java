package dev.boxoffice.store.distributed;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls of one of a library's functions, sent in batches: while a batch of calls on the same keys
 * is on its way, the calls that arrive wait, and go together in the next one, one {@code FCALL} of
 * the function's batch form ({@code NAME_many}: how many arguments each call has, then each call's
 * in turn, every call with as many; the answers in order). Each call is decided on its own as if
 * sent alone, and a call alone goes at once; under load one round trip and one call in Redis carry
 * many, so that a sale's keys, which one Redis node holds, take more calls a second, and the server
 * spends less on each.
 *
 * <p>The next batch is sent by whoever finished the one before: the thread that delivers Redis's
 * answers, which writes to Redis without waking another.
 *
 * <p>Thread policy: thread-safe; {@link #call} blocks its caller until its batch is answered.
 */
final class RedisBatches {
  /** The most calls in one batch, so that no batch keeps Redis busy for long. */
  static final int MOST_PER_BATCH = 100;

  private final RedisLibrary library;
  private final RedisAsyncCommands<String, String> redis;
  private final String name;
  private final Duration timeout;
  private final Map<List<String>, Line> lines = new ConcurrentHashMap<>();
  private final LongAdder sent = new LongAdder();

  /** Batches of {@code library}'s function {@code name}, each answered within {@code timeout}. */
  RedisBatches(
      RedisLibrary library,
      RedisAsyncCommands<String, String> redis,
      String name,
      Duration timeout) {
    this.library = library;
    this.redis = redis;
    this.name = name;
    this.timeout = timeout;
  }

  /**
   * Calls the function on {@code keys} with {@code args}, in the next batch; its answer, an array.
   *
   * @throws RedisException when Redis failed, or did not answer within the timeout
   */
  List<Object> call(String[] keys, String... args) {
    Line line = lines.computeIfAbsent(List.of(keys), k -> new Line(keys));
    CompletableFuture<List<Object>> answer = line.add(args);
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RedisCommandExecutionException failed
          && failed.getMessage() != null
          && failed.getMessage().contains("Function not found")) {
        return library.call(name, keys, args); // loads the library again
      }
      throw e.getCause() instanceof RedisException failed ? failed : new RedisException(e);
    } catch (TimeoutException e) {
      throw new RedisCommandTimeoutException(
          "Redis did not answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisCommandInterruptedException(e);
    }
  }

  /** How many batches were sent so far. */
  long sent() {
    return sent.sum();
  }

  /** A call waiting for its batch. */
  private record Waiting(String[] args, CompletableFuture<List<Object>> answer) {}

  /** The calls on one set of keys: those waiting, and whether a batch of theirs is on its way. */
  private final class Line {
    private final String[] keys;
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean sending;

    Line(String[] keys) {
      this.keys = keys;
    }

    CompletableFuture<List<Object>> add(String[] args) {
      Waiting call = new Waiting(args, new CompletableFuture<>());
      List<Waiting> batch;
      synchronized (this) {
        waiting.add(call);
        batch = next(false);
      }
      send(batch);
      return call.answer();
    }

    /** Under the lock: the batch to send now, if any; {@code sent} when one came back. */
    private List<Waiting> next(boolean sent) {
      if (sent) {
        sending = false;
      }
      if (sending || waiting.isEmpty()) {
        return List.of();
      }
      sending = true;
      List<Waiting> batch =
          List.copyOf(waiting.subList(0, Math.min(waiting.size(), MOST_PER_BATCH)));
      waiting.subList(0, batch.size()).clear();
      return batch;
    }

    private void send(List<Waiting> batch) {
      if (batch.isEmpty()) {
        return;
      }
      int arity = batch.get(0).args().length;
      String[] args = new String[1 + arity * batch.size()];
      args[0] = String.valueOf(arity);
      for (int i = 0; i < batch.size(); i++) {
        System.arraycopy(batch.get(i).args(), 0, args, 1 + i * arity, arity);
      }
      sent.increment();
      try {
        redis
            .<List<Object>>fcall(
                library.function(name + "_many"), ScriptOutputType.MULTI, keys, args)
            .whenComplete((answers, failure) -> answered(batch, answers, failure));
      } catch (RuntimeException e) {
        answered(batch, List.of(), e);
      }
    }

    /** Answers the batch's calls, then sends the next batch, whatever happened. */
    private void answered(List<Waiting> batch, List<Object> answers, Throwable failure) {
      try {
        for (int i = 0; i < batch.size(); i++) {
          CompletableFuture<List<Object>> answer = batch.get(i).answer();
          if (failure != null) {
            answer.completeExceptionally(failure);
          } else if (answers.get(i) instanceof List<?> one) {
            @SuppressWarnings("unchecked")
            List<Object> its = (List<Object>) one;
            answer.complete(its);
          } else {
            answer.completeExceptionally(
                new RedisException("Redis answered a batch with " + answers.get(i)));
          }
        }
      } finally {
        List<Waiting> next;
        synchronized (this) {
          next = next(true);
        }
        send(next);
      }
    }
  }
}
