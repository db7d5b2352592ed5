package dev.boxoffice.core.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The draw as documented: a test vector computed outside Java (the reference implementation in
 * docs/lottery.md), and a verification that catches every kind of tampering.
 */
class DrawTest {
  /** SHA-256 of "boxoffice test vector". */
  private static final Seed SEED =
      new Seed("3ed4c52f112a21e47fec004375dede29f245518e06007c24111dddde6928e66b");

  private static final List<String> HUNDRED =
      IntStream.range(0, 100).mapToObj(i -> String.format("user-%03d", i)).toList();

  @Test
  void theDocumentedAlgorithmGivesTheReferenceImplementationsAnswer() {
    Draw.Outcome outcome = Draw.run(SEED, shuffled(HUNDRED), 5, 3);

    assertThat(outcome.algorithm()).isEqualTo("sha256-counter-fisher-yates/1");
    assertThat(outcome.seedCommitment())
        .isEqualTo("8d25f1edc6defd04f0a19e500adf7f9401cc49bad1e6283edeea218caf4a5abd");
    assertThat(outcome.entrantsDigest())
        .isEqualTo("90c1b4678be2cf0148ea603801200f04b0af8db04e903f26f793a6164327fc83");
    assertThat(outcome.entrants()).isEqualTo(100);
    assertThat(outcome.winners())
        .containsExactly("user-081", "user-011", "user-025", "user-090", "user-037");
    assertThat(outcome.waitlist()).containsExactly("user-029", "user-088", "user-050");
    assertThat(outcome.winnersDigest())
        .isEqualTo("6b8f9b9f4e4f2128072caaba87f3cd9b6e61f0828ba3e8663ad1013d16d9f98b");
  }

  private static DrawSummary published(Draw.Outcome outcome, Seed seed) {
    return DrawSummary.of(outcome, seed, Instant.parse("2030-06-01T18:00:00Z"));
  }

  @Test
  void aRecomputedDrawMatchesWhatWasPublished() {
    DrawSummary published = published(Draw.run(SEED, HUNDRED, 5, 3), SEED);

    assertThat(Draw.run(SEED, shuffled(HUNDRED), 5, 3).differencesFrom(published)).isEmpty();
  }

  @Test
  void anotherSeedThanThePublishedOneIsCaught() {
    DrawSummary published = published(Draw.run(SEED, HUNDRED, 5, 3), SEED);
    Seed other = new Seed("00" + SEED.hex().substring(2));

    assertThat(Draw.run(other, HUNDRED, 5, 3).differencesFrom(published))
        .anySatisfy(d -> assertThat(d).startsWith("seedCommitment:"))
        .anySatisfy(d -> assertThat(d).startsWith("winnersDigest:"));
  }

  @Test
  void anEntrantListWithOneNameChangedIsCaught() {
    DrawSummary published = published(Draw.run(SEED, HUNDRED, 5, 3), SEED);
    List<String> tampered = new ArrayList<>(HUNDRED);
    tampered.set(42, "user-999");

    assertThat(Draw.run(SEED, tampered, 5, 3).differencesFrom(published))
        .anySatisfy(d -> assertThat(d).startsWith("entrantsDigest:"));
  }

  @Test
  void aWinnerListWithOneWinnerSwappedIsCaught() {
    Draw.Outcome honest = Draw.run(SEED, HUNDRED, 5, 3);
    List<String> winners = new ArrayList<>(honest.winners());
    winners.set(2, "user-000");
    Draw.Outcome forged =
        new Draw.Outcome(
            honest.algorithm(),
            honest.seedCommitment(),
            honest.entrantsDigest(),
            honest.entrants(),
            winners,
            honest.waitlist());

    assertThat(honest.differencesFrom(published(forged, SEED)))
        .singleElement()
        .satisfies(d -> assertThat(d).startsWith("winnersDigest: recomputed "));
  }

  @Test
  void fewerEntrantsThanPlacesAllWinAndNobodyWaits() {
    Draw.Outcome outcome = Draw.run(SEED, List.of("b", "a", "c"), 5, 3);

    assertThat(outcome.winners()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(outcome.waitlist()).isEmpty();
  }

  @Test
  void anEntrantNamedTwiceOrNotInPrintableAsciiIsABug() {
    assertThatThrownBy(() -> Draw.run(SEED, List.of("a", "b", "a"), 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Draw.run(SEED, List.of("a", "é"), 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ASCII");
  }

  @Test
  void theSeedShowsOnlyItsCommitmentWhenPrinted() {
    assertThat(SEED.toString()).doesNotContain(SEED.hex()).contains(SEED.commitment());
  }

  private static List<String> shuffled(List<String> names) {
    List<String> out = new ArrayList<>(names);
    java.util.Collections.shuffle(out, new java.util.Random(7));
    return out;
  }
}
