package dev.boxoffice.loadtest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection with one request in flight at a time: write the request's
 * bytes, read one response (Content-Length, chunked, or until close), repeat.
 *
 * <p>It is deliberately small: the JDK's {@code HttpClient} spends more CPU per request than the
 * server under test on this kind of machine, and a load generator that is the bottleneck measures
 * itself. A request is one {@code write}; a response is parsed in place in one reusable buffer, and
 * only the body is copied out. Blocking I/O, so it runs on a platform or a virtual thread alike; a
 * read that waits longer than the timeout fails with {@link java.net.SocketTimeoutException}
 * instead of hanging a bounded run.
 *
 * <p>Thread policy: confined to one thread at a time (the worker that owns it).
 */
final class HttpConnection implements AutoCloseable {
  private static final int MAX_HEAD = 64 * 1024;
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private byte[] buf = new byte[16 * 1024];
  private int pos;
  private int limit;
  private boolean reusable = true;

  private HttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code address}, failing after {@code timeout} for the connect and any read. */
  static HttpConnection open(InetSocketAddress address, Duration timeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      socket.connect(address, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      return new HttpConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends {@code request} and reads its response. After an exception, or when the server said
   * {@code Connection: close}, the connection is no longer {@link #reusable()}.
   */
  Response exchange(Request request) throws IOException {
    if (!reusable) {
      throw new IllegalStateException("connection closed; open a new one");
    }
    try {
      out.write(request.bytes());
      return readResponse();
    } catch (IOException | RuntimeException e) {
      reusable = false;
      throw e;
    }
  }

  /** Whether another request may be sent on this connection. */
  boolean reusable() {
    return reusable;
  }

  @Override
  public void close() {
    reusable = false;
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket we are done with; nothing to do about it.
    }
  }

  private Response readResponse() throws IOException {
    int lineEnd = lineEnd();
    if (lineEnd - pos < 12 || !startsWith(pos, "HTTP/1.")) {
      throw new ProtocolException("not an HTTP/1.x status line");
    }
    int status = digit(pos + 9) * 100 + digit(pos + 10) * 10 + digit(pos + 11);
    // HTTP/1.0 closes after the response unless it says keep-alive; we never ask it to.
    boolean close = buf[pos + 7] == '0';
    pos = lineEnd + 2;
    long contentLength = -1;
    boolean chunked = false;
    while (true) {
      lineEnd = lineEnd();
      if (lineEnd == pos) {
        pos += 2;
        break;
      }
      if (headerIs("content-length:", lineEnd)) {
        contentLength = parseLong(pos + 15, lineEnd);
      } else if (headerIs("transfer-encoding:", lineEnd)) {
        chunked = valueContains(pos + 18, lineEnd, "chunked");
      } else if (headerIs("connection:", lineEnd)) {
        close = valueContains(pos + 11, lineEnd, "close");
      }
      pos = lineEnd + 2;
    }
    byte[] body;
    if (status == 204 || status == 304 || status < 200) {
      body = new byte[0];
    } else if (chunked) {
      body = readChunked();
    } else if (contentLength >= 0) {
      if (contentLength > MAX_BODY) {
        throw new ProtocolException("body too large: " + contentLength);
      }
      body = readExactly((int) contentLength);
    } else {
      body = readToClose();
      close = true;
    }
    if (close) {
      reusable = false;
    }
    return new Response(status, body);
  }

  private byte[] readChunked() throws IOException {
    byte[] body = new byte[0];
    int length = 0;
    while (true) {
      int lineEnd = lineEnd();
      int sizeEnd = pos;
      while (sizeEnd < lineEnd && buf[sizeEnd] != ';' && buf[sizeEnd] != ' ') {
        sizeEnd++;
      }
      long size = parseHex(pos, sizeEnd);
      pos = lineEnd + 2;
      if (size == 0) {
        // Trailers, if any, end with an empty line.
        while (true) {
          lineEnd = lineEnd();
          boolean empty = lineEnd == pos;
          pos = lineEnd + 2;
          if (empty) {
            return length == body.length ? body : Arrays.copyOf(body, length);
          }
        }
      }
      if (length + size > MAX_BODY) {
        throw new ProtocolException("chunked body too large");
      }
      byte[] chunk = readExactly((int) size);
      if (length + chunk.length > body.length) {
        body = Arrays.copyOf(body, Math.max(length + chunk.length, body.length * 2));
      }
      System.arraycopy(chunk, 0, body, length, chunk.length);
      length += chunk.length;
      lineEnd = lineEnd();
      if (lineEnd != pos) {
        throw new ProtocolException("chunk not followed by CRLF");
      }
      pos += 2;
    }
  }

  private byte[] readExactly(int n) throws IOException {
    byte[] body = new byte[n];
    int buffered = Math.min(n, limit - pos);
    System.arraycopy(buf, pos, body, 0, buffered);
    pos += buffered;
    int read = buffered;
    while (read < n) {
      int r = in.read(body, read, n - read);
      if (r < 0) {
        throw new EOFException("connection closed in the middle of a body");
      }
      read += r;
    }
    return body;
  }

  private byte[] readToClose() throws IOException {
    byte[] body = Arrays.copyOfRange(buf, pos, limit);
    int length = body.length;
    pos = limit;
    while (true) {
      if (length == body.length) {
        if (length >= MAX_BODY) {
          throw new ProtocolException("body too large");
        }
        body = Arrays.copyOf(body, Math.max(1024, length * 2));
      }
      int r = in.read(body, length, body.length - length);
      if (r < 0) {
        return Arrays.copyOf(body, length);
      }
      length += r;
    }
  }

  /** The index of the CR of the next CRLF at or after {@link #pos}, reading more as needed. */
  private int lineEnd() throws IOException {
    int from = pos;
    while (true) {
      for (int i = from; i + 1 < limit; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n') {
          return i;
        }
      }
      from = Math.max(pos, limit - 1);
      int shift = fill();
      from -= shift;
    }
  }

  /** Reads more bytes; returns by how much the buffered bytes moved left to make room. */
  private int fill() throws IOException {
    int shift = 0;
    if (limit == buf.length) {
      if (pos > 0) {
        shift = pos;
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      } else if (buf.length >= MAX_HEAD) {
        throw new ProtocolException("response head larger than " + MAX_HEAD + " bytes");
      } else {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    } else if (pos == limit) {
      shift = pos;
      pos = 0;
      limit = 0;
    }
    int r = in.read(buf, limit, buf.length - limit);
    if (r < 0) {
      throw new EOFException("connection closed by the server");
    }
    limit += r;
    return shift;
  }

  private boolean startsWith(int at, String ascii) {
    if (at + ascii.length() > limit) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (buf[at + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean headerIs(String lowerName, int lineEnd) {
    if (lineEnd - pos < lowerName.length()) {
      return false;
    }
    for (int i = 0; i < lowerName.length(); i++) {
      int c = buf[pos + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean valueContains(int from, int to, String lowerWord) {
    outer:
    for (int i = from; i + lowerWord.length() <= to; i++) {
      for (int j = 0; j < lowerWord.length(); j++) {
        int c = buf[i + j];
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
        }
        if (c != lowerWord.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private int digit(int at) throws ProtocolException {
    int d = buf[at] - '0';
    if (d < 0 || d > 9) {
      throw new ProtocolException("bad status code");
    }
    return d;
  }

  private long parseLong(int from, int to) throws ProtocolException {
    long value = 0;
    boolean any = false;
    for (int i = from; i < to; i++) {
      byte c = buf[i];
      if (c == ' ' || c == '\t') {
        continue;
      }
      if (c < '0' || c > '9' || value > MAX_BODY) {
        throw new ProtocolException("bad Content-Length");
      }
      value = value * 10 + (c - '0');
      any = true;
    }
    if (!any) {
      throw new ProtocolException("empty Content-Length");
    }
    return value;
  }

  private long parseHex(int from, int to) throws ProtocolException {
    long value = 0;
    if (from == to) {
      throw new ProtocolException("empty chunk size");
    }
    for (int i = from; i < to; i++) {
      int c = buf[i];
      int d =
          c >= '0' && c <= '9'
              ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0 || value > MAX_BODY) {
        throw new ProtocolException("bad chunk size");
      }
      value = value * 16 + d;
    }
    return value;
  }
}
