package dev.boxoffice.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One TCP connection to a test server that writes whatever bytes a test wants, well-formed HTTP or
 * not, and reads responses one at a time. For the cases an HTTP client refuses to send.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final PushbackInputStream in;
  private final OutputStream out;

  RawConnection(int port) {
    try {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(10_000);
      in = new PushbackInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response: its status, its head as text (lower-cased names) and its body. */
  record Response(int status, String head, String body) {
    /** Whether the server said it closes the connection after this response. */
    boolean closes() {
      return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
    }
  }

  /** Writes bytes as they are; false if the server has closed the connection. */
  boolean write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  boolean write(String latin1) {
    return write(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * The next response, read by its Content-Length; empty if the connection closed first.
   *
   * @throws UncheckedIOException if nothing complete arrives within {@code timeout}
   */
  Optional<Response> read(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      String head = readHead();
      if (head == null) {
        return Optional.empty();
      }
      int status = Integer.parseInt(head.substring(9, 12));
      int length = contentLength(head);
      byte[] body = in.readNBytes(length);
      if (body.length < length) {
        return Optional.empty();
      }
      return Optional.of(new Response(status, head, new String(body, StandardCharsets.UTF_8)));
    } catch (SocketException e) {
      return Optional.empty(); // reset by the server
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the server sends anything (or closes) within {@code timeout}; nothing is consumed. */
  boolean answersWithin(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      int b = in.read();
      if (b >= 0) {
        in.unread(b);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Whether the server closes the connection within {@code timeout}, discarding what it sends. */
  boolean closedWithin(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] sink = new byte[4096];
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        if (in.read(sink) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return 0;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do: the test is done with it
    }
  }
}
