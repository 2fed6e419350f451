"""HTTP plumbing shared by the hub and CDN servers.

* ThreadingHTTPServer with HTTP/1.1 keep-alive and TCP_NODELAY on every accepted socket.
* One `Response` object per request; headers and small bodies leave in a single write,
  files go out with os.sendfile (or a plain loop when a fault must touch the bytes).
* Every request passes the fault engine (faults.py) and lands in the request log.
"""

import http.server
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse

SMALL_BODY = 64 * 1024  # bodies up to this size are sent in the same write as the headers

REASONS = http.server.BaseHTTPRequestHandler.responses


class HTTPError(Exception):
    """Raised by route code; turned into a Hub-style error response."""

    def __init__(self, status, message, code=None, headers=None, body=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}
        self.body = body


class ResetConnection(Exception):
    """Raised to drop the connection with a TCP RST (fault injection)."""


class FileBody:
    """A byte range of a file on disk, sent with sendfile when possible."""

    def __init__(self, path, offset, length):
        self.path = path
        self.offset = offset
        self.length = length


class Response:
    def __init__(self, status=200, headers=None, body=b""):
        self.status = status
        self.headers = []  # list of (name, value), order kept
        for k, v in (headers or {}).items() if isinstance(headers, dict) else (headers or []):
            self.headers.append((k, str(v)))
        self.body = body  # bytes or FileBody
        self.head_only = False

    def set(self, name, value):
        low = name.lower()
        self.headers = [(k, v) for (k, v) in self.headers if k.lower() != low]
        self.headers.append((name, str(value)))

    def get(self, name):
        low = name.lower()
        for k, v in self.headers:
            if k.lower() == low:
                return v
        return None

    def body_length(self):
        if isinstance(self.body, FileBody):
            return self.body.length
        if isinstance(self.body, StreamBody):
            return 0
        return len(self.body)


class StreamBody:
    """A body produced while it is sent (server-sent events): an iterable of bytes, sent with
    chunked transfer encoding, each piece flushed as it comes."""

    def __init__(self, pieces):
        self.pieces = pieces


def json_response(obj, status=200, headers=None):
    body = json.dumps(obj, separators=(",", ":")).encode()
    r = Response(status, headers, body)
    r.set("Content-Type", "application/json; charset=utf-8")
    return r


def latin1(s):
    return str(s).encode("latin-1", "replace").decode("latin-1").replace("\r", " ").replace("\n", " ")


def error_response(status, message, code=None, headers=None, body=None):
    r = Response(status, headers)
    if body is None:
        body = json.dumps({"error": message}).encode()
        r.set("Content-Type", "application/json; charset=utf-8")
    r.body = body
    if code:
        r.set("X-Error-Code", code)
    r.set("X-Error-Message", latin1(message))
    return r


