package dev.boxoffice.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boxoffice.core.lottery.Draw;
import dev.boxoffice.core.lottery.DrawSummary;
import dev.boxoffice.core.lottery.Seed;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a lottery's draw from what the server publishes, as anyone could: the event (its ticket
 * capacity and lottery terms, {@code GET /v1/events/{id}}), the draw ({@code GET .../lottery/draw})
 * and the entrant list ({@code GET .../lottery/entrants}). The revealed seed must hash to the
 * published commitment, and the draw recomputed from it over the entrant list, for as many winners
 * as the terms allow, must match every published digest and count.
 *
 * <p>Thread policy: stateless.
 */
public final class DrawCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DrawCheck() {}

  /**
   * What the check found.
   *
   * @param drawn whether the draw has run (nothing is checked before)
   * @param entrants how many the draw ran over
   * @param winners how many won
   * @param differences one line per mismatch; empty when the draw checks out
   */
  public record Verdict(boolean drawn, int entrants, int winners, List<String> differences) {
    public boolean matches() {
      return drawn && differences.isEmpty();
    }
  }

  /**
   * Checks the draw from the three published documents.
   *
   * @throws IOException if a document is not what the API publishes
   */
  public static Verdict check(byte[] eventJson, byte[] drawJson, String entrantsText)
      throws IOException {
    JsonNode event = JSON.readTree(eventJson);
    JsonNode draw = JSON.readTree(drawJson);
    if (!"DRAWN".equals(draw.path("status").asText())) {
      return new Verdict(false, draw.path("counts").path("entrants").asInt(), 0, List.of());
    }
    JsonNode terms = event.path("lottery");
    int capacity = event.path("ticketTypes").path(0).path("capacity").asInt();
    int winners = capacity / Math.max(1, terms.path("ticketsPerWinner").asInt(1));
    List<String> entrants =
        entrantsText.isEmpty() ? List.of() : Arrays.asList(entrantsText.split("\n"));
    List<String> differences = new ArrayList<>();
    Seed seed;
    try {
      seed = new Seed(draw.path("seed").asText());
    } catch (IllegalArgumentException e) {
      return new Verdict(true, entrants.size(), 0, List.of("seed: " + e.getMessage()));
    }
    if (!seed.commitment().equals(terms.path("seedCommitment").asText())
        || !seed.commitment().equals(draw.path("seedCommitment").asText())) {
      differences.add("seed: does not hash to the commitment published before the draw");
    }
    DrawSummary published =
        new DrawSummary(
            Instant.parse(draw.path("drawnAt").asText()),
            draw.path("algorithm").asText(),
            seed,
            draw.path("entrantsDigest").asText(),
            draw.path("winnersDigest").asText(),
            draw.path("waitlistDigest").asText(),
            draw.path("counts").path("entrants").asInt(),
            draw.path("counts").path("winners").asInt(),
            draw.path("counts").path("waitlisted").asInt());
    Draw.Outcome recomputed;
    try {
      recomputed = Draw.run(seed, entrants, winners, terms.path("waitlistSize").asInt());
    } catch (IllegalArgumentException e) {
      return new Verdict(true, entrants.size(), 0, List.of("entrants: " + e.getMessage()));
    }
    differences.addAll(recomputed.differencesFrom(published));
    return new Verdict(true, entrants.size(), recomputed.winners().size(), differences);
  }
}
