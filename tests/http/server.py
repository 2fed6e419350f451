#!/usr/bin/env python3
"""HTTP test server for the transport and request-layer tests (Python stdlib only).

Starts on free 127.0.0.1 ports and prints one line:
  ready http=P other=P2 proxy=P3 https=P4 ca=FILE badca=FILE
  - http:  the main server;  other: the same handlers on a second port (a "cross-host"
    target, reached as http://localhost:P2 from URLs naming 127.0.0.1);
  - proxy: an HTTP proxy (CONNECT tunnels and absolute-form forwarding);
  - https: the handlers over TLS, with a certificate for localhost/127.0.0.1 issued by a
    throw-away CA made with the `openssl` command (ca=); badca= is an unrelated CA.
    Without `openssl` on PATH: https=0.

Endpoints (GET unless said; counters are per `key` so tests do not collide):
  /bytes?n=N[&chunked=1][&piece=K][&delay_ms=D]  N bytes, byte i = i % 251; chunked framing
        and/or written in pieces of K bytes with a flush (and a delay) between them
  /conn                  the id of the TCP connection (1, 2, ...) as the body
  /echo (any method)     JSON: method, path, host, authorization (or null), body_len,
        body_sha256, chunked (request body framing)
  /redirect?n=K&kind=rel|abs|cross|proto&code=302   K redirects then /echo; kind cross
        ends with http://localhost:OTHER/echo
  /status?key=K&code=C&times=T[&retry_after=S][&ratelimit=S]   C (with headers) for the
        first T requests of key K, then 200 "ok after N"
  /count?key=K           how many /status requests key K received
  /stall?bytes=N&sleep=S headers (Content-Length N+1), N bytes, then silence for S seconds
        (bytes=-1: silence before the headers)
  /close?len=L&send=S[&chunked=1]   promises L bytes (or chunks), sends S, closes
  /stats                 JSON: connections, proxy_connects, proxy_forwards, proxy_auth (the
                         last Proxy-Authorization the proxy saw)
  /hints                 a 103 Early Hints (with a Link header) before "final" (200)
  /hangup                closes the connection without a response
"""
import hashlib
import json
import os
import shutil
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATS = {"connections": 0, "proxy_connects": 0, "proxy_forwards": 0, "proxy_auth": None}
COUNTS = {}
PORTS = {}


