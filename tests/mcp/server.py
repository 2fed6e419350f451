#!/usr/bin/env python3
"""A scripted MCP server for the tests (stdlib only).

Modes: stdio (newline-delimited JSON-RPC), sse (legacy HTTP+SSE, 2024-11-05), http-json and
http-sse (streamable HTTP answering with JSON or with an event stream). HTTP modes print
"ready <port>" on stdout once listening on 127.0.0.1.

Tools: add(a, b), echo(message), image(), fail() (isError), slow(ms), die() (the server exits
mid-call), grow() (adds the tool "extra" and sends notifications/tools/list_changed),
huge(n) (a reply of n bytes), env(name), cwd(), structured(). Tools are listed two per page
(nextCursor). Flags:
  --noise          stdio: a non-JSON line and a response to an unknown id before each reply
  --answer-version V   answer initialize with protocol version V
  --log FILE       append every received message (and HTTP method, path, headers) as JSON lines
  --prefix-names P tool names get prefix P (collision tests)
  --stderr TEXT    stdio: print TEXT on stderr at start
"""
import argparse
import base64
import json
import os
import sys
import threading
import time
import queue
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
EXTRA = {"on": False}
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 92).decode()  # 100 bytes


def log(entry):
    if ARGS.log:
        with open(ARGS.log, "a") as f:
            f.write(json.dumps(entry) + "\n")


def tools():
    schema = lambda props, req=(): {"type": "object", "properties": props, "required": list(req)}
    p = ARGS.prefix_names
    t = [
        {"name": p + "add", "description": "Add two integers",
         "inputSchema": schema({"a": {"type": "integer"}, "b": {"type": "integer"}}, ("a", "b"))},
        {"name": p + "echo", "description": "Echo a message", "inputSchema": schema({"message": {"type": "string"}})},
        {"name": p + "image", "description": "A tiny image", "inputSchema": schema({})},
        {"name": p + "fail", "description": "Always fails", "inputSchema": schema({})},
        {"name": p + "slow", "description": "Sleeps", "inputSchema": schema({"ms": {"type": "integer"}})},
        {"name": p + "die", "description": "Exits mid-call", "inputSchema": schema({})},
        {"name": p + "grow", "description": "Adds a tool", "inputSchema": schema({})},
        {"name": p + "huge", "description": "A big reply", "inputSchema": schema({"n": {"type": "integer"}})},
        {"name": p + "env", "description": "An environment variable", "inputSchema": schema({"name": {"type": "string"}})},
        {"name": p + "cwd", "description": "The working directory", "inputSchema": schema({})},
        {"name": p + "structured", "description": "Structured content", "inputSchema": schema({})},
    ]
    if EXTRA["on"]:
        t.append({"name": p + "extra", "description": "Added later", "inputSchema": schema({})})
    return t


def text(s, is_error=False):
    return {"content": [{"type": "text", "text": s}], "isError": is_error}


