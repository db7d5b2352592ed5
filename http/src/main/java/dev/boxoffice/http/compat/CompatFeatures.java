package dev.boxoffice.http.compat;

import dev.boxoffice.core.Stores;
import dev.boxoffice.http.Call;
import dev.boxoffice.http.Endpoint;
import dev.boxoffice.http.Feature;
import dev.boxoffice.http.HttpSettings;
import dev.boxoffice.http.Reply;
import dev.boxoffice.http.Route;
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
   * Answers only the allowed client addresses: these routes believe whoever calls them about who
   * they are. Anyone else gets 403 in the route set's own error shape.
   */
  static Reply allowedOnly(
      CompatSettings compat, Call call, Route route, Endpoint next, Map<String, Object> refusal) {
    boolean allowed = call.clientInetAddress().map(compat.allowed()::contains).orElse(false);
    return allowed ? next.answer(call) : Reply.json(403, refusal);
  }
}
