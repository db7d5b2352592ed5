package dev.boxoffice.store.distributed;

import dev.boxoffice.core.testing.Services;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL the tests use: this machine's, at {@code BOXOFFICE_TEST_POSTGRES} (default {@code
 * postgresql://postgres@127.0.0.1:5432/test}). Each store opened here works in a schema of its own,
 * dropped when it closes, so tests never see each other's rows. Where no PostgreSQL answers, the
 * tests are skipped with a message saying so; in CI ({@code CI=true}) they fail instead.
 */
final class TestDatabase implements AutoCloseable {
  static final String URL = Services.POSTGRES_URL;

  private final PostgresStore store;
  private final String schema;

  private TestDatabase(PostgresStore store, String schema) {
    this.store = store;
    this.schema = schema;
  }

  /** A store in a new, empty schema; skips the test when PostgreSQL is not there (outside CI). */
  static TestDatabase open() {
    Services.requirePostgres();
    String schema =
        "test_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    return new TestDatabase(PostgresStore.open(URL, schema), schema);
  }

  PostgresStore store() {
    return store;
  }

  String schema() {
    return schema;
  }

  @Override
  public void close() {
    try {
      store.dropSchema(schema);
    } finally {
      store.close();
    }
  }
}
