package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The blacklist over HTTP: barred users and addresses refused on every /v1/ route but the admin's,
 * an untrusted X-Forwarded-For that hides nobody, a trusted proxy's that names the barred client,
 * bad entries named, and a barred attempt that counts toward nothing.
 */
class BlacklistHttpTest {
  private static final String FREE_FLASH =
      """
      {"id":"drop","name":"Drop","venue":"Online","startsAt":"2030-02-01T20:00:00Z",
       "saleOpensAt":"2030-01-01T09:00:00Z","saleClosesAt":"2030-01-31T00:00:00Z","perUserLimit":2,
       "flashSale":{"challengeDifficulty":0,"purchaseIntervalSeconds":10},
       "ticketTypes":[{"code":"GA","name":"General","priceMinor":1900,"currency":"EUR","capacity":10}]}
      """;

  private static TestServer.Answer bar(TestServer t, String json) {
    return t.post("/v1/blacklist", TestServer.ADMIN_KEY, json);
  }

  private static TestServer.Answer buy(TestServer t, String user, String forwardedFor) {
    HttpRequest.Builder b =
        t.request("/v1/events/drop/purchases")
            .header("Authorization", "Bearer " + t.tokenFor(user))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"ticketType\":\"GA\",\"quantity\":1}"));
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return t.send(b.build());
  }

  @Test
  void aBarredUserIsRefusedAndTheAttemptCountsForNothing() {
    try (TestServer t = new TestServer()) {
      assertThat(t.post("/v1/events", TestServer.ADMIN_KEY, FREE_FLASH).status()).isEqualTo(201);
      JsonNode list = bar(t, "{\"users\":[\"mallory\"]}").json();
      assertThat(list.path("users").get(0).asText()).isEqualTo("mallory");

      buy(t, "mallory", null).problem(403, "blacklisted");
      t.get("/v1/orders", t.tokenFor("mallory")).problem(403, "blacklisted");
      assertThat(t.get("/v1/events/drop", t.tokenFor("mallory")).status()).isEqualTo(200);
      assertThat(buy(t, "alice", null).status()).isEqualTo(202);

      t.post("/v1/blacklist/removals", TestServer.ADMIN_KEY, "{\"users\":[\"mallory\"]}");
      assertThat(t.get("/v1/blacklist", TestServer.ADMIN_KEY).json().path("users")).isEmpty();
      assertThat(buy(t, "mallory", null).status()).isEqualTo(202);
    }
  }

  @Test
  void aBarredAddressIsRefusedEverywhereButTheAdminsAndAnUntrustedForwardHidesNothing() {
    try (TestServer t = new TestServer()) {
      assertThat(t.post("/v1/events", TestServer.ADMIN_KEY, FREE_FLASH).status()).isEqualTo(201);
      bar(t, "{\"addresses\":[\"127.0.0.0/8\"]}");

      buy(t, "alice", "198.51.100.9").problem(403, "blacklisted");
      t.get("/v1/events", null).problem(403, "blacklisted");
      assertThat(t.get("/health/live", null).status()).isEqualTo(200);
      assertThat(t.get("/v1/blacklist", TestServer.ADMIN_KEY).status()).isEqualTo(200);

      t.post("/v1/blacklist/removals", TestServer.ADMIN_KEY, "{\"addresses\":[\"127.0.0.0/8\"]}");
      assertThat(buy(t, "alice", null).status()).isEqualTo(202);
    }
  }

  @Test
  void behindATrustedProxyTheClientItForwardsForIsChecked() {
    try (TestServer t =
        TestServer.with(s -> s.withTrustedProxies(TrustedProxies.of(List.of("127.0.0.1"))))) {
      assertThat(t.post("/v1/events", TestServer.ADMIN_KEY, FREE_FLASH).status()).isEqualTo(201);
      bar(t, "{\"addresses\":[\"198.51.100.0/24\",\"2001:db8::1\"]}");

      buy(t, "alice", "198.51.100.9").problem(403, "blacklisted");
      buy(t, "bob", "[2001:db8::1]:443").problem(403, "blacklisted");
      assertThat(buy(t, "carol", "192.0.2.1").status()).isEqualTo(202);
    }
  }

  @Test
  void badEntriesAreNamedAndOnlyTheAdminChangesTheList() {
    try (TestServer t = new TestServer()) {
      JsonNode badAddress =
          bar(t, "{\"addresses\":[\"10.0.0.1\",\"evil.example\"]}").problem(400, "invalid-field");
      assertThat(badAddress.path("field").asText()).isEqualTo("addresses[1]");
      JsonNode badUser = bar(t, "{\"users\":[\"\"]}").problem(400, "invalid-field");
      assertThat(badUser.path("field").asText()).isEqualTo("users[0]");
      bar(t, "{}").problem(400, "invalid-field");
      t.post("/v1/blacklist", t.tokenFor("alice"), "{\"users\":[\"bob\"]}")
          .problem(401, "admin-required");
      assertThat(t.get("/v1/blacklist", TestServer.ADMIN_KEY).json().path("addresses")).isEmpty();
    }
  }
}