def call_tool(name, args, notify):
    """Returns the result, or None when the server must die."""
    name = name[len(ARGS.prefix_names):] if name.startswith(ARGS.prefix_names) else name
    if name == "add":
        return text(str(args.get("a", 0) + args.get("b", 0)))
    if name == "echo":
        return text("Echo: " + str(args.get("message", "")))
    if name == "image":
        return {"content": [{"type": "image", "data": PNG, "mimeType": "image/png"},
                            {"type": "resource", "resource": {"uri": "mem://a.txt", "mimeType": "text/plain", "text": "inline"}},
                            {"type": "resource", "resource": {"uri": "mem://b.bin", "mimeType": "application/octet-stream", "blob": "AAECAw=="}},
                            {"type": "audio", "data": "AAAA", "mimeType": "audio/wav"}]}
    if name == "fail":
        return text("it broke", True)
    if name == "slow":
        time.sleep(args.get("ms", 1000) / 1000.0)
        return text("slept")
    if name == "die":
        sys.stderr.write("dying on purpose\n")
        sys.stderr.flush()
        os._exit(3)
    if name == "grow":
        EXTRA["on"] = True
        notify({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
        return text("grown")
    if name == "huge":
        return text("x" * int(args.get("n", 1000)))
    if name == "env":
        return text(os.environ.get(args.get("name", ""), "<unset>"))
    if name == "cwd":
        return text(os.getcwd())
    if name == "structured":
        return {"content": [], "structuredContent": {"value": 42}}
    if name == "extra" and EXTRA["on"]:
        return text("extra")
    return None


def handle(msg, notify):
    """One incoming message -> list of replies."""
    log({"msg": msg})
    if "method" not in msg:
        return []
    mid, method, params = msg.get("id"), msg["method"], msg.get("params") or {}
    if mid is None:
        return []
    if method == "initialize":
        asked = params.get("protocolVersion")
        ver = ARGS.answer_version or (asked if asked in ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25") else "2025-06-18")
        return [{"jsonrpc": "2.0", "id": mid, "result": {
            "protocolVersion": ver, "capabilities": {"tools": {"listChanged": True}},
            "serverInfo": {"name": "scripted", "version": "1.0"}}}]
    if method == "ping":
        return [{"jsonrpc": "2.0", "id": mid, "result": {}}]
    if method == "tools/list":
        all_tools = tools()
        start = int(params.get("cursor") or 0)
        page = {"tools": all_tools[start:start + 2]}
        if start + 2 < len(all_tools):
            page["nextCursor"] = str(start + 2)
        return [{"jsonrpc": "2.0", "id": mid, "result": page}]
    if method == "tools/call":
        res = call_tool(params.get("name", ""), params.get("arguments") or {}, notify)
        if res is None:
            return [{"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "Unknown tool: " + params.get("name", "")}}]
        return [{"jsonrpc": "2.0", "id": mid, "result": res}]
    return [{"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "Method not found"}}]


# ---- stdio ------------------------------------------------------------------------------------

def run_stdio():
    lock = threading.Lock()

    def write(m):
        with lock:
            sys.stdout.write(json.dumps(m) + "\n")
            sys.stdout.flush()

    if ARGS.stderr:
        sys.stderr.write(ARGS.stderr + "\n")
        sys.stderr.flush()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        msg = json.loads(line)
        replies = handle(msg, write)
        for r in replies:
            if ARGS.noise:
                with lock:
                    sys.stdout.write("this is not json\n")
                write({"jsonrpc": "2.0", "id": 98765, "result": {}})
            write(r)


# ---- HTTP -------------------------------------------------------------------------------------

SSE_SESSIONS = {}   # legacy: session id -> queue of events


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _log_request(self):
        log({"http": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}})

    def _send(self, status, body=b"", ctype="application/json", extra=None):
        self.send_response(status)
        if body:
            self.send_header("Content-Type", ctype)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n)) if n else None

    def do_GET(self):
        self._log_request()
        if ARGS.mode == "sse" and self.path.startswith("/sse"):
            sid = uuid.uuid4().hex
            q = queue.Queue()
            SSE_SESSIONS[sid] = q
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(("event: endpoint\r\ndata: /messages/?session_id=%s\r\n\r\n" % sid).encode())
            self.wfile.flush()
            while True:
                m = q.get()
                if m is None:
                    return
                try:
                    self.wfile.write(("event: message\r\ndata: %s\r\n\r\n" % json.dumps(m)).encode())
                    self.wfile.flush()
                except OSError:
                    return
        self._send(405, b'{"error":"method not allowed"}')

    def do_DELETE(self):
        self._log_request()
        self._send(200 if self.headers.get("mcp-session-id") else 400)

    def do_POST(self):
        self._log_request()
        msg = self._body()
        if ARGS.mode == "sse":
            sid = self.path.split("session_id=")[-1]
            q = SSE_SESSIONS.get(sid)
            if q is None:
                return self._send(404, b'{"error":"no session"}')
            self._send(202, b"Accepted", "text/plain")
            for r in handle(msg, q.put):
                q.put(r)
            return
        # streamable HTTP
        extra = {}
        if msg.get("method") == "initialize":
            extra["Mcp-Session-Id"] = "sess-" + uuid.uuid4().hex[:8]
        elif self.headers.get("mcp-session-id") is None:
            return self._send(400, b'{"error":"missing session"}')
        if "id" not in msg or "method" not in msg:
            handle(msg, lambda m: None)
            return self._send(202)
        notes = []
        replies = handle(msg, notes.append)
        if ARGS.mode == "http-json":
            return self._send(200, json.dumps(replies[0]).encode(), "application/json", extra)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        for k, v in extra.items():
            self.send_header(k, v)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for m in notes + replies:
            ev = ("event: message\ndata: %s\n\n" % json.dumps(m)).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(ev), ev))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["stdio", "sse", "http-json", "http-sse"])
    ap.add_argument("--noise", action="store_true")
    ap.add_argument("--answer-version")
    ap.add_argument("--log")
    ap.add_argument("--prefix-names", default="")
    ap.add_argument("--stderr")
    ARGS = ap.parse_args()
    if ARGS.mode == "stdio":
        return run_stdio()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print("ready %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
