package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.boxoffice.core.identity.UserId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
  private static final UserId ALICE = new UserId("alice");
  private static final SessionTokens.IssuerChecks NO_CHECKS = SessionTokens.IssuerChecks.NONE;
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
  private final SessionTokens tokens =
      SessionTokens.hmac(TestServer.SESSION_KEY, Duration.ofMinutes(30), clock);

  @Test
  void anIssuedTokenNamesItsUserUntilItExpires() {
    String token = tokens.issue(ALICE);
    assertThat(tokens.verify(token)).contains(ALICE);
    clock.advance(Duration.ofMinutes(29));
    assertThat(tokens.verify(token)).contains(ALICE);
    clock.advance(Duration.ofMinutes(1));
    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void anIssuedTokenIsAStandardHs256JwtThatAJoseLibraryVerifies() throws Exception {
    SessionTokens.Session session =
        tokens.issue(TokenKind.SESSION, ALICE, Duration.ofMinutes(5), Map.of("event", "tour"));

    SignedJWT jwt = SignedJWT.parse(session.token());

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.verify(new MACVerifier(TestServer.SESSION_KEY))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringClaim("typ")).isEqualTo("session");
    assertThat(claims.getStringClaim("event")).isEqualTo("tour");
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(session.expiresAt());
  }

  @Test
  void aSessionSaysWhenItExpires() {
    SessionTokens.Session session = tokens.issueSession(ALICE);
    assertThat(session.expiresAt()).isEqualTo(Instant.parse("2030-01-01T10:30:00Z"));
    assertThat(tokens.verify(session.token())).contains(ALICE);
  }

  @Test
  void aTamperedTokenIsRefused() {
    String token = tokens.issue(ALICE);
    assertThat(tokens.verify(token)).as("the genuine token, now remembered").contains(ALICE);
    String[] parts = token.split("\\.", -1);
    String otherClaims = b64("{\"sub\":\"mallory\",\"iat\":1893492000,\"exp\":1893495600}");
    assertThat(tokens.verify(parts[0] + "." + otherClaims + "." + parts[2])).isEmpty();
    char last = parts[2].charAt(0);
    String flipped = (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
    assertThat(tokens.verify(parts[0] + "." + parts[1] + "." + flipped)).isEmpty();
    assertThat(tokens.verify(parts[0] + "." + parts[1] + ".")).isEmpty();
    assertThat(tokens.verify(token + "x")).isEmpty();
  }

  @Test
  void aValidTokenSpelledAnyOtherWayIsRefused() {
    String token = tokens.issue(ALICE);
    assertThat(tokens.verify(token)).contains(ALICE);
    String signature = token.substring(token.lastIndexOf('.') + 1);
    String head = token.substring(0, token.lastIndexOf('.') + 1);
    // 32 bytes take 43 characters; the last one carries two unused bits, zero when canonical.
    char last = signature.charAt(signature.length() - 1);
    char sameBytes = (char) (last + 1);
    for (String respelled :
        new String[] {
          token + ".",
          token + "..",
          token + "=",
          head + signature.substring(0, 10) + "!" + signature.substring(10),
          head + signature.substring(0, signature.length() - 1) + sameBytes,
          " " + token,
        }) {
      assertThat(tokens.verify(respelled)).as(respelled).isEmpty();
    }
  }

  @Test
  void aTokenFromAnotherKeyIsRefused() {
    SessionTokens other =
        SessionTokens.hmac(
            "another-session-key-of-32-bytes!!!".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(30),
            clock);
    assertThat(tokens.verify(other.issue(ALICE))).isEmpty();
  }

  @Test
  void unsignedAndMalformedTokensAreRefused() {
    String none =
        b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"alice\",\"exp\":1993492000}") + ".";
    assertThat(tokens.verify(none)).isEmpty();
    for (String junk :
        new String[] {"", "a", "a.b", "a.b.c", "...", "eyJ.eyJ.eyJ", "x".repeat(10_000)}) {
      assertThat(tokens.verify(junk)).as(junk).isEmpty();
    }
    assertThat(tokens.verify(null)).isEmpty();
  }

  @Test
  void timeClaimsBeyondAnyRepresentableTimeAreRefusedOnEveryPath() throws JOSEException {
    MACSigner signer = new MACSigner(TestServer.SESSION_KEY);
    long now = TestServer.T0.getEpochSecond();
    for (String claim : new String[] {"nbf", "iat", "exp"}) {
      for (Object huge : new Object[] {1e20, -1e20, BigInteger.TEN.pow(20)}) {
        JWTClaimsSet.Builder claims =
            new JWTClaimsSet.Builder()
                .claim("typ", "session")
                .subject("alice")
                .claim("exp", now + 600)
                .claim("iat", now)
                .claim(claim, huge);
        for (JWSHeader header :
            new JWSHeader[] {
              new JWSHeader(JWSAlgorithm.HS256),
              new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build()
            }) {
          SignedJWT jwt = new SignedJWT(header, claims.build());
          jwt.sign(signer);
          assertThat(tokens.verify(jwt.serialize())).as(claim + "=" + huge).isEmpty();
        }
      }
    }
  }

  @Test
  void aTokenWithoutExpiryOrWithABadSubjectIsRefused() throws JOSEException {
    MACSigner signer = new MACSigner(TestServer.SESSION_KEY);
    assertThat(
            tokens.verify(
                sign(
                    signer,
                    JWSAlgorithm.HS256,
                    new JWTClaimsSet.Builder().subject("alice").build())))
        .isEmpty();
    assertThat(tokens.verify(sign(signer, JWSAlgorithm.HS256, claims("bad user", 60)))).isEmpty();
    assertThat(tokens.verify(sign(signer, JWSAlgorithm.HS256, claims("alice", 60))))
        .contains(ALICE);
  }

  @Test
  void tokensOfATrustedExternalRsaIssuerAreAccepted() throws JOSEException {
    RSAKey issuer = new RSAKeyGenerator(2048).keyID("idp-1").generate();
    SessionTokens trusting =
        tokens.trustingIssuerKey(issuer.toPublicJWK().toJSONString(), NO_CHECKS);
    String external =
        sign(new RSASSASigner(issuer), JWSAlgorithm.RS256, claims("ext-user@idp", 300));
    assertThat(trusting.verify(external)).contains(new UserId("ext:ext-user@idp"));
    assertThat(tokens.verify(external)).isEmpty();
    assertThat(trusting.verify(tokens.issue(ALICE))).contains(ALICE);
    String externalAlice =
        sign(new RSASSASigner(issuer), JWSAlgorithm.RS256, claims(ALICE.value(), 300));
    assertThat(trusting.verify(externalAlice))
        .as("the issuer's alice is not our built-in alice")
        .contains(new UserId(SessionTokens.EXTERNAL_PREFIX + ALICE.value()));

    JWTClaimsSet keycloakStyle =
        new JWTClaimsSet.Builder(claims("kc-user", 300))
            .claim("typ", "Bearer")
            .claim("aud", List.of("account", "boxoffice"))
            .build();
    assertThat(trusting.verify(sign(new RSASSASigner(issuer), JWSAlgorithm.RS256, keycloakStyle)))
        .as("an issuer's own typ and list claims do not matter: its tokens are sessions")
        .contains(new UserId("ext:kc-user"));
    String asAccess =
        sign(new RSASSASigner(issuer), JWSAlgorithm.RS256, claims("ext-user@idp", 300));
    assertThat(trusting.verify(new TokenKind("access"), asAccess))
        .as("nor are they ever anything else")
        .isEmpty();

    RSAKey stranger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
    assertThat(
            trusting.verify(sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, claims("x", 300))))
        .isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(trusting.verify(external)).isEmpty();
  }

  @Test
  void anIssuersTokenMustNameTheExpectedIssuerAndAudienceWhenTheyAreSet() throws JOSEException {
    ECKey issuer = new ECKeyGenerator(Curve.P_256).generate();
    SessionTokens trusting =
        tokens.trustingIssuerKey(
            issuer.toPublicJWK().toJSONString(),
            new SessionTokens.IssuerChecks("https://idp.example", "boxoffice"));
    ECDSASigner signer = new ECDSASigner(issuer);
    JWTClaimsSet base = claims("fan", 60);

    String right = sign(signer, JWSAlgorithm.ES256, with(base, "https://idp.example", "boxoffice"));
    String twoAudiences =
        sign(signer, JWSAlgorithm.ES256, with(base, "https://idp.example", "other", "boxoffice"));
    String otherAudience =
        sign(signer, JWSAlgorithm.ES256, with(base, "https://idp.example", "another-app"));
    String otherIssuer = sign(signer, JWSAlgorithm.ES256, with(base, "https://evil", "boxoffice"));
    String neither = sign(signer, JWSAlgorithm.ES256, base);

    assertThat(trusting.verify(right)).contains(new UserId("ext:fan"));
    assertThat(trusting.verify(twoAudiences)).contains(new UserId("ext:fan"));
    assertThat(trusting.verify(otherAudience)).isEmpty();
    assertThat(trusting.verify(otherIssuer)).isEmpty();
    assertThat(trusting.verify(neither)).isEmpty();
    assertThat(trusting.verify(tokens.issue(ALICE)))
        .as("our own tokens carry neither, and need neither")
        .contains(ALICE);
  }

  private static JWTClaimsSet with(JWTClaimsSet claims, String issuer, String... audience) {
    return new JWTClaimsSet.Builder(claims).issuer(issuer).audience(List.of(audience)).build();
  }

  @Test
  void aSecretIssuerSigningWithOurExactHeaderIsStillRecognised() throws JOSEException {
    OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).generate();
    SessionTokens trusting = tokens.trustingIssuerKey(oct.toJSONString(), NO_CHECKS);
    String external = sign(new MACSigner(oct), JWSAlgorithm.HS256, claims("partner", 60));

    assertThat(trusting.verify(external)).contains(new UserId("ext:partner"));
    assertThat(tokens.verify(external)).isEmpty();
  }

  @Test
  void tokensOfTrustedEcAndSecretIssuersAreAccepted() throws JOSEException {
    ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
    OctetSequenceKey oct = new OctetSequenceKeyGenerator(384).generate();
    SessionTokens trusting =
        tokens
            .trustingIssuerKey(ec.toPublicJWK().toJSONString(), NO_CHECKS)
            .trustingIssuerKey(oct.toJSONString(), NO_CHECKS);
    assertThat(
            trusting.verify(sign(new ECDSASigner(ec), JWSAlgorithm.ES256, claims("ec-user", 60))))
        .contains(new UserId("ext:ec-user"));
    assertThat(
            trusting.verify(sign(new MACSigner(oct), JWSAlgorithm.HS384, claims("oct-user", 60))))
        .contains(new UserId("ext:oct-user"));
  }

  @Test
  void theServerAcceptsATrustedIssuersToken() throws JOSEException {
    RSAKey issuer = new RSAKeyGenerator(2048).generate();
    try (TestServer t =
        new TestServer(s -> s.trustingIssuerKey(issuer.toPublicJWK().toJSONString(), NO_CHECKS))) {
      String external =
          sign(
              new RSASSASigner(issuer),
              JWSAlgorithm.RS256,
              claimsAt(t.clock.instant(), "guest", 60));
      var answer = t.get("/v1/orders", external);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }
  }

  @Test
  void weakKeysAndBadIssuerKeysAreRejectedAtConfiguration() {
    assertThatThrownBy(() -> SessionTokens.hmac(new byte[31], Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.trustingIssuerKey("{\"kty\":\"nope\"}", NO_CHECKS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.trustingIssuerKey("not json", NO_CHECKS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private JWTClaimsSet claims(String sub, long ttlSeconds) {
    return claimsAt(clock.instant(), sub, ttlSeconds);
  }

  private static JWTClaimsSet claimsAt(Instant now, String sub, long ttlSeconds) {
    return new JWTClaimsSet.Builder()
        .claim("typ", "session")
        .subject(sub)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(ttlSeconds)))
        .build();
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
