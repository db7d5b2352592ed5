package dev.boxoffice.http;

import dev.boxoffice.core.identity.Account;
import dev.boxoffice.core.identity.Accounts;
import dev.boxoffice.core.identity.UserId;
import dev.boxoffice.core.ratelimit.Taken;
import dev.boxoffice.core.ratelimit.TokenBuckets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /v1/users} (sign up) and {@code POST /v1/sessions} (sign in). Usernames follow {@link
 * Account#validUsername}; passwords are 8 to 256 characters, not one of the {@link
 * CommonPasswords}, and stored only as Argon2id hashes. Signing in with an unknown username costs
 * as much as with a wrong password, is throttled the same way, and both answer the same 401, so the
 * API does not reveal which usernames exist through sign-in.
 *
 * <p>Thread policy: thread-safe.
 */
final class AccountRoutes implements Feature {
  private static final Json.Body<Bodies.Credentials> CREDENTIALS =
      Json.body(Bodies.Credentials.class);

  private final Accounts accounts;
  private final SessionTokens tokens;
  private final Argon2Passwords passwords;
  private final InstantSource clock;
  private final Throttle signInPerUsername;

  AccountRoutes(
      Accounts accounts,
      SessionTokens tokens,
      Argon2Passwords passwords,
      Rate signInPerUsername,
      TokenBuckets buckets,
      InstantSource clock) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.passwords = passwords;
    this.clock = clock;
    this.signInPerUsername = new Throttle(signInPerUsername, buckets, "createSession:username:");
  }

  /**
   * Sign-ups per client address, by default: 20 an hour (each account has its own per-person ticket
   * limit, so free accounts would otherwise get round it).
   */
  public static final RateLimit SIGN_UPS =
      new RateLimit(new Rate(20, Duration.ofHours(1)), RateLimit.Key.ADDRESS);

  /** Sign-ins per client address, by default: 60 a minute. */
  public static final RateLimit SIGN_INS =
      new RateLimit(new Rate(60, Duration.ofMinutes(1)), RateLimit.Key.ADDRESS);

  /**
   * Sign-up and sign-in are public; their limits by client address are the rate limiter's (these
   * routes' defaults, {@link #SIGN_UPS} and {@link #SIGN_INS}), the one by username is this
   * feature's own, since only it reads the username from the body.
   */
  @Override
  public void register(Routes routes) {
    routes
        .post("/v1/users", "createUser", Route.Access.PUBLIC, this::createUser)
        .post("/v1/sessions", "createSession", Route.Access.PUBLIC, this::createSession)
        .limit("createUser", SIGN_UPS)
        .limit("createSession", SIGN_INS)
        .changesNoRead("createUser")
        .changesNoRead("createSession");
  }

  Reply createUser(Call call) {
    Bodies.Credentials body = call.body(CREDENTIALS);
    UserId user = username(body.username());
    String password = password(body.password());
    if (CommonPasswords.contains(password)) {
      throw Problem.invalidField(
              "password",
              "is one of the most common passwords, the first ones guessed; pick another")
          .raise();
    }
    if (accounts.find(user).isPresent()) {
      return taken(user);
    }
    Account account = new Account(user, passwords.hash(password), clock.instant());
    if (!accounts.register(account)) {
      return taken(user);
    }
    return Reply.json(201, new Views.UserView(user.value(), account.createdAt()));
  }

  Reply createSession(Call call) {
    Bodies.Credentials body = call.body(CREDENTIALS);
    UserId user = username(body.username());
    String password = password(body.password());
    Taken attempt = signInPerUsername.take(user.value());
    if (!attempt.allowed()) {
      return Reply.tooManyRequests(attempt.untilNext(), "sign-in attempts for this username");
    }
    Optional<Account> account = accounts.find(user);
    boolean matches;
    if (account.isPresent()) {
      matches = passwords.matches(password, account.get().passwordHash());
    } else {
      passwords.matchNothing(password);
      matches = false;
    }
    if (!matches) {
      return Reply.problem(ProblemType.INVALID_CREDENTIALS.detail("wrong username or password"));
    }
    SessionTokens.Session session = tokens.issueSession(user);
    return Reply.json(200, new Views.SessionView(session.token(), session.expiresAt()));
  }

  private static Reply taken(UserId user) {
    return Reply.problem(
        ProblemType.USERNAME_TAKEN
            .detail("the username " + user.value() + " is taken")
            .with("field", "username"));
  }

  private static UserId username(String name) {
    if (name == null) {
      throw Problem.invalidField("username", "is required").raise();
    }
    if (!Account.validUsername(name)) {
      throw Problem.invalidField("username", "must be 3-64 characters of A-Za-z0-9._@-").raise();
    }
    return new UserId(name);
  }

  private static String password(String password) {
    if (password == null) {
      throw Problem.invalidField("password", "is required").raise();
    }
    int length = password.codePointCount(0, password.length());
    if (length < Argon2Passwords.MIN_LENGTH || length > Argon2Passwords.MAX_LENGTH) {
      throw Problem.invalidField(
              "password",
              "must be "
                  + Argon2Passwords.MIN_LENGTH
                  + " to "
                  + Argon2Passwords.MAX_LENGTH
                  + " characters")
          .raise();
    }
    return password;
  }
}
