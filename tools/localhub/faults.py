"""Fault injection and the request log.

A fault is a rule: which server (hub, cdn or any), which method (or any), a Python regular
expression searched in the request path (percent-encoded, without the query string, unless
`match_query` is true), how many matching requests it applies to (`count`, -1 = forever),
and what it does (`kind`). See README.md for the admin API.
"""

import collections
import json
import os
import re
import threading
import time

from .httpcore import HTTPError, Response, ResetConnection, error_response, iter_body

KINDS = ("reset", "status", "delay_headers", "delay_body", "truncate", "corrupt", "expire", "chunked", "gzip",
         "no_range")


class Fault:
    def __init__(self, spec, fid):
        if not isinstance(spec, dict):
            raise HTTPError(400, "fault must be a JSON object")
        self.id = fid
        self.kind = spec.get("kind")
        if self.kind not in KINDS:
            raise HTTPError(400, "unknown fault kind %r (one of %s)" % (self.kind, ", ".join(KINDS)))
        self.pattern = spec.get("pattern", ".*")
        try:
            self.regex = re.compile(self.pattern)
        except re.error as e:
            raise HTTPError(400, "bad pattern: %s" % e)
        self.server = spec.get("server", "any")
        if self.server not in ("hub", "cdn", "router", "any"):
            raise HTTPError(400, "server must be hub, cdn, router or any")
        self.method = (spec.get("method") or "any").upper()
        self.match_query = bool(spec.get("match_query", False))
        self.count = _int(spec.get("count", 1), "count")
        self.after_bytes = _int(spec.get("after_bytes", 0), "after_bytes")
        self.status = _int(spec.get("status", 503), "status")
        self.retry_after = spec.get("retry_after")
        self.ratelimit = bool(spec.get("ratelimit", False))
        self.seconds = float(spec.get("seconds", 1.0))
        self.offset = _int(spec.get("offset", 0), "offset")
        self.length = _int(spec.get("length", 1), "length")
        self.chunk_size = _int(spec.get("chunk_size", 8192), "chunk_size")
        self.on = spec.get("on", "response")
        if self.on not in ("response", "request"):
            raise HTTPError(400, "on must be response or request")
        self.hits = 0
        self.spec = spec

    def describe(self):
        d = dict(self.spec)
        d.update({"id": self.id, "kind": self.kind, "pattern": self.pattern, "server": self.server,
                  "method": self.method, "remaining": self.count, "hits": self.hits})
        return d

    def matches(self, server, method, path, raw_path):
        if self.count == 0:
            return False
        if self.server != "any" and self.server != server:
            return False
        if self.method != "ANY" and self.method != method:
            return False
        return self.regex.search(raw_path if self.match_query else path) is not None

    # ---- before the route runs ------------------------------------------------------
    def before(self, req, app):
        if self.kind == "status":
            body = json.dumps({"error": "localhub fault: injected %d" % self.status}).encode()
            r = error_response(self.status, "localhub fault: injected %d" % self.status, body=body)
            r.set("Content-Type", "application/json")
            if self.retry_after is not None:
                r.set("Retry-After", self.retry_after)
            if self.ratelimit:
                t = self.retry_after if self.retry_after is not None else 1
                r.set("RateLimit", '"api";r=0;t=%s' % t)
                r.set("RateLimit-Policy", '"fixed window";"api";q=500;w=300')
            return r
        if self.kind == "delay_headers":
            time.sleep(self.seconds)
            return None
        if self.kind == "expire":
            if req.server_name == "cdn":
                return Response(403, {"Content-Type": "application/xml"},
                                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                                b"<Message>Request has expired</Message></Error>")
            return None
        if self.kind == "no_range":  # a server without range support: the whole body, 200
            del req.headers["Range"]
            return None
        if self.kind == "reset" and self.on == "request" and self.after_bytes == 0:
            raise ResetConnection()
        return None

    # ---- response transformations (not faults: other legal encodings of the same body) --
    def transform(self, req, resp):
        """chunked: Transfer-Encoding: chunked instead of Content-Length. gzip: also
        Content-Encoding: gzip when the client accepts it (as the Hub does for some text files)."""
        if resp.status != 200:
            return
        data = b"".join(iter_body(resp.body, resp.body_length()))
        if self.kind == "gzip" and "gzip" in (req.header("Accept-Encoding") or "").lower():
            import gzip
            data = gzip.compress(data)
            resp.set("Content-Encoding", "gzip")
        resp.headers = [(k, v) for (k, v) in resp.headers if k.lower() != "content-length"]
        resp.set("Transfer-Encoding", "chunked")
        resp.body = data

    # ---- while the body goes out ------------------------------------------------------
    def write_body(self, handler, head, body, length):
        w = handler.wfile
        sent = 0
        if self.kind == "delay_body":
            w.write(head)
            w.flush()
            first = True
            for chunk in iter_body(body, length):
                if first and self.after_bytes <= 0:
                    time.sleep(self.seconds)
                    first = False
                if self.after_bytes > 0 and sent < self.after_bytes <= sent + len(chunk):
                    cut = self.after_bytes - sent
                    w.write(chunk[:cut])
                    w.flush()
                    time.sleep(self.seconds)
                    w.write(chunk[cut:])
                else:
                    w.write(chunk)
                sent += len(chunk)
            if first and self.after_bytes <= 0:
                time.sleep(self.seconds)
            return sent
        if self.kind == "corrupt":
            w.write(head)
            lo, hi = self.offset, self.offset + max(self.length, 1)
            for chunk in iter_body(body, length):
                a, b = max(lo - sent, 0), min(hi - sent, len(chunk))
                if a < b:
                    buf = bytearray(chunk)
                    for i in range(a, b):
                        buf[i] ^= 0xFF
                    chunk = bytes(buf)
                w.write(chunk)
                sent += len(chunk)
            return sent
        # reset / truncate: stop after `after_bytes` body bytes
        w.write(head)
        for chunk in iter_body(body, length):
            room = self.after_bytes - sent
            if room <= 0:
                break
            part = chunk[:room]
            w.write(part)
            sent += len(part)
        w.flush()
        if self.kind == "reset":
            raise ResetConnection()
        handler.close_connection = True  # truncate: a clean FIN, short body
        return sent


