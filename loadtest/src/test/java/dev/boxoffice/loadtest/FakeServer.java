package dev.boxoffice.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal keep-alive HTTP/1.1 server on a loopback port for tests: it parses each request (head
 * and Content-Length body) and answers with what a handler returns, as Content-Length or, when
 * asked, chunked. Each connection is served on its own virtual thread.
 */
final class FakeServer implements AutoCloseable {
  /** A request as the handler sees it. */
  record Exchange(String method, String path, Map<String, String> headers, String body) {
    String bearer() {
      String auth = headers.getOrDefault("authorization", "");
      return auth.startsWith("Bearer ") ? auth.substring(7) : "";
    }
  }

  /** An answer: status, JSON body (may be empty), and whether to send it chunked. */
  record Answer(int status, String body, boolean chunked) {
    static Answer of(int status, String body) {
      return new Answer(status, body, false);
    }
  }

  @FunctionalInterface
  interface Handler {
    Answer handle(Exchange exchange);
  }

  private final ServerSocket socket;
  private final Handler handler;
  private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
  private final Thread acceptor;

  FakeServer(Handler handler) throws IOException {
    this(handler, 0);
  }

  /** On {@code port}, or a free one when it is 0. */
  FakeServer(Handler handler, int port) throws IOException {
    this.socket = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
    this.handler = handler;
    this.acceptor = Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return socket.getLocalPort();
  }

  Target target() {
    return Target.local(port());
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        open.put(s, true);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream in = new java.io.BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream()) {
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String[] lines = head.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          headers.put(
              lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        Answer answer = handler.handle(new Exchange(requestLine[0], requestLine[1], headers, body));
        out.write(encode(answer));
        out.flush();
      }
    } catch (IOException e) {
      // The client went away.
    } finally {
      open.remove(s);
    }
  }

  static byte[] encode(Answer answer) {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "HTTP/1.1 " + answer.status() + " X\r\nContent-Type: application/json\r\n";
    if (answer.chunked()) {
      out.writeBytes(
          (head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      int half = body.length / 2;
      writeChunk(out, body, 0, half);
      writeChunk(out, body, half, body.length);
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      out.writeBytes(
          (head + "Content-Length: " + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static void writeChunk(ByteArrayOutputStream out, byte[] body, int from, int to) {
    if (to > from) {
      out.writeBytes((Integer.toHexString(to - from) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, from, to - from);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched =
          (b == '\r' || b == '\n') && (matched % 2 == 0) == (b == '\r')
              ? matched + 1
              : b == '\r' ? 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open.keySet()) {
      s.close();
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
