package dev.boxoffice.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import java.util.function.Supplier;

/**
 * The reader Helidon's HTTP/1.1 parser reads one connection from, with chunked bodies read as RFC
 * 9112 says. Helidon 4.5 reads each chunk-size line with {@link #readLine} (the only caller of that
 * method) and parses it as a bare hex number: a valid chunk extension ({@code 1a;name=value}) or a
 * bad size ({@code zz}, {@code -1}) fails with a {@code NumberFormatException}, a 500, and a size
 * line without an end is buffered without limit. Here a size line is at most {@value #MAX_LINE}
 * bytes, its extensions are dropped, its size is checked, and the trailer section after the last
 * chunk is read and discarded; anything malformed is a 400 that closes the connection.
 *
 * <p>Thread policy: confined to its connection's thread, like the reader it replaces.
 */
@SuppressWarnings("removal") // DataReader's constructor: the one way to extend it in Helidon 4.5
final class RequestReader extends DataReader {
  /** A chunk-size line (size and extensions) or a trailer line, CRLF excluded. */
  static final int MAX_LINE = 1024;

  /** The trailer section of one body. */
  static final int MAX_TRAILERS = 8 * 1024;

  /** Whether the last size line read was the last chunk's, so the trailers come next. */
  private boolean lastChunkRead;

  /**
   * Where Helidon is in the chunk whose size line was read last: it reads the chunk's data ({@code
   * readBuffer(size)}, which skips {@code size} bytes), then skips two bytes, which must be the
   * CRLF that ends the chunk. {@code chunkData} is the size of the data still to be skipped, 0 when
   * the CRLF comes next, -1 outside a chunk.
   */
  private int chunkData = -1;

  RequestReader(Supplier<byte[]> source) {
    super(source);
  }

  /**
   * The next chunk's size in hex, without extensions; after the last chunk (size {@code 0}), reads
   * the trailer section and returns an empty line, as Helidon expects there.
   */
  @Override
  public String readLine() {
    if (lastChunkRead) {
      lastChunkRead = false;
      skipTrailers();
      return "";
    }
    int size = chunkSize(line(MAX_LINE));
    lastChunkRead = size == 0;
    chunkData = size > 0 ? size : -1;
    return Integer.toHexString(size);
  }

  /**
   * Skips as asked, except the two bytes Helidon skips after a chunk's data: they must be CRLF, or
   * the chunk was not as long as it said and its framing is a lie.
   */
  @Override
  public void skip(int length) {
    if (chunkData > 0 && length == chunkData) {
      chunkData = 0;
    } else if (chunkData == 0 && length == 2) {
      chunkData = -1;
      if (read() != '\r' || read() != '\n') {
        throw malformed("a chunk does not end with CRLF");
      }
      return;
    }
    super.skip(length);
  }

  private void skipTrailers() {
    int budget = MAX_TRAILERS;
    for (String line = line(MAX_LINE); !line.isEmpty(); line = line(MAX_LINE)) {
      budget -= line.length() + 2;
      if (budget < 0) {
        throw malformed("trailer section too large");
      }
    }
  }

  /**
   * The size of {@code chunk-size [ chunk-ext ]}: one or more hex digits, then optional whitespace
   * and {@code ;} extensions of visible ASCII. Sizes beyond {@code int} become {@link
   * Integer#MAX_VALUE}, which the server's payload limit then refuses with a 413.
   */
  static int chunkSize(String line) {
    int i = 0;
    long size = 0;
    while (i < line.length() && hexDigit(line.charAt(i)) >= 0) {
      size = Math.min(size * 16 + hexDigit(line.charAt(i)), Integer.MAX_VALUE);
      i++;
    }
    if (i == 0 || !extensions(line, i)) {
      throw malformed("invalid chunk size line");
    }
    return (int) size;
  }

  private static int hexDigit(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  /** Whether {@code line} from {@code from} is whitespace, then nothing or {@code ;} and more. */
  private static boolean extensions(String line, int from) {
    int i = from;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    if (i == line.length()) {
      return true;
    }
    if (line.charAt(i) != ';') {
      return false;
    }
    for (; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }

  /** One CRLF-terminated line of at most {@code max} bytes, as ASCII. */
  private String line(int max) {
    int end;
    try {
      end = findNewLine(max + 1);
    } catch (IncorrectNewLineException e) {
      throw malformed("a line does not end with CRLF");
    }
    if (end > max) {
      throw malformed("line too long");
    }
    String line = readAsciiString(end);
    skip(2);
    return line;
  }

  private static RequestException malformed(String message) {
    return RequestException.builder()
        .type(DirectHandler.EventType.BAD_REQUEST)
        .status(Status.BAD_REQUEST_400)
        .setKeepAlive(false)
        .message(message)
        .build();
  }
}