def _int(v, name):
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise HTTPError(400, "%s must be an integer" % name)
    try:
        return int(v)
    except ValueError:
        raise HTTPError(400, "%s must be an integer" % name)


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.next_id = 1

    def add(self, spec):
        with self.lock:
            f = Fault(spec, self.next_id)
            self.next_id += 1
            self.rules.append(f)
            return f

    def clear(self, fid=None):
        with self.lock:
            if fid is None:
                self.rules = []
            else:
                self.rules = [f for f in self.rules if f.id != fid]

    def list(self):
        with self.lock:
            return [f.describe() for f in self.rules]

    def match(self, server, method, path, raw_path):
        if not self.rules:
            return None
        with self.lock:
            for f in self.rules:
                if f.matches(server, method, path, raw_path):
                    if f.count > 0:
                        f.count -= 1
                    f.hits += 1
                    return f
        return None


REDACT = ()


class RequestLog:
    """In-memory ring (and a JSON-lines file under the root) of every non-admin request."""

    def __init__(self, path, keep=50000, max_file_bytes=256 << 20):
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.inflight = set()  # ids of requests being handled (their entry is not written yet)
        self.next_token = 0
        self.entries = collections.deque(maxlen=keep)
        self.seq = 0
        self.path = path
        self.max_file_bytes = max_file_bytes
        self.fh = open(path, "a", buffering=1) if path else None
        self.file_bytes = self.fh.tell() if self.fh else 0

    def begin(self):
        with self.lock:
            self.next_token += 1
            self.inflight.add(self.next_token)
            return self.next_token

    def end(self, token):
        with self.lock:
            self.inflight.discard(token)
            self.cond.notify_all()

    def wait_settled(self, timeout=2.0):
        """Wait until the requests in flight now have been logged (a client that got its
        response may ask for the log before the server thread wrote the entry)."""
        deadline = time.time() + timeout
        with self.lock:
            pending = set(self.inflight)
            while pending & self.inflight:
                left = deadline - time.time()
                if left <= 0:
                    break
                self.cond.wait(left)

    def add(self, server, req, status, resp, req_bytes, resp_bytes, fault, dt, token=None):
        entry = {
            "server": server,
            "method": req.handler.command,
            "path": req.raw_path,
            "status": status,
            "headers": _headers(req.headers.items()),
            "response_headers": _headers(resp.headers) if resp is not None else {},
            "request_bytes": req_bytes,
            "bytes": resp_bytes,
            "fault": fault,
            "ms": round(dt * 1000, 3),
            "time": time.time(),
        }
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            self.entries.append(entry)
            if self.fh:
                try:
                    line = json.dumps(entry) + "\n"
                    if self.file_bytes + len(line) > self.max_file_bytes:  # keep one old generation
                        self.fh.close()
                        os.replace(self.path, self.path + ".1")
                        self.fh = open(self.path, "a", buffering=1)
                        self.file_bytes = 0
                    self.fh.write(line)
                    self.file_bytes += len(line)
                except (OSError, ValueError):
                    pass
            if token is not None:
                self.inflight.discard(token)
                self.cond.notify_all()

    def query(self, since=0, server=None, method=None, path_re=None, limit=None):
        rx = re.compile(path_re) if path_re else None
        with self.lock:
            out = [e for e in self.entries if e["seq"] > since]
        if server:
            out = [e for e in out if e["server"] == server]
        if method:
            out = [e for e in out if e["method"] == method.upper()]
        if rx:
            out = [e for e in out if rx.search(e["path"])]
        if limit:
            out = out[-limit:]
        return out

    def clear(self):
        with self.lock:
            self.entries.clear()
            return self.seq

    def close(self):
        if self.fh:
            self.fh.close()


def _headers(items):
    d = {}
    for k, v in items:
        k = k.lower()
        d[k] = v if k not in d else d[k] + ", " + v
    return d
