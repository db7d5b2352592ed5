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
  }

  record NewTicketType(
      String code, String name, Long priceMinor, String currency, Integer capacity) {}

  record CreateHold(String ticketType, Integer quantity) {}
}
