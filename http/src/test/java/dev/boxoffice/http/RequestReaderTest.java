package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.http.RequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
  @Property
  void aSizeWithAnyExtensionsReadsAsTheSize(
      @ForAll @IntRange(min = 0) int size,
      @ForAll boolean upper,
      @ForAll @IntRange(max = 3) int leadingZeros,
      @ForAll @StringLength(max = 40) String extension) {
    String hex = "0".repeat(leadingZeros) + Integer.toHexString(size);
    String visible = extension.replaceAll("[^\\x20-\\x7e]", "");
    String line = (upper ? hex.toUpperCase(Locale.ROOT) : hex) + " ;" + visible;
    assertThat(RequestReader.chunkSize(line)).isEqualTo(size);
  }

  @Test
  void sizesBeyondAnIntAreTheLargestInt() {
    assertThat(RequestReader.chunkSize("ffffffffffffffffffffffff")).isEqualTo(Integer.MAX_VALUE);
    assertThat(RequestReader.chunkSize("80000000")).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void anythingElseIsABadRequest() {
    for (String line :
        new String[] {"", "zz", "-1", "+1", "1 2", "1x", " 1", "1;\u0001", "\uff11"}) {
      assertThatThrownBy(() -> RequestReader.chunkSize(line))
          .as(line)
          .isInstanceOfSatisfying(
              RequestException.class, e -> assertThat(e.status().code()).isEqualTo(400));
    }
  }

  @Test
  void trailersAfterTheLastChunkAreSkipped() {
    RequestReader reader = reader("5;x=1\r\nhello\r\n0\r\nA: 1\r\nB: 2\r\n\r\nGET");
    assertThat(reader.readLine()).isEqualTo("5");
    reader.readBuffer(5);
    reader.skip(2);
    assertThat(reader.readLine()).isEqualTo("0");
    assertThat(reader.readLine()).isEmpty();
    assertThat(reader.readAsciiString(3)).isEqualTo("GET");
  }

  @Test
  void chunkDataMustEndWithCrlf() {
    // As Helidon reads a chunk: size line, readBuffer(size), skip(2).
    RequestReader honest = reader("2\r\nab\r\n0\r\n\r\n");
    assertThat(honest.readLine()).isEqualTo("2");
    assertThat(honest.readBuffer(2).readString(2)).isEqualTo("ab");
    honest.skip(2);
    assertThat(honest.readLine()).isEqualTo("0");

    RequestReader lying = reader("2\r\nabcd\r\n0\r\n\r\n");
    assertThat(lying.readLine()).isEqualTo("2");
    lying.readBuffer(2);
    assertThatThrownBy(() -> lying.skip(2)).isInstanceOf(RequestException.class);
  }

  @Test
  void aSizeLineWithoutAnEndIsRefusedOnceTooLong() {
    RequestReader reader = reader("1".repeat(RequestReader.MAX_LINE + 10));
    assertThatThrownBy(reader::readLine).isInstanceOf(RequestException.class);
  }

  private static RequestReader reader(String text) {
    Deque<byte[]> chunks = new ArrayDeque<>();
    // In small pieces, as a socket may deliver them.
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i += 7) {
      chunks.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7)));
    }
    return new RequestReader(chunks::poll);
  }
}
