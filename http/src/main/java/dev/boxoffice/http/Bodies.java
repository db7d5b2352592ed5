package dev.boxoffice.http;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON request bodies, exactly as sent: every member optional and boxed, so that a missing
 * member is a null the route can name in a 400, not a default value. Routes turn them into core
 * values, which validate themselves.
 */
final class Bodies {
  private Bodies() {}

  record Credentials(String username, String password) {}

  record CreateEvent(
      String id,
      String name,
      String venue,
      String startsAt,
      String saleOpensAt,
      String saleClosesAt,
      Integer holdTtlSeconds,
      Integer perUserLimit,
      String mode,
      List<NewTicketType> ticketTypes,
      @JsonAnySetter Map<String, JsonNode> sections) {
    /**
     * The members not named above: a sale mode's section (such as {@code lottery}), or unknown
     * fields, which the route refuses.
     */
    CreateEvent {
      sections = sections == null ? Map.of() : Map.copyOf(sections);
    }

    /**
     * This body with the members it leaves out taken from a sale mode's {@code defaults}: the sale
     * opening and hold time given, the sale closing when the event starts.
     */
    CreateEvent withDefaults(ModeSection.Defaults defaults) {
      return new CreateEvent(
          id,
          name,
          venue,
          startsAt,
          saleOpensAt != null ? saleOpensAt : defaults.saleOpensAt().toString(),
          saleClosesAt != null ? saleClosesAt : startsAt,
          holdTtlSeconds != null ? holdTtlSeconds : (int) defaults.holdTtl().toSeconds(),
          perUserLimit,
          mode,
          ticketTypes,
          sections);
    }
  }

  record NewTicketType(
      String code, String name, Long priceMinor, String currency, Integer capacity) {}

  record CreateHold(String ticketType, Integer quantity) {}
}
