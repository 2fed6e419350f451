#!/usr/bin/env python3
"""A scripted OpenAI-compatible chat model for the agent tests (stdlib only).

POST /v1/chat/completions (stream: true) with "Authorization: Bearer secret". It reads the
conversation and answers deterministically:
  - last message from the user containing two integers: "Adding." then a call to `add` with
    them (arguments split over two chunks, id call_1);
  - last message a tool result of `add`: " The answer is <result>." then `task_complete` (call_2);
  - last message from the user with "slow": text chunks 0.3 s apart (for Ctrl+C tests);
  - anything else: "Hello from the model."
Every request body is appended to $MODEL_LOG when set. Prints "ready <port>".
"""
import json
import os
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def chunk(delta, finish=None):
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "scripted",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def call(index, cid, name, args):
    return {"index": index, "id": cid, "type": "function", "function": {"name": name, "arguments": args}}


def script(messages):
    last = messages[-1] if messages else {}
    content = last.get("content") if isinstance(last.get("content"), str) else ""
    if last.get("role") == "tool" and last.get("name") == "add":
        return [chunk({"role": "assistant", "content": ""}), chunk({"content": " The answer is %s." % last["content"]}),
                chunk({"tool_calls": [call(0, "call_2", "task_complete", "{}")]}), chunk({}, "tool_calls")], 0
    if last.get("role") == "user" and "slow" in content:
        return [chunk({"role": "assistant", "content": ""})] + [chunk({"content": "tick%d " % i}) for i in range(20)], 0.3
    nums = re.findall(r"-?\d+", content) if last.get("role") == "user" else []
    if len(nums) >= 2:
        a, b = nums[0], nums[1]
        return [chunk({"role": "assistant", "content": ""}), chunk({"content": "Adding."}),
                chunk({"tool_calls": [call(0, "call_1", "add", '{"a": %s,' % a)]}),
                chunk({"tool_calls": [{"index": 0, "function": {"arguments": ' "b": %s}' % b}}]}),
                chunk({}, "tool_calls")], 0
    return [chunk({"role": "assistant", "content": ""}), chunk({"content": "Hello from the model."}), chunk({}, "stop")], 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(n))
        if os.environ.get("MODEL_LOG"):
            with open(os.environ["MODEL_LOG"], "a") as f:
                f.write(json.dumps(body) + "\n")
        if self.path != "/v1/chat/completions":
            return self._plain(404, b'{"error":"not found"}')
        if self.headers.get("Authorization") != "Bearer secret":
            return self._plain(401, b'{"error":"Invalid credentials"}')
        chunks, delay = script(body.get("messages", []))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for c in chunks:
                self._chunk(("data: %s\n\n" % json.dumps(c)).encode())
                if delay:
                    time.sleep(delay)
            self._chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            pass

    def _chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _plain(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    srv = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    srv.daemon_threads = True
    print("ready %d" % srv.server_address[1], flush=True)
    srv.serve_forever()
