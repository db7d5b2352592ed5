package dev.boxoffice.store.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boxoffice.core.StoreUnavailableException;
import dev.boxoffice.core.event.Event;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.event.Events;
import dev.boxoffice.core.testing.MutableClock;
import dev.boxoffice.core.testing.TestEvents;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** A port's adapter failing because Redis or PostgreSQL did is a store that cannot be used now. */
class ServiceFailuresTest {
  /** Events whose every call fails with {@code failure}. */
  private static Events failingWith(RuntimeException failure) {
    return new Events() {
      @Override
      public boolean create(Event event) {
        throw failure;
      }

      @Override
      public Optional<Event> find(EventId id) {
        throw failure;
      }

      @Override
      public List<Event> list() {
        throw failure;
      }
    };
  }

  @Test
  void redisFailingIsTheStoreUnavailableNamingRedis() {
    Events events =
        ServiceFailures.translated(
            Events.class, failingWith(new RedisConnectionException("Connection refused")));

    assertThatThrownBy(events::list)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Redis")
        .hasMessageContaining("Connection refused");
  }

  @Test
  void postgresFailingIsTheStoreUnavailableNamingPostgres() {
    Events events =
        ServiceFailures.translated(
            Events.class, failingWith(new ConnectionException(new java.sql.SQLException("gone"))));

    assertThatThrownBy(() -> events.find(new EventId("any")))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("PostgreSQL");
  }

  @Test
  void anyOtherFailureAndEveryAnswerPassThroughUnchanged() {
    IllegalStateException bug = new IllegalStateException("a bug");
    assertThatThrownBy(
            () ->
                ServiceFailures.translated(Events.class, failingWith(bug))
                    .create(TestEvents.event(new MutableClock().now())))
        .isSameAs(bug);
    Events empty =
        ServiceFailures.translated(
            Events.class,
            new Events() {
              @Override
              public boolean create(Event event) {
                return false;
              }

              @Override
              public Optional<Event> find(EventId id) {
                return Optional.empty();
              }

              @Override
              public List<Event> list() {
                return List.of();
              }
            });
    assertThat(empty.list()).isEmpty();
    assertThat(empty.find(new EventId("x"))).isEmpty();
  }

  @Test
  void anOutageIsToldFromARefusalThatAskingAgainWouldNotChange() {
    assertThat(ServiceFailures.outage(new RedisConnectionException("Connection refused"))).isTrue();
    assertThat(ServiceFailures.outage(new StoreUnavailableException("down"))).isTrue();
    assertThat(ServiceFailures.outage(new ConnectionException(new SQLException("gone")))).isTrue();
    assertThat(
            ServiceFailures.outage(
                new UnableToExecuteStatementException(
                    new SQLException("terminating connection", "57P01"), null)))
        .isTrue();

    assertThat(ServiceFailures.outage(new RedisCommandExecutionException("ERR user_script:1")))
        .isFalse();
    assertThat(
            ServiceFailures.outage(
                new UnableToExecuteStatementException(
                    new SQLException("duplicate key", "23505"), null)))
        .isFalse();
    assertThat(ServiceFailures.outage(new IllegalStateException("a bug"))).isFalse();
  }
}
