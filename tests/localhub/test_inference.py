"""The inference router: auth, chat (JSON and SSE, usage, tools), provider routes, binary
answers (a real PNG), fal-ai queue polling, error modes, the mapping expand, the request log."""

import base64
import json
import os
import struct
import unittest
import zlib

from .lhutil import WRITE, shared_hub


def sse_events(body):
    out = []
    for block in body.decode().replace("\r\n", "\n").split("\n\n"):
        data = [l[5:].lstrip() for l in block.split("\n") if l.startswith("data:")]
        if data:
            out.append("\n".join(data))
    return out


class InferenceRouterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        with open(os.path.join(cls.hub.root, "ports.json")) as f:
            cls.router = json.load(f)["router_url"]

    def post(self, path, body, token=WRITE, headers=None):
        return self.hub.request("POST", self.router + path, json_body=body, token=token, headers=headers)

    def chat(self, model, text="hello world", **kw):
        body = {"model": model, "messages": [{"role": "user", "content": text}]}
        body.update(kw)
        return self.post("/v1/chat/completions", body)

    def test_auth_required(self):
        r = self.post("/v1/chat/completions", {"model": "hfhub-test/echo", "messages": [{"role": "user", "content": "x"}]},
                      token=None)
        self.assertEqual(r.status, 401)
        self.assertIn("Invalid credentials", r.json()["error"])
        self.assertTrue(r.h("X-Request-Id"))
        self.assertTrue(r.h("X-Error-Message"))

    def test_chat_json_and_stream(self):
        r = self.chat("hfhub-test/echo", "one two")
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["choices"][0]["message"]["content"], "Echo: one two")
        self.assertEqual(j["usage"]["total_tokens"], j["usage"]["prompt_tokens"] + j["usage"]["completion_tokens"])
        s = self.chat("hfhub-test/echo", "one two", stream=True, stream_options={"include_usage": True})
        self.assertEqual(s.h("Content-Type"), "text/event-stream")
        ev = sse_events(s.body)
        self.assertEqual(ev[-1], "[DONE]")
        chunks = [json.loads(e) for e in ev[:-1]]
        text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
        self.assertEqual(text, "Echo: one two")
        self.assertEqual(chunks[-1]["choices"], [])
        self.assertEqual(chunks[-1]["usage"], j["usage"])
        s2 = self.chat("hfhub-test/echo", "one two", stream=True)
        self.assertNotIn("usage", json.loads(sse_events(s2.body)[-2]))

    def test_tools(self):
        tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]
        r = self.chat("hfhub-test/tools", "weather in Rome?", tools=tools).json()
        call = r["choices"][0]["message"]["tool_calls"][0]
        self.assertEqual(json.loads(call["function"]["arguments"]), {"city": "Rome"})
        self.assertEqual(r["choices"][0]["finish_reason"], "tool_calls")
        msgs = [{"role": "user", "content": "weather in Rome?"}, r["choices"][0]["message"],
                {"role": "tool", "tool_call_id": call["id"], "content": "sunny"}]
        r2 = self.post("/v1/chat/completions", {"model": "hfhub-test/tools", "messages": msgs, "tools": tools}).json()
        self.assertEqual(r2["choices"][0]["message"]["content"], "The weather is: sunny")

    def test_error_modes(self):
        self.assertEqual(self.chat("hfhub-test/echo-fail500").status, 500)
        v = self.chat("hfhub-test/echo-validation")
        self.assertEqual(v.status, 422)
        self.assertEqual(v.json()["error_type"], "validation")
        ev = sse_events(self.chat("hfhub-test/echo-instream-error", stream=True).body)
        self.assertIn("error", json.loads(ev[-1]))
        self.assertNotIn("[DONE]", ev)
        h = self.chat("hfhub-test/echo-html")
        self.assertEqual(h.status, 200)
        self.assertTrue(h.h("Content-Type").startswith("text/html"))
        o1, o2 = self.chat("hfhub-test/overloaded-py"), self.chat("hfhub-test/overloaded-py")
        self.assertEqual((o1.status, o1.h("Retry-After"), o2.status), (503, "0", 200))
        crlf = self.chat("hfhub-test/echo-crlf", stream=True).body
        self.assertIn(b"\r\n\r\n", crlf)
        self.assertTrue(crlf.startswith(b": keep-alive"))

    def test_png_and_provider_routes(self):
        r = self.post("/hf-inference/models/hfhub-test/image", {"inputs": "cat", "parameters": {"width": 5, "height": 3}})
        self.assertEqual(r.h("Content-Type"), "image/png")
        png = r.body
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        w, h = struct.unpack(">II", png[16:24])
        self.assertEqual((w, h), (5, 3))
        n = struct.unpack(">I", png[33:37])[0]
        self.assertEqual(png[37:41], b"IDAT")
        self.assertEqual(len(zlib.decompress(png[41:41 + n])), 3 * (1 + 5 * 3))
        t = self.post("/together/v1/images/generations", {"prompt": "cat", "model": "tg/image", "response_format": "base64"})
        self.assertEqual(base64.b64decode(t.json()["data"][0]["b64_json"])[:4], b"\x89PNG")
        e = self.post("/together/v1/embeddings", {"input": ["a", "b"], "model": "tg/embed"}).json()
        self.assertEqual(len(e["data"]), 2)
        f = self.post("/hf-inference/models/hfhub-test/embed/pipeline/feature-extraction", {"inputs": "a"}).json()
        self.assertEqual(f, e["data"][0]["embedding"])
        fal = self.post("/fal-ai/fal-ai/image", {"prompt": "cat"}).json()
        url = fal["images"][0]["url"]
        self.assertEqual(self.hub.get(url).body[:4], b"\x89PNG")
        self.assertEqual(self.hub.get(url, token=WRITE).status, 400)  # a presigned URL refuses Authorization

    def test_fal_queue(self):
        q = self.post("/fal-ai/fal-ai/image-edit?_subdomain=queue", {"prompt": "x"}).json()
        self.assertEqual(q["status"], "IN_QUEUE")
        path = "/fal-ai" + q["response_url"].split("queue.fal.run", 1)[1]
        st = [self.hub.get(self.router + path + "/status?_subdomain=queue", token=WRITE).json()["status"] for _ in range(2)]
        self.assertEqual(st, ["IN_PROGRESS", "COMPLETED"])
        res = self.hub.get(self.router + path + "?_subdomain=queue", token=WRITE).json()
        self.assertIn("images", res)

    def test_mapping_expand_and_log(self):
        mapping = {"novita": {"status": "live", "providerId": "n/x", "task": "conversational"}}
        self.hub.admin("POST", "inference/mapping", {"model": "pyorg/mapped", "mapping": mapping})
        for q in ("expand=inferenceProviderMapping", "expand%5B%5D=inferenceProviderMapping"):
            info = self.hub.get("/api/models/pyorg/mapped?" + q).json()
            self.assertEqual(info["inferenceProviderMapping"], mapping)
            self.assertEqual(set(info), {"_id", "id", "inferenceProviderMapping"})
        self.hub.admin("DELETE", "inference/requests")
        self.chat("hfhub-test/echo", "logged")
        log = self.hub.admin("GET", "inference/requests")
        self.assertEqual(log[-1]["path"], "/v1/chat/completions")
        self.assertEqual(log[-1]["body"]["messages"][0]["content"], "logged")
        self.assertEqual(log[-1]["headers"]["authorization"], "Bearer " + WRITE)


if __name__ == "__main__":
    unittest.main()
