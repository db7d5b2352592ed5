package dev.boxoffice.core.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ProofOfWorkTest {
  @Property(tries = 50)
  void aSolvedNonceSolvesAndItsHashStartsWithTheZeroBits(
      @ForAll @AlphaChars @StringLength(min = 1, max = 40) String challenge,
      @ForAll @IntRange(min = 0, max = 12) int difficulty)
      throws Exception {
    String nonce = ProofOfWork.solve(challenge, difficulty);
    assertThat(ProofOfWork.solves(challenge, nonce, difficulty)).isTrue();
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest((challenge + ":" + nonce).getBytes(StandardCharsets.UTF_8));
    for (int bit = 0; bit < difficulty; bit++) {
      assertThat(digest[bit / 8] & (0x80 >> (bit % 8))).as("bit " + bit).isZero();
    }
  }

  @Property(tries = 50)
  void aNonceForOneChallengeRarelySolvesAnother(
      @ForAll @AlphaChars @StringLength(min = 1, max = 40) String challenge) {
    String nonce = ProofOfWork.solve(challenge, 16);
    // 2^-16 per try that it solves the other one by chance: this property would fail about once
    // in 1,300 runs of 50 tries. A nonce bound to nothing would fail it every time.
    assertThat(ProofOfWork.solves(challenge + "x", nonce, 16)).isFalse();
  }

  @Test
  void countsLeadingZeroBits() {
    assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0, 1})).isEqualTo(23);
    assertThat(ProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
    assertThat(ProofOfWork.leadingZeroBits(new byte[] {0x0f})).isEqualTo(4);
    assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
  }

  @Test
  void refusesMissingEmptyAndOverlongNonces() {
    assertThat(ProofOfWork.solves("c", null, 0)).isFalse();
    assertThat(ProofOfWork.solves("c", "", 0)).isFalse();
    assertThat(ProofOfWork.solves("c", "n".repeat(65), 0)).isFalse();
    assertThat(ProofOfWork.solves("c", "n", 0)).isTrue();
  }
}
