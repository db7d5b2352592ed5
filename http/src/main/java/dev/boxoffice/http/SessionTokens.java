package dev.boxoffice.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.boxoffice.core.Ids;
import dev.boxoffice.core.event.EventId;
import dev.boxoffice.core.identity.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Issues and checks the tokens the server signs: JWTs signed with HS256 under a key from config,
 * whose {@code typ} claim names their {@link TokenKind}, whose {@code sub} is the user and whose
 * {@code exp} bounds their life. A token is accepted only as the kind it names; one without a
 * {@code typ} is refused (sessions issued before tokens were typed must sign in again). Features
 * add string claims of their own ({@link #issue(TokenKind, UserId, Duration, Map)}). It can also
 * trust tokens signed by an external issuer's key (an RSA or EC public key, or a shared secret,
 * given as a JWK), so users of another identity provider can buy without a built-in account; their
 * user ids are the {@code sub} prefixed with {@link #EXTERNAL_PREFIX}.
 *
 * <p>A token is accepted only if its signature verifies under a key whose algorithm family matches
 * the token's {@code alg} (so {@code none} and algorithm confusion are refused), it has an {@code
 * exp} in the future, any {@code nbf} has passed, and its {@code sub} is a valid {@link UserId}; an
 * external issuer's token must also pass that issuer's {@link IssuerChecks} ({@code iss}, {@code
 * aud}), and is only ever a session, whatever else it claims. Clock skew allowed for {@code iat}
 * and {@code nbf}: {@link #SKEW}.
 *
 * <p>Cost: a token is verified once and then remembered ({@link #verify}); our own tokens are
 * signed, and checked the first time, without nimbus' JSON handling ({@link #ownClaims}), with
 * pooled JCA MACs ({@link HmacSha256}) rather than a MAC looked up among the providers per token.
 *
 * <p>Thread policy: immutable and thread-safe; {@link #trustingIssuerKey} returns a new instance.
 */
public final class SessionTokens {
  /** Tolerance for issuers whose clocks run a little ahead of ours. */
  public static final Duration SKEW = Duration.ofSeconds(60);

  /**
   * Prefixed to the {@code sub} of a trusted external issuer's token, so its users can never act as
   * a built-in account of the same name (built-in usernames cannot contain a colon).
   */
  public static final String EXTERNAL_PREFIX = "ext:";

  /** The header of every token we issue, and its serialized segment with the dot after it. */
  private static final JWSHeader OWN_HEADER = new JWSHeader(JWSAlgorithm.HS256);

  private static final String OWN_PREFIX = OWN_HEADER.toBase64URL() + ".";

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** Bound of the times the fast path reads itself (about the year 5000); others go to nimbus. */
  private static final long MAX_EPOCH_SECONDS = 95_617_584_000L;

  private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");

  /**
   * The claim that binds a token a feature issues to one event ({@link Verified#isFor}): a lottery
   * entry, a place in a queue, an admission.
   */
  public static final String EVENT = "event";

  /** The claim that names a token's kind. */
  private static final String TYP = "typ";

  /** The standard claims; a feature's own claims take other names. */
  private static final Set<String> RESERVED = Set.of(TYP, "sub", "exp", "iat", "nbf");

  /** Longer tokens are refused before parsing. */
  private static final int MAX_TOKEN_LENGTH = 8192;

  /** How many verified tokens are remembered; about 300 bytes each. */
  private static final int VERIFIED_CACHE_SIZE = 100_000;

  /** Signs our own tokens and checks their signatures on the fast path. */
  private final HmacSha256 own;

  private final Duration ttl;
  private final InstantSource clock;

  /** Our own key first, then each trusted issuer's, in the order they were added. */
  private final List<Trusted> trusted;

  /**
   * Tokens whose signature and claims verified, with their subject and expiry. A client sends the
   * same token with every call, and parsing plus HMAC is most of the cost of a hold; a hit only
   * checks the expiry again. Only valid tokens are kept, so garbage cannot evict them, and the key
   * is the whole token, signature included, so a tampered token never hits. The cache's upkeep runs
   * on the calling thread: in an on-sale of new users every request inserts, and handing each bit
   * of upkeep to a pool thread cost more (waking it, parking it again) than the upkeep itself.
   */
  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().maximumSize(VERIFIED_CACHE_SIZE).executor(Runnable::run).build();

  private SessionTokens(HmacSha256 own, Duration ttl, InstantSource clock, List<Trusted> trusted) {
    this.own = own;
    this.ttl = ttl;
    this.clock = clock;
    this.trusted = List.copyOf(trusted);
  }

  /**
   * Tokens signed with HS256 under {@code key} (at least 32 bytes), valid for {@code ttl} from
   * issue.
   */
  public static SessionTokens hmac(byte[] key, Duration ttl, InstantSource clock) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(clock, "clock");
    if (key.length < 32) {
      throw new IllegalArgumentException("the session key must be at least 32 bytes");
    }
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the session lifetime must be at least one second");
    }
    try {
      MACVerifier verifier = new MACVerifier(key.clone());
      return new SessionTokens(
          new HmacSha256(key),
          ttl,
          clock,
          List.of(new Trusted("", null, verifier, Set.of(JWSAlgorithm.HS256), IssuerChecks.NONE)));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable session key: " + e.getMessage(), e);
    }
  }

  /**
   * The same tokens, also accepting those signed by an external issuer's key, given as a JWK: an
   * RSA or EC key (its public part is used) or an {@code oct} secret of at least 32 bytes. If the
   * JWK names an {@code alg}, only that algorithm is accepted; if it has a {@code kid}, a token
   * naming another {@code kid} is not checked against it. Its tokens must also pass {@code checks}.
   *
   * @throws IllegalArgumentException when the JWK does not parse or is of an unsupported type
   */
  public SessionTokens trustingIssuerKey(String jwkJson, IssuerChecks checks) {
    Objects.requireNonNull(jwkJson, "jwkJson");
    Objects.requireNonNull(checks, "checks");
    JWK jwk;
    try {
      jwk = JWK.parse(jwkJson);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the issuer key is not a valid JWK: " + e.getMessage(), e);
    }
    JWSVerifier verifier;
    Set<JWSAlgorithm> algorithms;
    try {
      if (jwk instanceof RSAKey rsa) {
        verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
        algorithms = JWSAlgorithm.Family.RSA;
      } else if (jwk instanceof ECKey ec) {
        verifier = new ECDSAVerifier(ec.toECPublicKey());
        algorithms = JWSAlgorithm.Family.EC;
      } else if (jwk instanceof OctetSequenceKey oct) {
        verifier = new MACVerifier(oct.toByteArray());
        algorithms = JWSAlgorithm.Family.HMAC_SHA;
      } else {
        throw new IllegalArgumentException(
            "unsupported issuer key type " + jwk.getKeyType() + "; use RSA, EC or oct");
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable issuer key: " + e.getMessage(), e);
    }
    if (jwk.getAlgorithm() != null) {
      JWSAlgorithm only = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
      if (!algorithms.contains(only)) {
        throw new IllegalArgumentException(
            "issuer key alg " + only + " does not fit its key type " + jwk.getKeyType());
      }
      algorithms = Set.of(only);
    }
    List<Trusted> more = new ArrayList<>(trusted);
    more.add(new Trusted(EXTERNAL_PREFIX, jwk.getKeyID(), verifier, algorithms, checks));
    return new SessionTokens(own, ttl, clock, more);
  }

  /**
   * A session token for the user: {@code typ} = session, {@code sub} = user, {@code iat} = now,
   * {@code exp} = now + the session lifetime.
   */
  public String issue(UserId user) {
    return issueSession(user).token();
  }

  /** Like {@link #issue(UserId)}, also telling when the token expires. */
  public Session issueSession(UserId user) {
    return issue(TokenKind.SESSION, user, ttl, Map.of());
  }

  /**
   * A token of {@code kind} for the user, valid for {@code lifetime}, carrying {@code claims}
   * beside the standard ones (whose names they may not take).
   */
  public Session issue(TokenKind kind, UserId user, Duration lifetime, Map<String, String> claims) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(user, "user");
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0
        || lifetime.getSeconds() > MAX_EPOCH_SECONDS - now.getEpochSecond()) {
      throw new IllegalArgumentException("a token lives from one second to a few millennia");
    }
    Instant expiresAt = now.plus(lifetime);
    ObjectNode payload = Json.MAPPER.createObjectNode();
    payload.put(TYP, kind.name());
    payload.put("sub", user.value());
    payload.put("iat", now.getEpochSecond());
    payload.put("exp", expiresAt.getEpochSecond());
    claims.forEach(
        (name, value) -> {
          if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("claim " + name + " is the token's own");
          }
          payload.put(name, value);
        });
    String signingInput;
    try {
      signingInput = OWN_PREFIX + BASE64URL.encodeToString(Json.MAPPER.writeValueAsBytes(payload));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a token's claims", e);
    }
    byte[] signature = own.mac(signingInput.getBytes(StandardCharsets.US_ASCII));
    return new Session(signingInput + "." + BASE64URL.encodeToString(signature), expiresAt);
  }

  /**
   * The user a session token names, if the token is valid now; empty when it is malformed, tampered
   * with, expired, not yet valid, of another kind, signed by an unknown key or with an unexpected
   * algorithm.
   */
  public Optional<UserId> verify(String token) {
    return verify(TokenKind.SESSION, token).map(Verified::user);
  }

  /** The token, if it is a valid token of {@code kind} now; see {@link #verify(String)}. */
  public Optional<Verified> verify(TokenKind kind, String token) {
    return verify(kind, token, true);
  }

  /**
   * Like {@link #verify(TokenKind, String)}, for a token that is used once (a lottery entry's): it
   * is not remembered, so a crowd of such tokens does not push the tokens clients send with every
   * call out of the verified cache.
   */
  public Optional<Verified> verifyOnce(TokenKind kind, String token) {
    return verify(kind, token, false);
  }

  private Optional<Verified> verify(TokenKind kind, String token, boolean remember) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    Verified known = verified.getIfPresent(token);
    if (known == null) {
      Optional<Verified> checked = check(token);
      if (checked.isEmpty()) {
        return Optional.empty();
      }
      known = checked.get();
      if (remember) {
        verified.put(token, known);
      }
    }
    return known.kind().equals(kind) && clock.instant().isBefore(known.expiresAt())
        ? Optional.of(known)
        : Optional.empty();
  }

  /** Checks signature and claims of a token not seen before. */
  private Optional<Verified> check(String token) {
    if (!compact(token)) {
      return Optional.empty();
    }
    try {
      Optional<Claims> claims = token.startsWith(OWN_PREFIX) ? ownClaims(token) : Optional.empty();
      if (claims.isEmpty()) {
        claims = anyClaims(token);
      }
      return claims.flatMap(this::valid);
    } catch (ParseException | JOSEException | IOException | RuntimeException e) {
      // Hostile input may break a parser in any way; every such token is simply not valid.
      return Optional.empty();
    }
  }

  /**
   * Whether the token is three base64url segments and its signature is spelled the one canonical
   * way. Base64url decoding skips stray characters and ignores unused trailing bits, so without
   * this one valid token could be respelled endlessly, each spelling verifying, and push other
   * users' tokens out of the verified cache.
   */
  private static boolean compact(String token) {
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!Ids.urlSafe(c)) {
        return false;
      }
    }
    if (dots != 2) {
      return false;
    }
    int second = token.lastIndexOf('.');
    String signature = token.substring(second + 1);
    try {
      return BASE64URL.encodeToString(Base64.getUrlDecoder().decode(signature)).equals(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The fast path for tokens this server issued, which are most of what it sees: their header
   * segment is exactly {@link #OWN_PREFIX}, so there is no header to parse, and once the HMAC over
   * the exact signing input verifies (pooled, compared in constant time) the payload is known to be
   * ours, so one streaming read of its claims is enough, where the general path parses twice
   * (SessionTokenBenchmark). Empty when the signature is not ours (an external issuer sharing the
   * header then gets the general path) or when a claim is anything but what we write, strings and
   * plain integer seconds: nimbus then decides, so both paths agree.
   */
  private Optional<Claims> ownClaims(String token) throws JOSEException, IOException {
    int dot = token.lastIndexOf('.'); // the second and last, as compact() made sure
    byte[] signingInput = token.substring(0, dot).getBytes(StandardCharsets.UTF_8);
    byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    if (!own.verifies(signingInput, signature)) {
      return Optional.empty();
    }
    byte[] payload = Base64.getUrlDecoder().decode(token.substring(OWN_PREFIX.length(), dot));
    String typ = null;
    String sub = null;
    Instant exp = null;
    Instant iat = Instant.MIN;
    Instant nbf = Instant.MIN;
    Map<String, String> extra = new HashMap<>(4);
    try (JsonParser claims = Json.MAPPER.getFactory().createParser(payload)) {
      if (claims.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      for (JsonToken field = claims.nextToken();
          field == JsonToken.FIELD_NAME;
          field = claims.nextToken()) {
        String name = claims.currentName();
        JsonToken value = claims.nextToken();
        switch (name) {
          case "exp", "iat", "nbf" -> {
            Optional<Instant> at = plainSeconds(claims, value);
            if (at.isEmpty()) {
              return Optional.empty();
            }
            switch (name) {
              case "exp" -> exp = at.get();
              case "iat" -> iat = at.get();
              default -> nbf = at.get();
            }
          }
          default -> {
            if (value != JsonToken.VALUE_STRING) {
              return Optional.empty();
            }
            switch (name) {
              case TYP -> typ = claims.getText();
              case "sub" -> sub = claims.getText();
              default -> extra.put(name, claims.getText());
            }
          }
        }
      }
    }
    if (typ == null || sub == null || exp == null) {
      return Optional.empty();
    }
    return Optional.of(new Claims("", typ, sub, exp, iat, nbf, extra));
  }

  /** An integer number of seconds since the epoch before the year 5000, if {@code value} is one. */
  private static Optional<Instant> plainSeconds(JsonParser claims, JsonToken value)
      throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || claims.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return Optional.empty();
    }
    long seconds = claims.getLongValue();
    return seconds > -MAX_EPOCH_SECONDS && seconds < MAX_EPOCH_SECONDS
        ? Optional.of(Instant.ofEpochSecond(seconds))
        : Optional.empty();
  }

  /** Any token: parsed and verified by nimbus against our key and every trusted issuer's. */
  private Optional<Claims> anyClaims(String token) throws ParseException, JOSEException {
    SignedJWT jwt = SignedJWT.parse(token);
    Optional<Trusted> signer = signer(jwt);
    if (signer.isEmpty()) {
      return Optional.empty();
    }
    if (!timesInRange(jwt.getPayload().toJSONObject())) {
      return Optional.empty();
    }
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    Date exp = claims.getExpirationTime();
    String sub = claims.getSubject();
    if (exp == null || sub == null || !signer.get().checks().pass(claims)) {
      return Optional.empty();
    }
    boolean ours = signer.get().namespace().isEmpty();
    Map<String, String> extra = new HashMap<>();
    String typ;
    if (ours) {
      // What we sign: a typ, and nothing but strings beside the standard claims.
      if (!(claims.getClaim(TYP) instanceof String named)) {
        return Optional.empty();
      }
      typ = named;
      for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
        if (!RESERVED.contains(claim.getKey())) {
          if (!(claim.getValue() instanceof String value)) {
            return Optional.empty();
          }
          extra.put(claim.getKey(), value);
        }
      }
    } else {
      // An external issuer's token is only ever a session; its own typ (Keycloak writes
      // "Bearer") speaks its issuer's language, not ours.
      typ = TokenKind.SESSION.name();
    }
    return Optional.of(
        new Claims(
            signer.get().namespace(),
            typ,
            sub,
            exp.toInstant(),
            orMin(claims.getIssueTime()),
            orMin(claims.getNotBeforeTime()),
            extra));
  }

  /**
   * Whether every time claim present is a number of seconds within the years the fast path reads
   * ({@link #MAX_EPOCH_SECONDS}). Nimbus turns a claim into a {@link Date} by multiplying by 1000
   * in a {@code long}, so a claim of 1e20 would wrap around into some other time, perhaps the past.
   */
  private static boolean timesInRange(Map<String, Object> payload) {
    for (String claim : TIME_CLAIMS) {
      Object value = payload.get(claim);
      if (value != null
          && !(value instanceof Number n && Math.abs(n.doubleValue()) < MAX_EPOCH_SECONDS)) {
        return false;
      }
    }
    return true;
  }

  /** The first key, ours or a trusted issuer's, that fits the token's header and verifies it. */
  private Optional<Trusted> signer(SignedJWT jwt) throws JOSEException {
    JWSHeader header = jwt.getHeader();
    for (Trusted key : trusted) {
      boolean kidFits =
          key.kid() == null || header.getKeyID() == null || key.kid().equals(header.getKeyID());
      if (kidFits
          && key.algorithms().contains(header.getAlgorithm())
          && jwt.verify(key.verifier())) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private Optional<Verified> valid(Claims claims) {
    Instant now = clock.instant();
    Instant skewed = now.plus(SKEW);
    if (!now.isBefore(claims.expiresAt())
        || skewed.isBefore(claims.notBefore())
        || skewed.isBefore(claims.issuedAt())) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Verified(
              new TokenKind(claims.kind()),
              new UserId(claims.namespace() + claims.subject()),
              claims.expiresAt(),
              claims.extra()));
    } catch (IllegalArgumentException e) { // InvalidValueException included
      return Optional.empty();
    }
  }

  private static Instant orMin(Date date) {
    return date == null ? Instant.MIN : date.toInstant();
  }

  /** A freshly issued token and when it expires. */
  public record Session(String token, Instant expiresAt) {
    public Session {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "Session[expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * A token that verified: its kind, its user, when it expires, and the claims its feature added.
   */
  public record Verified(
      TokenKind kind, UserId user, Instant expiresAt, Map<String, String> claims) {
    public Verified {
      claims = Map.copyOf(claims);
    }

    /**
     * Whether this token was issued to {@code user} for {@code event} (its {@link #EVENT} claim).
     */
    public boolean isFor(UserId user, EventId event) {
      return this.user.equals(user) && event.value().equals(claims.get(EVENT));
    }
  }

  /**
   * The claims a token depends on; {@code issuedAt} and {@code notBefore} are {@link Instant#MIN}
   * when the token does not set them, {@code extra} are the string claims a feature added.
   */
  private record Claims(
      String namespace,
      String kind,
      String subject,
      Instant expiresAt,
      Instant issuedAt,
      Instant notBefore,
      Map<String, String> extra) {}

  /**
   * What a trusted external issuer's tokens must also carry: {@code iss} equal to {@code issuer},
   * and {@code audience} among their {@code aud}. An empty string is not checked.
   */
  public record IssuerChecks(String issuer, String audience) {
    /** Nothing beyond the signature and the times. */
    public static final IssuerChecks NONE = new IssuerChecks("", "");

    public IssuerChecks {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
    }

    boolean pass(JWTClaimsSet claims) {
      return (issuer.isEmpty() || issuer.equals(claims.getIssuer()))
          && (audience.isEmpty() || claims.getAudience().contains(audience));
    }
  }

  /**
   * A key whose tokens are accepted: the user-id namespace of their subjects ({@code ""} for ours,
   * {@link #EXTERNAL_PREFIX} otherwise), the key id it answers to ({@code null}: any), the
   * verifier, the algorithms it may sign with, and the claims its tokens must also carry.
   */
  private record Trusted(
      String namespace,
      String kid,
      JWSVerifier verifier,
      Set<JWSAlgorithm> algorithms,
      IssuerChecks checks) {}
}