class Request:
    """What route code sees: method, split path, query, headers, lazily read body."""

    def __init__(self, handler):
        self.handler = handler
        self.method = handler.command
        self.is_head = handler.command == "HEAD"  # routes may treat HEAD as GET; no body is sent
        self.raw_path = handler.path
        parsed = urllib.parse.urlsplit(handler.path)
        self.path = parsed.path  # still percent-encoded
        self.query_string = parsed.query
        self.query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        self.headers = handler.headers
        self.server_name = handler.server.name
        self._body = None

    def q(self, name, default=None):
        v = self.query.get(name)
        return v[-1] if v else default

    def qlist(self, name):
        return self.query.get(name, [])

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def host_url(self):
        host = self.headers.get("Host")
        if not host:
            host = "127.0.0.1:%d" % self.handler.server.server_address[1]
        return ("https://" if self.handler.server.ssl_ctx else "http://") + host

    def body(self, limit=None):
        if self._body is None:
            self._body = self.handler.read_body(limit)
        return self._body

    def body_to_file(self, fobj, on_chunk=None, limit=None):
        """Stream the request body into fobj; returns the byte count."""
        return self.handler.read_body_into(fobj, on_chunk, limit)

    def json(self):
        data = self.body()
        try:
            return json.loads(data.decode("utf-8") if data else "null")
        except (ValueError, UnicodeDecodeError) as e:
            raise HTTPError(400, "Invalid JSON body: %s" % e)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "localhub"
    sys_version = ""
    timeout = 300

    def setup(self):
        ctx = self.server.ssl_ctx
        if ctx is not None:  # TLS handshake here, in the connection's thread
            self.request.settimeout(30)
            self.request = ctx.wrap_socket(self.request, server_side=True)
            self.request.settimeout(None)
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, fmt, *args):  # quiet: the JSON request log replaces it
        if not self.server.app.quiet and os.environ.get("LOCALHUB_DEBUG"):
            sys.stderr.write("%s %s\n" % (self.server.name, fmt % args))

    # ---- request body -------------------------------------------------------------
    def _body_chunks(self, limit=None):
        self._req_fault_check()
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise HTTPError(400, "Truncated chunked body")
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise HTTPError(400, "Bad chunk size")
                if size == 0:
                    while True:
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    return
                left = size
                while left:
                    data = self.rfile.read(min(left, 1 << 20))
                    if not data:
                        raise HTTPError(400, "Truncated chunked body")
                    left -= len(data)
                    self._count_req(len(data))
                    yield data
                self.rfile.readline(3)
            return
        cl = self.headers.get("Content-Length")
        if cl is None:
            return
        try:
            n = int(cl)
        except ValueError:
            raise HTTPError(400, "Bad Content-Length")
        if n < 0:
            raise HTTPError(400, "Bad Content-Length")
        if limit is not None and n > limit:
            raise HTTPError(413, "Payload too large")
        while n:
            data = self.rfile.read(min(n, 1 << 20))
            if not data:
                raise HTTPError(400, "Truncated body")
            n -= len(data)
            self._count_req(len(data))
            yield data

    def _req_fault_check(self):
        pass

    def _count_req(self, n):
        self._req_bytes += n
        f = self._fault
        if f and f.kind == "reset" and f.on == "request" and self._req_bytes >= f.after_bytes:
            raise ResetConnection()

    def read_body(self, limit=None):
        if self._body_consumed:
            return b""
        parts = []
        total = 0
        for c in self._body_chunks(limit):
            total += len(c)
            if limit is not None and total > limit:
                raise HTTPError(413, "Payload too large")
            parts.append(c)
        self._body_consumed = True
        return b"".join(parts)

    def read_body_into(self, fobj, on_chunk=None, limit=None):
        """Stream the body to fobj. Hashing (on_chunk) and disk writes run in a helper thread
        while this one reads the socket: hashlib and file writes release the GIL, so a large
        upload uses two cores instead of one."""
        import queue
        q = queue.Queue(maxsize=16)
        failure = []

        def worker():
            while True:
                c = q.get()
                if c is None:
                    return
                if failure:
                    continue
                try:
                    if on_chunk:
                        on_chunk(c)
                    fobj.write(c)
                except Exception as e:  # reported after the body was read
                    failure.append(e)

        t = threading.Thread(target=worker, daemon=True)
        t.start()
        total = 0
        try:
            for c in self._body_chunks(limit):
                total += len(c)
                if limit is not None and total > limit:
                    raise HTTPError(413, "Payload too large")
                q.put(c)
        finally:
            q.put(None)
            t.join()
        if failure:
            raise failure[0]
        self._body_consumed = True
        return total

    def _drain_body(self):
        if self._body_consumed:
            return
        try:
            for _ in self._body_chunks():
                pass
        except HTTPError:
            self.close_connection = True
        self._body_consumed = True

    # ---- dispatch -----------------------------------------------------------------
    def handle_one_request(self):
        # Same as the stdlib one, but with our own dispatch for every method.
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline = ""
                self.request_version = ""
                self.command = ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._dispatch()
            self.wfile.flush()
        except (socket.timeout, TimeoutError):
            self.close_connection = True
        except (ConnectionResetError, BrokenPipeError):
            self.close_connection = True

    def _dispatch(self):
        app = self.server.app
        t0 = time.time()
        self._req_bytes = 0
        self._body_consumed = False
        self._fault = None
        req = Request(self)
        admin = req.path.startswith("/__localhub/")
        token = None if admin else app.log.begin()
        fault = None if admin else app.faults.match(self.server.name, req.method, req.path, req.raw_path)
        self._fault = fault
        resp = None
        sent = 0
        status = 0
        try:
            if fault is not None:
                resp = fault.before(req, app)
            if resp is None:
                try:
                    resp = self.server.route(req)
                except HTTPError as e:
                    resp = error_response(e.status, e.message, e.code, e.headers, e.body)
            if not self._body_consumed:
                self._drain_body()
            status = resp.status
            sent = self._send(req, resp, fault)
        except ResetConnection:
            status = status or 0
            self._rst()
        except HTTPError as e:  # body reading problems
            resp = error_response(e.status, e.message, e.code)
            self.close_connection = True
            status = resp.status
            try:
                sent = self._send(req, resp, None)
            except OSError:
                pass
        except (ConnectionResetError, BrokenPipeError):
            self.close_connection = True
        except Exception as e:  # a bug: answer 500, keep serving
            import traceback
            traceback.print_exc()
            resp = error_response(500, "Internal error: %s" % e)
            status = 500
            self.close_connection = True
            try:
                sent = self._send(req, resp, None)
            except OSError:
                pass
        finally:
            if not admin:
                try:
                    app.log.add(self.server.name, req, status, resp, self._req_bytes, sent,
                                fault.kind if fault else None, time.time() - t0, token)
                finally:
                    app.log.end(token)

    def _rst(self):
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True
        try:
            self.connection.close()
        except OSError:
            pass

    def _send(self, req, resp, fault):
        """Write status line, headers and body. Returns body bytes written."""
        head_only = req.is_head or resp.status in (204, 304) or resp.head_only
        if fault is not None and fault.kind in ("chunked", "gzip") and not head_only:
            fault.transform(req, resp)
        length = resp.body_length()
        if resp.get("Content-Length") is None and resp.get("Transfer-Encoding") is None:
            resp.set("Content-Length", length)
        rid = self.server.app.next_request_id()
        if resp.get("X-Request-Id") is None:
            resp.set("X-Request-Id", rid)
        if self.close_connection or (self.headers.get("Connection", "").lower() == "close"):
            resp.set("Connection", "close")
            self.close_connection = True
        lines = ["HTTP/1.1 %d %s" % (resp.status, REASONS.get(resp.status, ("",))[0])]
        lines.append("Date: " + self.date_time_string())
        lines.append("Server: localhub")
        for k, v in resp.headers:
            lines.append("%s: %s" % (k, v))
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        if fault is not None and fault.kind == "delay_headers":
            pass  # applied in fault.before
        if head_only:
            self.wfile.write(head)
            return 0
        body = resp.body
        if fault is not None and fault.kind in ("reset", "truncate", "corrupt", "delay_body") and fault.on != "request":
            return fault.write_body(self, head, body, length)
        if isinstance(body, FileBody):
            self.wfile.write(head)
            return self._sendfile(body)
        if isinstance(body, StreamBody):
            self.wfile.write(head)
            total = 0
            for piece in body.pieces:
                if piece:
                    self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
                    self.wfile.flush()
                    total += len(piece)
            self.wfile.write(b"0\r\n\r\n")
            return total
        if resp.get("Transfer-Encoding") == "chunked":
            step = max(1, getattr(fault, "chunk_size", 8192))
            out = [head]
            for i in range(0, len(body), step):
                c = body[i:i + step]
                out.append(b"%x\r\n" % len(c) + c + b"\r\n")
            out.append(b"0\r\n\r\n")
            self.wfile.write(b"".join(out))
            return len(body)
        if len(body) <= SMALL_BODY:
            self.wfile.write(head + body)
        else:
            self.wfile.write(head)
            self.wfile.write(body)
        return len(body)

    def _sendfile(self, fb):
        with open(fb.path, "rb") as f:
            sock = self.connection
            offset = fb.offset
            left = fb.length
            sent_total = 0
            try:
                if self.server.ssl_ctx is not None:
                    raise OSError("no sendfile through TLS")
                while left > 0:
                    n = os.sendfile(sock.fileno(), f.fileno(), offset, min(left, 1 << 26))
                    if n == 0:
                        break
                    offset += n
                    left -= n
                    sent_total += n
            except (AttributeError, OSError) as e:
                if isinstance(e, (BrokenPipeError, ConnectionResetError)):
                    raise
                f.seek(offset)
                while left > 0:
                    data = f.read(min(left, 1 << 20))
                    if not data:
                        break
                    self.wfile.write(data)
                    left -= len(data)
                    sent_total += len(data)
            return sent_total


def iter_body(body, length):
    """Yield the body bytes in chunks (used when a fault has to see them)."""
    if isinstance(body, FileBody):
        with open(body.path, "rb") as f:
            f.seek(body.offset)
            left = body.length
            while left > 0:
                data = f.read(min(left, 1 << 20))
                if not data:
                    break
                left -= len(data)
                yield data
    else:
        step = 1 << 20
        for i in range(0, len(body), step):
            yield body[i:i + step]


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr, name, app, route, ssl_ctx=None):
        self.ssl_ctx = ssl_ctx
        self.name = name
        self.app = app
        self.route = route
        super().__init__(addr, Handler)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host
        self.server_port = port

    def handle_error(self, request, client_address):
        pass


def serve_in_thread(server):
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    return t
