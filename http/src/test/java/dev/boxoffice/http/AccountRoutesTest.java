package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountRoutesTest {
  private static final String PASSWORD = "plum-kettle-orbit-42";

  private final TestServer t = new TestServer();

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aNewUserSignsInAndTheTokenBuysTickets() {
    var created =
        t.post("/v1/users", null, "{\"username\":\"carol\",\"password\":\"correct horse\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().path("username").asText()).isEqualTo("carol");
    assertThat(
            t.store
                .stores()
                .accounts()
                .find(new dev.boxoffice.core.identity.UserId("carol"))
                .orElseThrow()
                .passwordHash())
        .startsWith("$argon2id$")
        .doesNotContain("correct horse");

    var session =
        t.post("/v1/sessions", null, "{\"username\":\"carol\",\"password\":\"correct horse\"}");
    assertThat(session.status()).as(session.text()).isEqualTo(200);
    JsonNode body = session.json();
    assertThat(Instant.parse(body.path("expiresAt").asText()))
        .isEqualTo(TestServer.T0.plusSeconds(3600));
    String token = body.path("token").asText();
    assertThat(t.tokens.verify(token)).map(u -> u.value()).contains("carol");

    t.createEvent("show", 5, 2);
    assertThat(
            t.post("/v1/events/show/holds", token, "{\"ticketType\":\"GA\",\"quantity\":1}")
                .status())
        .isEqualTo(201);
  }

  @Test
  void aTakenUsernameConflicts() {
    assertThat(signUp("dave", PASSWORD).status()).isEqualTo(201);
    signUp("dave", "another-" + PASSWORD).problem(409, "username-taken");
  }

  @Test
  void wrongPasswordsAndUnknownUsersAreTheSame401() {
    assertThat(signUp("erin", PASSWORD).status()).isEqualTo(201);
    var wrong = signIn("erin", "not-" + PASSWORD);
    var unknown = signIn("frank", PASSWORD);
    wrong.problem(401, "invalid-credentials");
    unknown.problem(401, "invalid-credentials");
    assertThat(wrong.json()).isEqualTo(unknown.json());
  }

  @Test
  void theMostCommonPasswordsAreRefusedAtSignUp() {
    for (String common : new String[] {"password1", "Password1", "qwertyuiop", "iloveyou"}) {
      var refused = signUp("gail", common).problem(400, "invalid-field");
      assertThat(refused.path("field").asText()).isEqualTo("password");
      assertThat(refused.path("detail").asText()).contains("common");
    }
    assertThat(signUp("gail", PASSWORD).status()).isEqualTo(201);
  }

  @Test
  void guessingOnePasswordIsThrottledAndAnUnknownUserIsThrottledAlike() {
    assertThat(signUp("hank", PASSWORD).status()).isEqualTo(201);
    Rate perUsername = HttpSettings.DEFAULT_SIGN_IN_PER_USERNAME;
    for (int i = 0; i < perUsername.count(); i++) {
      var wrong = signIn("hank", "guess-" + i + "-" + PASSWORD);
      var unknown = signIn("ivan", "guess-" + i + "-" + PASSWORD);
      assertThat(wrong.json()).isEqualTo(unknown.json());
    }
    var limited = signIn("hank", PASSWORD);
    var limitedUnknown = signIn("ivan", PASSWORD);
    JsonNode problem = limited.problem(429, "too-many-requests");
    assertThat(limited.header("Retry-After")).isEqualTo("30");
    assertThat(problem.path("retryAfterSeconds").asInt()).isEqualTo(30);
    assertThat(limitedUnknown.json()).isEqualTo(limited.json());
    assertThat(signIn("jack", PASSWORD).status()).as("another username").isEqualTo(401);

    t.clock.advance(Duration.ofSeconds(30));
    assertThat(signIn("hank", PASSWORD).status()).as("one more try after 30 s").isEqualTo(200);
    signIn("hank", PASSWORD).problem(429, "too-many-requests");
  }

  @Test
  void oneAddressTryingManyUsernamesIsThrottled() {
    try (TestServer limited =
        TestServer.with(
            s ->
                s.withRateLimits(
                    Map.of(
                        "createSession",
                        List.of(
                            new RateLimit(
                                new Rate(5, Duration.ofMinutes(1)), RateLimit.Key.ADDRESS)))))) {
      for (int i = 0; i < 5; i++) {
        limited
            .post("/v1/sessions", null, credentials("user" + i, PASSWORD))
            .problem(401, "invalid-credentials");
      }
      var refused = limited.post("/v1/sessions", null, credentials("user9", PASSWORD));
      refused.problem(429, "too-many-requests");
      assertThat(refused.header("Retry-After")).isEqualTo("12");
    }
  }

  @Test
  void oneAddressCreatingManyAccountsIsThrottled() {
    long allowed = AccountRoutes.SIGN_UPS.rate().count();
    for (int i = 0; i < allowed; i++) {
      assertThat(signUp("bulk" + i, PASSWORD).status()).isEqualTo(201);
    }
    var refused = signUp("bulk" + allowed, PASSWORD);
    refused.problem(429, "too-many-requests");
    assertThat(refused.header("Retry-After")).isEqualTo("180");
    assertThat(
            t.store
                .stores()
                .accounts()
                .find(new dev.boxoffice.core.identity.UserId("bulk" + allowed)))
        .isEmpty();
  }

  private TestServer.Answer signUp(String username, String password) {
    return t.post("/v1/users", null, credentials(username, password));
  }

  private TestServer.Answer signIn(String username, String password) {
    return t.post("/v1/sessions", null, credentials(username, password));
  }

  private static String credentials(String username, String password) {
    return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
  }

  @Test
  void badCredentialsNameTheField() {
    assertThat(field("{\"username\":\"ab\",\"password\":\"password1\"}")).isEqualTo("username");
    assertThat(field("{\"username\":\"a b c\",\"password\":\"password1\"}")).isEqualTo("username");
    assertThat(field("{\"username\":\"abc\",\"password\":\"short\"}")).isEqualTo("password");
    assertThat(field("{\"username\":\"abc\",\"password\":\"" + "x".repeat(257) + "\"}"))
        .isEqualTo("password");
    assertThat(field("{\"username\":\"abc\"}")).isEqualTo("password");
    assertThat(field("{\"password\":\"password1\"}")).isEqualTo("username");
    assertThat(field("{\"username\":\"abc\",\"password\":12345678}")).isEqualTo("password");
  }

  private String field(String body) {
    return t.post("/v1/users", null, body).problem(400, "invalid-field").path("field").asText();
  }
}
