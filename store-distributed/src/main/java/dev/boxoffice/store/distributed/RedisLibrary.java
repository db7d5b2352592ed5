package dev.boxoffice.store.distributed;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A library of Redis functions, its code resources beside this class: loaded when made, and again
 * whenever Redis answers that it does not know a function (it restarted, or was flushed). Every
 * call is one {@code FCALL}, atomic in Redis.
 *
 * <p>Callers that find the library lost at once load it once: the others wait for that load and
 * call again.
 *
 * <p>Functions are global in Redis, so the library and each function are loaded under names that
 * carry the code's version ({@code inventory_hold_<version>}, the first ten hex digits of the
 * code's SHA-256): servers running different releases on one Redis (during a rolling upgrade, or
 * two deployments sharing it) each call their own code.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisLibrary {
  private final RedisAsyncCommands<String, String> async;
  private final String code;
  private final String version;
  private final ReentrantLock loading = new ReentrantLock();
  private final AtomicLong loads = new AtomicLong(); // times loaded; counted under loading

  /**
   * The library whose code is these resources, one after the other: the first names the library,
   * and each next one adds functions that may use the helpers of those before it.
   */
  RedisLibrary(RedisCommands<String, String> redis, String... resources) {
    this.async = redis.getStatefulConnection().async();
    StringBuilder code = new StringBuilder();
    for (String resource : resources) {
      try (InputStream in = RedisLibrary.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no Redis library " + resource + " on the class path");
        }
        code.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    this.version = version(code.toString());
    this.code =
        code.toString()
            .replaceFirst("#!lua name=(\\w+)", "#!lua name=$1_" + version)
            .replaceAll("register_function\\('(\\w+)'", "register_function('$1_" + version + "'");
    reload(0);
  }

  /** The first ten hex digits of the SHA-256 of {@code code}. */
  static String version(String code) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The name {@code function} is loaded under in Redis. */
  String function(String function) {
    return function + "_" + version;
  }

  /** Calls {@code function} on {@code keys} with {@code args}; its answer, an array. */
  List<Object> call(String name, String[] keys, String... args) {
    String function = function(name);
    return loaded(() -> await(async.fcall(function, ScriptOutputType.MULTI, keys, args)));
  }

  /**
   * What {@code send} answers; if Redis has lost the library, once the library is loaded again (see
   * {@link #reload}).
   */
  <T> T loaded(Supplier<T> send) {
    long seen = loads.get();
    try {
      return send.get();
    } catch (RedisCommandExecutionException e) {
      if (!forgotten(e)) {
        throw e;
      }
      reload(seen);
      return send.get();
    }
  }

  /**
   * Loads the library, unless it was loaded since it had been loaded {@code seen} times: of the
   * callers that found it lost together, the first loads it and the others wait for that load.
   */
  private void reload(long seen) {
    loading.lock();
    try {
      if (loads.get() == seen) {
        await(async.functionLoad(code, true));
        loads.incrementAndGet();
      }
    } finally {
      loading.unlock();
    }
  }

  /** How many times the library was loaded. */
  long loads() {
    return loads.get();
  }

  /**
   * Waits for {@code answer} to a command on the connection, without a timer of its own: the
   * connection ends every command that Redis has not answered within its timeout (see {@link
   * RedisStore#open}). A timed wait would cost a virtual thread's timer on every call; on a busy
   * server, the timers' own thread took a sixth of the CPU.
   *
   * @throws RedisException as Redis or the connection failed the command
   */
  static <T> T await(Future<T> answer) {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RedisException failed
          ? failed
          : new RedisException(e.getCause());
    } catch (InterruptedException e) {
      answer.cancel(false);
      Thread.currentThread().interrupt();
      throw new RedisCommandInterruptedException(e);
    }
  }

  /**
   * Calls of {@code name} sent in batches, through its batch form {@code name_many}: see {@link
   * RedisBatches}.
   */
  RedisBatches batches(String name) {
    return new RedisBatches(this, async, name);
  }

  /** Whether {@code failure} says that Redis does not know the function (it lost the library). */
  static boolean forgotten(Throwable failure) {
    return failure instanceof RedisCommandExecutionException e
        && e.getMessage() != null
        && e.getMessage().contains("Function not found");
  }

  /** One call of {@link #callAll}: a function's keys and arguments. */
  record Call(String[] keys, String[] args) {}

  /**
   * Calls {@code function} once per call, all sent at once (pipelined, each still atomic on its
   * own), and returns their answers in order: one round trip for a batch.
   */
  List<List<Object>> callAll(String name, List<Call> calls) {
    String function = function(name);
    return loaded(() -> send(function, calls));
  }

  private List<List<Object>> send(String function, List<Call> calls) {
    List<RedisFuture<List<Object>>> sent = new ArrayList<>(calls.size());
    for (Call call : calls) {
      sent.add(async.fcall(function, ScriptOutputType.MULTI, call.keys(), call.args()));
    }
    List<List<Object>> answers = new ArrayList<>(calls.size());
    for (RedisFuture<List<Object>> answer : sent) {
      answers.add(await(answer));
    }
    return answers;
  }
}
