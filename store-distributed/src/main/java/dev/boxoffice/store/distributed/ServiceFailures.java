package dev.boxoffice.store.distributed;

import dev.boxoffice.core.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns a service's failure into the ports' own: a port whose adapter throws Redis's or JDBI's
 * exception (the service is down, a connection broke, a command timed out) throws {@link
 * StoreUnavailableException} naming the service instead, which the server answers with 503 and
 * {@code Retry-After}. Stateless.
 */
final class ServiceFailures {
  private ServiceFailures() {}

  /** {@code adapter}, seen through {@code port}, its services' failures translated. */
  static <T> T translated(Class<T> port, T adapter) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          try {
            return method.invoke(adapter, args);
          } catch (InvocationTargetException e) {
            throw translate(e.getCause());
          }
        };
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  /**
   * Whether {@code failure} says that a service could not be used (down, unreachable, too slow),
   * which passes, rather than that it refused what it was asked (a script's error, a constraint),
   * which asking again does not change.
   */
  static boolean outage(Throwable failure) {
    return switch (failure) {
      case StoreUnavailableException e -> true;
      case RedisCommandExecutionException e -> false;
      case RedisException e -> true;
      case ConnectionException e -> true;
      case JdbiException e ->
          e.getCause() instanceof SQLException sql
              && (sql instanceof SQLTransientException
                  || (sql.getSQLState() != null
                      && (sql.getSQLState().startsWith("08")
                          || sql.getSQLState().startsWith("57"))));
      default -> false;
    };
  }

  /** The port's exception for {@code failure}: the same one, unless a service failed. */
  static Throwable translate(Throwable failure) {
    return switch (failure) {
      case RedisException e ->
          new StoreUnavailableException("Redis cannot be used: " + e.getMessage(), e);
      case JdbiException e ->
          new StoreUnavailableException("PostgreSQL cannot be used: " + e.getMessage(), e);
      default -> failure;
    };
  }
}
