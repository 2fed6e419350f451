#!/usr/bin/env python3
"""Test server for the socket transport (tests/unit/test_socket.c). Python stdlib only.

Speaks HTTP/1.1 by hand so that framing, splits and failures are exactly under control.
Listens on 127.0.0.1 (free ports) and prints one line:
    ready <http_port> <https_port or 0> <proxy_port>
Options: --cert FILE --key FILE (enables the TLS port), --proxy-auth USER:PASS (the proxy
then demands Proxy-Authorization: Basic ...).

Origin paths (plain and TLS):
  /hello            "hello world" with Content-Length
  /chunked          chunked body written in pieces, with chunk extensions and trailers
  /split            Content-Length body, head and body written a few bytes at a time
  /big?n=N          N bytes of pattern (i % 251), Content-Length, large writes
  /bigchunked?n=N   the same, chunked with varying chunk sizes
  /close-mid        Content-Length 1000, sends 500 bytes, closes
  /stall            headers and 10 of 100 bytes, then silence for 5 s
  /drip             100 bytes, one every 50 ms
  /no-read          reads the request head only, then waits 5 s (the body is never taken)
  /echo             the request body back; X-Method, X-Target, X-Host, X-Req-CL, X-Req-TE
  /head             Content-Length 100 (no body for HEAD)
  /close            a body with Connection: close
  /drop-next        "ok"; the next request on this connection gets no response (closed)
  /interim          100 Continue, 103 Early Hints, then 200
  /no-length        HTTP/1.0 body delimited by close
  /stats            JSON counters: connections, proxy_connects, proxy_requests, proxy_auth
"""
import argparse
import base64
import json
import select
import socket
import socketserver
import ssl
import sys
import threading
import time

STATS = {"connections": 0, "proxy_connects": 0, "proxy_requests": 0, "proxy_auth": ""}
LOCK = threading.Lock()


def bump(key, value=None):
    with LOCK:
        if value is None:
            STATS[key] += 1
        else:
            STATS[key] = value


def pattern(n):
    block = bytes(i % 251 for i in range(251 * 1024))
    out = bytearray()
    while len(out) < n:
        out += block
    return bytes(out[:n])


def read_head(rfile):
    """Request line and headers, or None at end of stream."""
    line = rfile.readline(65536)
    while line in (b"\r\n", b"\n"):
        line = rfile.readline(65536)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers = []
    while True:
        h = rfile.readline(65536)
        if h in (b"\r\n", b"\n", b""):
            break
        name, _, value = h.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    return method, target, headers


def header(headers, name):
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return None


