package dev.boxoffice.store.distributed;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A library of Redis functions, its code a resource beside this class: loaded when made, and again
 * whenever Redis answers that it does not know a function (it restarted, or was flushed). Every
 * call is one {@code FCALL}, atomic in Redis.
 *
 * <p>Thread policy: thread-safe.
 */
final class RedisLibrary {
  private final RedisCommands<String, String> redis;
  private final String code;

  RedisLibrary(RedisCommands<String, String> redis, String resource) {
    this.redis = redis;
    try (InputStream in = RedisLibrary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no Redis library " + resource + " on the class path");
      }
      this.code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    load();
  }

  /** Calls {@code function} on {@code keys} with {@code args}; its answer, an array. */
  List<Object> call(String function, String[] keys, String... args) {
    try {
      return redis.fcall(function, ScriptOutputType.MULTI, keys, args);
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().contains("Function not found")) {
        throw e;
      }
      load();
      return redis.fcall(function, ScriptOutputType.MULTI, keys, args);
    }
  }

  private void load() {
    redis.functionLoad(code, true);
  }
}