def pattern(n):
    block = bytes(i % 251 for i in range(251))
    reps = n // 251 + 1
    return (block * reps)[:n]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        with LOCK:
            STATS["connections"] += 1
            self.conn_id = STATS["connections"]

    def log_message(self, *args):
        pass

    def q(self):
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))

    def send_body(self, status, body, ctype="application/octet-stream", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return out, True
                out += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n), False

    def route(self):
        path = urllib.parse.urlsplit(self.path).path
        fn = getattr(self, "h_" + path.strip("/").replace("-", "_"), None)
        if fn is None:
            self.read_body()
            self.send_body(404, b"no such endpoint\n", "text/plain")
        else:
            fn(self.q())

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = route

    # ---- endpoints ----
    def h_bytes(self, q):
        n = int(q.get("n", "0"))
        piece = int(q.get("piece", "0")) or 0
        delay = int(q.get("delay_ms", "0")) / 1000.0
        data = pattern(n)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        chunked = q.get("chunked") == "1"
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(n))
        self.end_headers()
        if self.command == "HEAD":
            return
        step = piece or (1000 if chunked else max(n, 1))
        for off in range(0, n, step):
            part = data[off:off + step]
            if chunked:
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
            else:
                self.wfile.write(part)
            self.wfile.flush()
            if delay:
                time.sleep(delay)
        if chunked:
            self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")

    def h_conn(self, q):
        self.send_body(200, str(self.conn_id).encode(), "text/plain")

    def h_echo(self, q):
        body, chunked = self.read_body()
        out = {
            "method": self.command,
            "path": self.path,
            "host": self.headers.get("Host"),
            "authorization": self.headers.get("Authorization"),
            "body_len": len(body),
            "body_sha256": hashlib.sha256(body).hexdigest(),
            "chunked": chunked,
        }
        self.send_body(200, json.dumps(out, sort_keys=True).encode(), "application/json")

    def h_redirect(self, q):
        self.read_body()
        n = int(q.get("n", "1"))
        kind = q.get("kind", "rel")
        code = int(q.get("code", "302"))
        host = self.headers.get("Host")
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        if n > 1:
            target = "/redirect?n=%d&kind=%s&code=%d" % (n - 1, kind, code)
        else:
            target = "/echo"
        if kind == "abs":
            target = "%s://%s%s" % (scheme, host, target)
        elif kind == "proto":
            target = "//%s%s" % (host, target)
        elif kind == "cross" and n <= 1:
            target = "http://localhost:%d/echo" % PORTS["other"]
        elif kind == "rel" and n > 1:
            target = target[1:]  # relative to /: "redirect?n=..."
        self.send_body(code, b"moving", "text/plain", [("Location", target)])

    def h_status(self, q):
        self.read_body()
        key = q.get("key", "")
        with LOCK:
            COUNTS[key] = COUNTS.get(key, 0) + 1
            n = COUNTS[key]
        if n <= int(q.get("times", "1")):
            headers = []
            if "retry_after" in q:
                headers.append(("Retry-After", q["retry_after"]))
            if "ratelimit" in q:
                headers.append(("RateLimit", '"api";r=0;t=%s' % q["ratelimit"]))
                headers.append(("RateLimit-Policy", '"fixed window";"api";q=500;w=300'))
            self.send_body(int(q.get("code", "503")), b"try again", "text/plain", headers)
        else:
            self.send_body(200, b"ok after %d" % n, "text/plain")

    def h_count(self, q):
        with LOCK:
            n = COUNTS.get(q.get("key", ""), 0)
        self.send_body(200, str(n).encode(), "text/plain")

    def h_stall(self, q):
        n = int(q.get("bytes", "0"))
        sleep = float(q.get("sleep", "5"))
        if n < 0:
            time.sleep(sleep)
            return self.close_now()
        self.send_response(200)
        self.send_header("Content-Length", str(n + 1))
        self.end_headers()
        self.wfile.write(pattern(n))
        self.wfile.flush()
        time.sleep(sleep)
        self.close_now()

    def h_close(self, q):
        length, send = int(q.get("len", "1000")), int(q.get("send", "100"))
        self.send_response(200)
        if q.get("chunked") == "1":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"%x\r\n%s\r\n" % (send, pattern(send)))
        else:
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(pattern(send))
        self.wfile.flush()
        self.close_now()

    def h_hints(self, q):
        self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n")
        self.wfile.flush()
        self.send_body(200, b"final", "text/plain")

    def h_hangup(self, q):
        self.close_now()

    def h_stats(self, q):
        with LOCK:
            body = json.dumps(STATS, sort_keys=True).encode()
        self.send_body(200, body, "application/json")

    def close_now(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls = None

    def get_request(self):
        sock, addr = super().get_request()
        if self.tls:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        pass  # clients that hang up or reject our certificate are part of the tests


# ---- the proxy ----
def pipe(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def read_head(sock):
    buf = b""
    while b"\r\n\r\n" not in buf:
        data = sock.recv(4096)
        if not data:
            return None, b""
        buf += data
        if len(buf) > 65536:
            return None, b""
    head, rest = buf.split(b"\r\n\r\n", 1)
    return head.decode("latin-1").split("\r\n"), rest


def allowed(host):
    return host in ("127.0.0.1", "localhost", "::1")


class ProxyHandler(socketserver.BaseRequestHandler):
    def handle(self):
        lines, rest = read_head(self.request)
        if not lines:
            return
        method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
        for l in lines[1:]:
            if l.lower().startswith("proxy-authorization:"):
                with LOCK:
                    STATS["proxy_auth"] = l.split(":", 1)[1].strip()
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            host = host.strip("[]")
            if not allowed(host):
                self.request.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            with LOCK:
                STATS["proxy_connects"] += 1
            up = socket.create_connection((host, int(port)))
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\nX-Proxy: test\r\n\r\n")
            if rest:
                up.sendall(rest)
            self.tunnel(up)
            return
        u = urllib.parse.urlsplit(target)
        if u.scheme != "http" or not allowed(u.hostname or ""):
            self.request.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        with LOCK:
            STATS["proxy_forwards"] += 1
        up = socket.create_connection((u.hostname, u.port or 80))
        path = (u.path or "/") + ("?" + u.query if u.query else "")
        head = ["%s %s HTTP/1.1" % (method, path)]
        head += [l for l in lines[1:] if not l.lower().startswith(("connection:", "proxy-"))]
        head.append("Connection: close")
        up.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + rest)
        self.tunnel(up)

    def tunnel(self, up):
        t = threading.Thread(target=pipe, args=(self.request, up), daemon=True)
        t.start()
        pipe(up, self.request)
        t.join(5)
        up.close()


class ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass


# ---- TLS material ----
def make_certs(d):
    def run(*args):
        subprocess.run(["openssl"] + list(args), cwd=d, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=hfhub test CA")
    run("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf")
    run("req", "-x509", *ec, "-keyout", "bad.key", "-out", "badca.pem", "-days", "2",
        "-subj", "/CN=unrelated CA")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(d, "server.pem"), os.path.join(d, "server.key"))
    return ctx


def serve(srv):
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.server_address[1]


def main():
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    tmp = tempfile.mkdtemp(prefix="hfhub-http-test-")
    try:
        PORTS["http"] = serve(Server(("127.0.0.1", 0), Handler))
        PORTS["other"] = serve(Server(("127.0.0.1", 0), Handler))
        PORTS["proxy"] = serve(ProxyServer(("127.0.0.1", 0), ProxyHandler))
        PORTS["https"] = 0
        ca = badca = "-"
        if shutil.which("openssl"):
            tls = Server(("127.0.0.1", 0), Handler)
            tls.tls = make_certs(tmp)
            PORTS["https"] = serve(tls)
            ca, badca = os.path.join(tmp, "ca.pem"), os.path.join(tmp, "badca.pem")
        print("ready http=%d other=%d proxy=%d https=%d ca=%s badca=%s" % (
            PORTS["http"], PORTS["other"], PORTS["proxy"], PORTS["https"], ca, badca), flush=True)
        while True:
            time.sleep(3600)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
