package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.WithNull;
import net.jqwik.api.statistics.Statistics;

/**
 * Tokens in our exact header take a fast path in {@link SessionTokens#verify}; any other header
 * takes nimbus' general path. For every set of claims signed with our key, both must give the same
 * verdict, so the fast path accepts nothing the general one refuses (and the reverse).
 */
class SessionTokensProperties {
  private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

  @Property(tries = 500)
  void theFastPathAndTheGeneralPathAgree(
      @ForAll("subjects") String subject,
      @ForAll @WithNull(0.1) @IntRange(min = -7200, max = 7200) Integer expiresIn,
      @ForAll @WithNull(0.5) @IntRange(min = -7200, max = 7200) Integer issuedIn,
      @ForAll @WithNull(0.5) @IntRange(min = -7200, max = 7200) Integer validFromIn)
      throws JOSEException {
    SessionTokens tokens =
        SessionTokens.hmac(TestServer.SESSION_KEY, Duration.ofMinutes(30), new MutableClock(NOW));
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder().claim("typ", "session").subject(subject);
    if (expiresIn != null) {
      claims.expirationTime(Date.from(NOW.plusSeconds(expiresIn)));
    }
    if (issuedIn != null) {
      claims.issueTime(Date.from(NOW.plusSeconds(issuedIn)));
    }
    if (validFromIn != null) {
      claims.notBeforeTime(Date.from(NOW.plusSeconds(validFromIn)));
    }
    JWSHeader own = new JWSHeader(JWSAlgorithm.HS256);
    JWSHeader other = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    Optional<?> fast = tokens.verify(sign(own, claims.build()));
    Optional<?> general = tokens.verify(sign(other, claims.build()));

    assertThat(fast).isEqualTo(general);
    Statistics.label("accepted")
        .collect(fast.isPresent())
        .coverage(c -> c.check(true).percentage(p -> p > 10));
  }

  /** Time claims written in ways we never write them: both paths must still agree. */
  @Property(tries = 200)
  void oddTimeClaimsGetTheSameVerdictOnBothPaths(
      @ForAll("timeClaims") String name, @ForAll("oddTimes") Object value) throws JOSEException {
    SessionTokens tokens =
        SessionTokens.hmac(TestServer.SESSION_KEY, Duration.ofMinutes(30), new MutableClock(NOW));
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("typ", "session")
            .subject("alice")
            .expirationTime(Date.from(NOW.plusSeconds(600)))
            .issueTime(Date.from(NOW))
            .claim(name, value)
            .build();
    JWSHeader own = new JWSHeader(JWSAlgorithm.HS256);
    JWSHeader other = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    assertThat(tokens.verify(sign(own, claims))).isEqualTo(tokens.verify(sign(other, claims)));
  }

  @Provide
  Arbitrary<String> timeClaims() {
    return Arbitraries.of("exp", "iat", "nbf");
  }

  @Provide
  Arbitrary<Object> oddTimes() {
    long now = NOW.getEpochSecond();
    return Arbitraries.of(
        now + 0.5,
        now - 3600.25,
        Long.toString(now + 600),
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        BigInteger.TEN.pow(30),
        BigInteger.TEN.pow(20),
        1e20,
        -1e20,
        Double.MAX_VALUE,
        now * 1000,
        -1L,
        true);
  }

  /** Valid user ids most of the time, else anything (which {@code UserId} refuses), or none. */
  @Provide
  Arbitrary<String> subjects() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)),
        Tuple.of(3, Arbitraries.strings().ofMaxLength(70)),
        Tuple.of(1, Arbitraries.just(null)));
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new MACSigner(TestServer.SESSION_KEY));
    return jwt.serialize();
  }
}
