#!/usr/bin/env python3
"""A stand-in OTLP/HTTP collector that accepts spans and drops them, counting what it got.

For measuring what tracing costs the server without a collector's own cost on the same machine:
    python3 ops/otlp-sink.py [PORT]        (default 4318, on 127.0.0.1)
    ./boxoffice serve --otlp-endpoint http://127.0.0.1:4318
It answers every POST to /v1/traces with 200 and an empty body, and prints how many requests and
bytes it received when stopped (Ctrl-C).
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = {"requests": 0, "bytes": 0}


class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        received["requests"] += 1
        received["bytes"] += length
        self.send_response(200 if self.path == "/v1/traces" else 404)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 4318
    server = ThreadingHTTPServer(("127.0.0.1", port), Sink)
    print(f"otlp-sink: listening on http://127.0.0.1:{port}/v1/traces", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    print(f"otlp-sink: {received['requests']} requests, {received['bytes']} bytes", flush=True)
