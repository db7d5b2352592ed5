package dev.boxoffice.store.distributed;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls of one of a library's functions, sent in batches. While a batch of calls on the same keys
 * is on its way, the calls that arrive wait; they go together in the next one, one {@code FCALL} of
 * the function's batch form ({@code NAME_many}). It takes how many arguments each call has, then
 * each call's arguments in turn, and answers each call in order ({@code {'error', message}} for one
 * that failed), deciding each one as if it had been sent alone. A call that finds nothing on its
 * way goes at once. Under load, one round trip and one function call carry many calls: a sale's
 * keys, which one Redis node holds, take more calls a second, and the server spends less on each.
 *
 * <p>The next batch is sent by whoever handled the answers to the one before: usually the thread
 * that delivers Redis's answers, which writes to Redis without waking another.
 *
 * <p>Thread policy: thread-safe; {@link #call} blocks its caller until its batch is answered.
 */
final class RedisBatches {
  /** The most calls in one batch, so that no batch keeps Redis busy for long. */
  static final int MOST_PER_BATCH = 100;

  private final RedisLibrary library;
  private final RedisAsyncCommands<String, String> redis;
  private final String name;
  private final Map<List<String>, Line> lines = new ConcurrentHashMap<>();
  private final LongAdder sent = new LongAdder();

  /**
   * Batches of {@code library}'s function {@code name} on {@code redis}, whose commands fail when
   * not answered within the connection's timeout; each call takes as many arguments.
   */
  RedisBatches(RedisLibrary library, RedisAsyncCommands<String, String> redis, String name) {
    this.library = library;
    this.redis = redis;
    this.name = name;
  }

  /**
   * Calls the function on {@code keys} with {@code args}, in the next batch; its answer, an array.
   *
   * @throws RedisException when Redis failed, or did not answer within the connection's timeout
   */
  List<Object> call(String[] keys, String... args) {
    Line line = lines.computeIfAbsent(List.of(keys), k -> new Line(keys));
    // Answered within the timeout: a batch's command fails by then, and with it the calls waiting
    // behind it. Interrupted, the call is cancelled: not sent yet, it will not be. If Redis lost
    // the library, the call goes again in a batch once the library is loaded again.
    return library.loaded(() -> RedisLibrary.await(line.add(args)));
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
    private final Queue<Waiting> waiting = new ArrayDeque<>(); // guarded by this
    private boolean sending; // guarded by this

    Line(String[] keys) {
      this.keys = keys;
    }

    CompletableFuture<List<Object>> add(String[] args) {
      Waiting call = new Waiting(args, new CompletableFuture<>());
      List<Waiting> batch;
      synchronized (this) {
        waiting.add(call);
        batch = sending ? List.of() : next();
      }
      send(batch);
      return call.answer();
    }

    /** Under the lock: the batch to send now (empty if none waits), marked as on its way. */
    private List<Waiting> next() {
      List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), MOST_PER_BATCH));
      while (batch.size() < MOST_PER_BATCH && !waiting.isEmpty()) {
        Waiting call = waiting.remove();
        if (!call.answer().isDone()) { // its caller gave up waiting
          batch.add(call);
        }
      }
      sending = !batch.isEmpty();
      return batch;
    }

    /**
     * Sends {@code batch}, then each next one: from here while Redis answers at once (a command
     * refused while disconnected), else from whichever thread its answer comes on.
     */
    private void send(List<Waiting> batch) {
      while (!batch.isEmpty()) {
        List<Waiting> sent = batch;
        CompletableFuture<List<Waiting>> next =
            fcall(batch).handle((answers, failure) -> answered(sent, answers, failure));
        if (!next.isDone()) {
          next.thenAccept(this::send);
          return;
        }
        batch = next.join();
      }
    }

    /**
     * Answers each call of {@code batch} with its answer, or the batch's failure; then the next
     * batch. When Redis did not answer in time, the calls waiting behind fail too: they have waited
     * as long already, and each next batch would take as long to fail. Never throws.
     */
    private List<Waiting> answered(List<Waiting> batch, List<Object> answers, Throwable failure) {
      Throwable cause =
          failure instanceof CompletionException wrapped && wrapped.getCause() != null
              ? wrapped.getCause()
              : failure;
      try {
        answerEach(batch, answers, cause);
      } catch (RuntimeException e) {
        batch.forEach(call -> call.answer().completeExceptionally(e));
      }
      List<Waiting> behind = List.of();
      List<Waiting> next;
      synchronized (this) {
        if (cause instanceof RedisCommandTimeoutException) {
          behind = List.copyOf(waiting);
          waiting.clear();
        }
        next = next();
      }
      behind.forEach(call -> call.answer().completeExceptionally(cause));
      return next;
    }

    private CompletableFuture<List<Object>> fcall(List<Waiting> batch) {
      sent.increment();
      try {
        int arity = batch.get(0).args().length;
        String[] args = new String[1 + arity * batch.size()];
        args[0] = String.valueOf(arity);
        for (int i = 0; i < batch.size(); i++) {
          String[] its = batch.get(i).args();
          if (its.length != arity) {
            throw new IllegalArgumentException("calls in one batch take as many arguments");
          }
          System.arraycopy(its, 0, args, 1 + i * arity, arity);
        }
        return redis
            .<List<Object>>fcall(
                library.function(name + "_many"), ScriptOutputType.MULTI, keys, args)
            .toCompletableFuture();
      } catch (Throwable e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private void answerEach(List<Waiting> batch, List<Object> answers, Throwable failure) {
      if (failure == null && (answers == null || answers.size() != batch.size())) {
        failure =
            new RedisException("Redis answered a batch of " + batch.size() + " with " + answers);
      }
      for (int i = 0; i < batch.size(); i++) {
        CompletableFuture<List<Object>> answer = batch.get(i).answer();
        if (failure != null) {
          answer.completeExceptionally(failure);
        } else if (answers.get(i) instanceof List<?> one
            && one.size() == 2
            && "error".equals(one.get(0))) {
          answer.completeExceptionally(
              new RedisCommandExecutionException(String.valueOf(one.get(1))));
        } else if (answers.get(i) instanceof List<?> one) {
          @SuppressWarnings("unchecked")
          List<Object> its = (List<Object>) one;
          answer.complete(its);
        } else {
          answer.completeExceptionally(
              new RedisException("Redis answered a call in a batch with " + answers.get(i)));
        }
      }
    }
  }
}
