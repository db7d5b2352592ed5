package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.boxoffice.core.identity.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every token names its kind, and is accepted only as that kind: for every pair of kinds, a token
 * of one is refused where the other is expected. The kinds are the session's and those the coming
 * features will issue (lottery entries, queue places, waiting-room access).
 */
class TypedTokensTest {
  private static final List<TokenKind> KINDS =
      List.of(
          TokenKind.SESSION,
          new TokenKind("lottery-entry"),
          new TokenKind("queue"),
          new TokenKind("access"));
  private static final UserId ALICE = new UserId("alice");

  private final MutableClock clock = new MutableClock(TestServer.T0);
  private final SessionTokens tokens =
      SessionTokens.hmac(TestServer.SESSION_KEY, Duration.ofHours(1), clock);

  @Test
  void aTokenIsAcceptedAsItsOwnKindAndRefusedAsEveryOther() {
    for (TokenKind issued : KINDS) {
      String token = tokens.issue(issued, ALICE, Duration.ofMinutes(5), Map.of()).token();
      for (TokenKind expected : KINDS) {
        assertThat(tokens.verify(expected, token).isPresent())
            .as(issued.name() + " token where a " + expected.name() + " token is expected")
            .isEqualTo(issued.equals(expected));
      }
      assertThat(tokens.verify(token).isPresent())
          .as(issued.name() + " token as a session")
          .isEqualTo(issued.equals(TokenKind.SESSION));
    }
  }

  @Test
  void aFeaturesClaimsComeBackAsSigned() {
    TokenKind entry = new TokenKind("lottery-entry");
    String token =
        tokens
            .issue(entry, ALICE, Duration.ofMinutes(5), Map.of("event", "summer", "jti", "e1"))
            .token();

    SessionTokens.Verified verified = tokens.verify(entry, token).orElseThrow();
    assertThat(verified.user()).isEqualTo(ALICE);
    assertThat(verified.claims()).isEqualTo(Map.of("event", "summer", "jti", "e1"));
    assertThat(verified.expiresAt()).isEqualTo(TestServer.T0.plus(Duration.ofMinutes(5)));
    assertThatThrownBy(() -> tokens.issue(entry, ALICE, Duration.ofMinutes(5), Map.of("sub", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue(entry, ALICE, Duration.ZERO, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue(entry, ALICE, Duration.ofDays(5_000_000), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSingleUseTokenIsCheckedAsStrictlyWithoutBeingRemembered() {
    TokenKind entry = new TokenKind("lottery-entry");
    String token = tokens.issue(entry, ALICE, Duration.ofMinutes(5), Map.of()).token();
    String session = tokens.issue(ALICE);

    assertThat(tokens.verifyOnce(entry, token)).map(SessionTokens.Verified::user).contains(ALICE);
    assertThat(tokens.verifyOnce(entry, token)).isPresent();
    assertThat(tokens.verifyOnce(entry, session)).isEmpty();
    assertThat(tokens.verifyOnce(TokenKind.SESSION, token)).isEmpty();
    assertThat(tokens.verifyOnce(entry, token.substring(0, token.length() - 2) + "xx")).isEmpty();
  }

  @Test
  void ourTokensWithoutAKindOrWithNonTextClaimsAreRefusedOnEveryPath() throws JOSEException {
    Instant now = TestServer.T0;
    JWTClaimsSet untyped =
        new JWTClaimsSet.Builder()
            .subject("alice")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .build();
    JWTClaimsSet numberClaim =
        new JWTClaimsSet.Builder(untyped).claim("typ", "session").claim("seat", 7).build();
    JWTClaimsSet typed = new JWTClaimsSet.Builder(untyped).claim("typ", "session").build();
    for (JWSHeader header :
        new JWSHeader[] {
          new JWSHeader(JWSAlgorithm.HS256),
          new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build()
        }) {
      assertThat(tokens.verify(sign(header, untyped))).as("no typ").isEmpty();
      assertThat(tokens.verify(sign(header, numberClaim))).as("a number claim").isEmpty();
      assertThat(tokens.verify(sign(header, typed))).contains(ALICE);
    }
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new MACSigner(TestServer.SESSION_KEY));
    return jwt.serialize();
  }
}
