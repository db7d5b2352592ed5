package dev.boxoffice.core.identity;

import static dev.boxoffice.core.testing.InvalidValues.assertRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** User ids and accounts refuse bad values and name the field. */
class IdentityValuesTest {
  private static final Instant NOW = Instant.parse("2030-06-01T18:00:00Z");

  @Test
  void aUserIdIsOneToOneHundredTwentyEightPrintableAsciiCharacters() {
    assertThat(new UserId("auth0|5f7c8ec7").value()).isEqualTo("auth0|5f7c8ec7");
    assertThat(new UserId("u".repeat(128)).value()).hasSize(128);
    assertRefuses("user", () -> new UserId(null));
    assertRefuses("user", () -> new UserId(""));
    assertRefuses("user", () -> new UserId("u".repeat(129)));
    assertRefuses("user", () -> new UserId("with space"));
    assertRefuses("user", () -> new UserId("tab\t"));
    assertRefuses("user", () -> new UserId("ünïcode"));
  }

  @Test
  void anAccountNeedsAStrictUsernameAndAPasswordHash() {
    assertThat(new Account(new UserId("alice.b@x-y_z"), "hash", NOW).user().value())
        .isEqualTo("alice.b@x-y_z");
    assertRefuses("username", () -> new Account(null, "hash", NOW));
    assertRefuses("username", () -> new Account(new UserId("ab"), "hash", NOW));
    assertRefuses("username", () -> new Account(new UserId("a".repeat(65)), "hash", NOW));
    assertRefuses("username", () -> new Account(new UserId("pipe|name"), "hash", NOW));
    assertRefuses("password", () -> new Account(new UserId("alice"), "", NOW));
    assertRefuses("password", () -> new Account(new UserId("alice"), null, NOW));
    assertRefuses("createdAt", () -> new Account(new UserId("alice"), "hash", null));
  }

  @Test
  void validUsernameAcceptsOnlyTheBuiltInAccountForm() {
    assertThat(Account.validUsername("bob")).isTrue();
    assertThat(Account.validUsername("bo")).isFalse();
    assertThat(Account.validUsername(null)).isFalse();
    assertThat(Account.validUsername("bob smith")).isFalse();
  }
}
