package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountRoutesTest {
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
    t.post("/v1/users", null, "{\"username\":\"dave\",\"password\":\"password1\"}");
    t.post("/v1/users", null, "{\"username\":\"dave\",\"password\":\"password2\"}")
        .problem(409, "username-taken");
  }

  @Test
  void wrongPasswordsAndUnknownUsersAreTheSame401() {
    t.post("/v1/users", null, "{\"username\":\"erin\",\"password\":\"password1\"}");
    var wrong = t.post("/v1/sessions", null, "{\"username\":\"erin\",\"password\":\"password2\"}");
    var unknown =
        t.post("/v1/sessions", null, "{\"username\":\"frank\",\"password\":\"password1\"}");
    wrong.problem(401, "invalid-credentials");
    unknown.problem(401, "invalid-credentials");
    assertThat(wrong.json()).isEqualTo(unknown.json());
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
