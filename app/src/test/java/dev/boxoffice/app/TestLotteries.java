package dev.boxoffice.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Lotteries the app's tests create on a real server. */
final class TestLotteries {
  private TestLotteries() {}

  /**
   * Creates the lottery {@code night}: registration open from a minute ago until {@code closes},
   * drawn an hour after that unless an admin draws it sooner, {@code capacity} tickets, one per
   * winner, a waitlist of {@code waitlist}.
   */
  static void create(
      ServerProcess server, String adminKey, Instant closes, int capacity, int waitlist)
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String body =
        """
        {"id":"night","name":"Draw night","venue":"Hall","startsAt":"%s","perUserLimit":1,
         "mode":"LOTTERY","lottery":{"registerOpensAt":"%s","registerClosesAt":"%s",
           "cooldownSeconds":3600,"waitlistSize":%d},
         "ticketTypes":[{"code":"GA","name":"General","priceMinor":1000,"currency":"EUR","capacity":%d}]}
        """
            .formatted(
                now.plus(Duration.ofDays(2)), now.minusSeconds(60), closes, waitlist, capacity);
    ServerProcess.Reply created = server.send("POST", "/v1/events", adminKey, body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
  }
}
