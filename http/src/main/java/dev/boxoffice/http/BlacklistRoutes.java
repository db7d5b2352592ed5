package dev.boxoffice.http;

import dev.boxoffice.core.InvalidValueException;
import dev.boxoffice.core.blacklist.Barred;
import dev.boxoffice.core.blacklist.Blacklist;
import dev.boxoffice.core.identity.UserId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The blacklist: the admin bars users and client addresses ({@code POST /v1/blacklist}), lifts them
 * ({@code POST /v1/blacklist/removals}) and reads them; a filter answers 403 {@code blacklisted} to
 * a barred caller on every {@code /v1/} route but the admin's, before the route does anything. A
 * caller's address is the one {@link Call#clientInetAddress} finds: an {@code X-Forwarded-For} from
 * a proxy the server does not trust is not believed, so it hides nobody.
 *
 * <p>Thread policy: thread-safe; the compiled address blocks are cached for the entries they were
 * compiled from, and replaced when those change.
 */
final class BlacklistRoutes implements Feature {
  static final ProblemType BLACKLISTED =
      ProblemType.of("blacklisted", "Barred by the blacklist", 403);

  private static final Json.Body<Entries> ENTRIES = Json.body(Entries.class);

  private final Blacklist blacklist;
  private volatile Compiled compiled = new Compiled(Barred.NONE, AddressBlocks.NONE);

  BlacklistRoutes(Blacklist blacklist) {
    this.blacklist = blacklist;
  }

  /** A body of entries, and the view of the list: user ids and address blocks. */
  record Entries(List<String> users, List<String> addresses) {}

  private record Compiled(Barred from, AddressBlocks blocks) {}

  @Override
  public void register(Routes routes) {
    routes
        .get("/v1/blacklist", "getBlacklist", Route.Access.ADMIN, this::list)
        .post("/v1/blacklist", "addToBlacklist", Route.Access.ADMIN, this::add)
        .post("/v1/blacklist/removals", "removeFromBlacklist", Route.Access.ADMIN, this::remove)
        .changesNoRead("addToBlacklist")
        .changesNoRead("removeFromBlacklist")
        .filter(
            route -> route.access() != Route.Access.ADMIN && route.template().startsWith("/v1/"),
            this::refuseBarred);
  }

  Reply list(Call call) {
    return Reply.json(200, view(blacklist.barred()));
  }

  Reply add(Call call) {
    return Reply.json(200, view(blacklist.bar(entries(call.body(ENTRIES)))));
  }

  Reply remove(Call call) {
    return Reply.json(200, view(blacklist.lift(entries(call.body(ENTRIES)))));
  }

  Reply refuseBarred(Call call, Route route, Endpoint next) {
    Barred barred = blacklist.barred();
    if (barred.isEmpty()) {
      return next.answer(call);
    }
    if (route.access() == Route.Access.USER && barred.users().contains(call.user())) {
      return Reply.problem(BLACKLISTED.detail("this account may not buy here"));
    }
    AddressBlocks blocks = blocks(barred);
    if (!blocks.isEmpty() && call.clientInetAddress().map(blocks::contains).orElse(false)) {
      return Reply.problem(BLACKLISTED.detail("requests from your address are refused"));
    }
    return next.answer(call);
  }

  private AddressBlocks blocks(Barred barred) {
    Compiled known = compiled;
    if (known.from() != barred) {
      known = new Compiled(barred, AddressBlocks.of(barred.addresses()));
      compiled = known;
    }
    return known.blocks();
  }

  private static Entries view(Barred barred) {
    return new Entries(
        barred.users().stream().map(UserId::value).toList(), List.copyOf(barred.addresses()));
  }

  /**
   * The entries of a body, each checked: a user id, or an address or CIDR block.
   *
   * @throws ProblemException naming the first bad member, such as {@code addresses[2]}
   */
  static Barred entries(Entries body) {
    Set<UserId> users = new HashSet<>();
    List<String> named = body.users() == null ? List.of() : body.users();
    for (int i = 0; i < named.size(); i++) {
      try {
        users.add(new UserId(named.get(i)));
      } catch (InvalidValueException e) {
        throw Problem.invalidField("users[" + i + "]", Fields.reason(e)).raise();
      }
    }
    Set<String> addresses = new HashSet<>();
    List<String> written = body.addresses() == null ? List.of() : body.addresses();
    for (int i = 0; i < written.size(); i++) {
      String entry = written.get(i) == null ? "" : written.get(i).strip();
      try {
        AddressBlocks.of(List.of(entry));
      } catch (IllegalArgumentException e) {
        throw Problem.invalidField("addresses[" + i + "]", "must be an IP address or a CIDR block")
            .raise();
      }
      addresses.add(entry);
    }
    if (users.isEmpty() && addresses.isEmpty()) {
      throw Problem.invalidField("users", "name at least one user or address").raise();
    }
    return new Barred(users, addresses);
  }
}