def read_body(rfile, headers):
    te = header(headers, "Transfer-Encoding")
    if te and te.lower() == "chunked":
        body = bytearray()
        while True:
            size = int(rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(body)
            body += rfile.read(size)
            rfile.readline()
    n = int(header(headers, "Content-Length") or 0)
    return rfile.read(n) if n else b""


class Origin(socketserver.StreamRequestHandler):
    def setup(self):
        super().setup()
        bump("connections")

    def send(self, data):
        self.wfile.write(data)
        self.wfile.flush()

    def respond(self, status, body=b"", headers=(), reason="OK"):
        head = "HTTP/1.1 %d %s\r\n" % (status, reason)
        for k, v in headers:
            head += "%s: %s\r\n" % (k, v)
        head += "Content-Length: %d\r\n\r\n" % len(body)
        self.send(head.encode("latin-1") + body)

    def handle(self):
        drop_next = False
        while True:
            try:
                req = read_head(self.rfile)
            except (ConnectionError, ValueError):
                return
            if req is None:
                return
            method, target, headers = req
            if target == "/no-read":  # never takes the request body
                time.sleep(5)
                return
            body = read_body(self.rfile, headers)
            if drop_next:
                return
            path = target
            if path.startswith("http://") or path.startswith("https://"):
                path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
            path, _, query = path.partition("?")
            args = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
            keep = getattr(self, "route_" + path.strip("/").replace("-", "_"), None)
            if keep is None:
                self.respond(404, b"not found", reason="Not Found")
                continue
            result = keep(method, target, headers, body, args)
            if result == "close":
                return
            if result == "drop-next":
                drop_next = True

    def route_hello(self, method, target, headers, body, args):
        self.respond(200, b"hello world", [("X-Test", "yes")])

    def route_chunked(self, method, target, headers, body, args):
        self.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        for piece in [b"5;ext=1\r\nhello", b"\r\n", b"1\r\n \r\n1", b"4\r\n0123456789abcdefghij\r", b"\n",
                      b"0\r\nX-Trailer: yes\r\n", b"\r\n"]:
            self.send(piece)
            time.sleep(0.01)

    def route_split(self, method, target, headers, body, args):
        data = b"HTTP/1.1 200 OK\r\nX-Split: a b\r\nContent-Length: 1000\r\n\r\n" + b"0123456789" * 100
        for i in range(0, len(data), 7):
            self.send(data[i:i + 7])
            if i % 70 == 0:
                time.sleep(0.002)

    def route_big(self, method, target, headers, body, args):
        n = int(args.get("n", "1048576"))
        self.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % n)
        data = pattern(min(n, 251 * 16384))  # a whole number of periods: repeats seamlessly
        sent = 0
        while sent < n:
            k = min(len(data), n - sent)
            self.wfile.write(data[:k])
            sent += k
        self.wfile.flush()

    def route_bigchunked(self, method, target, headers, body, args):
        n = int(args.get("n", "1048576"))
        data = pattern(n)
        self.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        off, size = 0, 1
        while off < n:
            k = min(size, n - off)
            self.wfile.write(b"%x\r\n" % k + data[off:off + k] + b"\r\n")
            off += k
            size = size * 7 % 200003 + 1
        self.send(b"0\r\n\r\n")

    def route_close_mid(self, method, target, headers, body, args):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 500)
        return "close"

    def route_stall(self, method, target, headers, body, args):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"y" * 10)
        time.sleep(5)
        return "close"

    def route_drip(self, method, target, headers, body, args):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        for _ in range(100):
            time.sleep(0.05)
            self.send(b"d")

    def route_echo(self, method, target, headers, body, args):
        extra = [("X-Method", method), ("X-Target", target), ("X-Host", header(headers, "Host") or ""),
                 ("X-Req-CL", header(headers, "Content-Length") or "-"),
                 ("X-Req-TE", header(headers, "Transfer-Encoding") or "-")]
        self.respond(200, body, extra)

    def route_head(self, method, target, headers, body, args):
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"
        self.send(head if method == "HEAD" else head + b"h" * 100)

    def route_close(self, method, target, headers, body, args):
        self.respond(200, b"bye", [("Connection", "close")])
        return "close"

    def route_drop_next(self, method, target, headers, body, args):
        self.respond(200, b"ok")
        return "drop-next"

    def route_interim(self, method, target, headers, body, args):
        self.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.send(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n")
        self.respond(200, b"final")

    def route_no_length(self, method, target, headers, body, args):
        self.send(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"until close")
        return "close"

    def route_stats(self, method, target, headers, body, args):
        with LOCK:
            data = json.dumps(STATS).encode()
        self.respond(200, data, [("Content-Type", "application/json")])


class TlsOrigin(Origin):
    pass


def relay(a, b):
    """Copies bytes both ways until either side closes."""
    socks = [a, b]
    try:
        while True:
            ready, _, _ = select.select(socks, [], [], 30)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        return


class Proxy(socketserver.StreamRequestHandler):
    """A forward proxy: CONNECT tunnels, and absolute-form requests relayed as they are."""
    auth = None
    rbufsize = 0  # unbuffered: nothing past the request head is read before the relay starts

    def handle(self):
        req = read_head(self.rfile)
        if req is None:
            return
        method, target, headers = req
        got = header(headers, "Proxy-Authorization") or ""
        bump("proxy_auth", got)
        if self.auth and got != "Basic " + base64.b64encode(self.auth.encode()).decode():
            self.wfile.write(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                             b"Proxy-Authenticate: Basic\r\nContent-Length: 4\r\n\r\ndeny")
            return
        if method == "CONNECT":
            bump("proxy_connects")
            host, _, port = target.rpartition(":")
            upstream = socket.create_connection((host, int(port)))
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
        else:
            bump("proxy_requests")
            hostport = target.split("/")[2]
            host, _, port = hostport.partition(":")
            upstream = socket.create_connection((host, int(port or 80)))
            head = "%s %s HTTP/1.1\r\n" % (method, target)
            head += "".join("%s: %s\r\n" % (k, v) for k, v in headers) + "\r\n"
            upstream.sendall(head.encode("latin-1"))
        relay(self.connection, upstream)
        upstream.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # clients that give up early (timeout tests) are expected


class TlsServer(Server):
    context = None

    def get_request(self):
        sock, addr = super().get_request()
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def finish_request(self, request, client_address):
        try:
            request.do_handshake()
        except (ssl.SSLError, OSError):
            return  # the client refused our certificate: that is what some tests want
        super().finish_request(request, client_address)


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--proxy-auth")
    opts = ap.parse_args()
    http_port = serve(Server(("127.0.0.1", 0), Origin))
    tls_port = 0
    if opts.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.cert, opts.key)
        TlsServer.context = ctx
        tls_port = serve(TlsServer(("127.0.0.1", 0), TlsOrigin))
    Proxy.auth = opts.proxy_auth
    proxy_port = serve(Server(("127.0.0.1", 0), Proxy))
    print("ready %d %d %d" % (http_port, tls_port, proxy_port), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
