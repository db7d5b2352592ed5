package dev.boxoffice.http.compat;

import dev.boxoffice.core.Stores;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.HttpSettings;
import dev.boxoffice.http.Reply;
import dev.boxoffice.http.Routes;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The originals' route sets a server offers, as its settings say. */
public final class CompatFeatures {
  private CompatFeatures() {}

  /** The route sets {@code compat} turns on, over {@code stores}; none when it turns none on. */
  public static List<Feature> of(
      CompatSettings compat, HttpSettings settings, Stores stores, InstantSource clock) {
    List<Feature> features = new ArrayList<>();
    if (compat.on(CompatSettings.LOTTERY_V0)) {
      features.add(new LotteryV0Routes(stores, settings.tokens(), compat, clock));
    }
    if (compat.on(CompatSettings.TICKETS_V0)) {
      features.add(new TicketsV0Routes(stores, settings.tokens(), compat, clock));
    }
    return features;
  }

  /**
   * Lets only the allowed client addresses call a route set's routes, those whose operationId
   * starts with {@code prefix}: they believe whoever calls them about who they are. Anyone else
   * gets 403 with {@code refusal}, in the route set's own error shape.
   */
  static void allowedOnly(
      Routes routes, CompatSettings compat, String prefix, Map<String, Object> refusal) {
    routes.filter(
        route -> route.operationId().startsWith(prefix),
        (call, route, next) ->
            call.clientInetAddress().map(compat.allowed()::contains).orElse(false)
                ? next.answer(call)
                : Reply.json(403, refusal));
  }
}
