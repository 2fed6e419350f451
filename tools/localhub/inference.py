"""The inference router (spec inference.md §8): its own port, laid out like
https://router.huggingface.co.

Routes: POST /v1/chat/completions (the auto-router; "model" may carry a ":provider" /
":fastest" suffix), GET /v1/models, and per provider POST /{provider}/{route} for the routes
of the spec's table 1.4 (hf-inference models/{id}[/pipeline/{task}|/v1/chat/completions],
OpenAI-style chat/completions/embeddings/images/audio routes, fal-ai sync and queue
(?_subdomain=queue, .../requests/{id}/status), replicate predictions, together videos).
GET /__files/{name} serves generated results like a presigned URL (it refuses requests that
carry Authorization).

Every router request needs "Authorization: Bearer <a localhub token>". Models are
deterministic and chosen by words in the model's name (the part after the last '/'):
  echo        chat: "Echo: <last user text>"; text-generation continues the prompt
  tools       chat: calls get_weather({"city": <last word>}) then answers with the tool result
  parallel    with tools: two calls in one answer
  agent       a scripted tool-calling model for agents, multi-turn (inference_agent.py)
  reason      chat: a "reasoning" delta before the echo
  embed       feature-extraction: 8 floats from the SHA-256 of each text, normalised
  image       text-to-image / image-to-image: a real PNG (8x8 unless width/height given)
  asr         ASR: {"text": "<n> bytes of <content type>"}
  tts         TTS: audio/flac bytes
  classify, ner, fill, qa, zsc, summ, translate, detect, segment, caption, vit, clip,
  table, similar: the hf-inference shapes of the spec's §2.6-§2.7
Modes, also by name: "slow" (answers after 3 s), "instream-error" (two deltas, then an
in-band error), "badjson" (a delta that is not JSON), "truncated" (stream cut mid-event, no
[DONE]), "crlf" (CRLF line ends, comments, multi-line data), "html" (a 200 text/html page),
"fail500" (500 with X-Error-Message), "validation" (422 with error_type validation),
"overloaded" (503 with Retry-After: 0 the first time, then fine).

Admin (on the Hub port): POST /__localhub/inference/mapping {"model", "mapping"} sets a
model's inferenceProviderMapping (creating the repo when needed); GET|DELETE
/__localhub/inference/requests reads / clears the router's request log (method, path,
query, headers, body as JSON or base64).
"""

import base64
import hashlib
import itertools
import json
import math
import struct
import threading
import time
import urllib.parse
import zlib

from . import inference_agent
from .inference_agent import _pieces, text_of
from .httpcore import HTTPError, Response, StreamBody, json_response

CHAT_ROUTE_SUFFIX = "/chat/completions"


def png(width, height, seed):
    """A real PNG of one colour derived from seed, written with zlib (stdlib)."""
    h = hashlib.sha256(seed.encode()).digest()
    row = b"\x00" + bytes(h[:3]) * width
    raw = row * height

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def embed(text):
    h = hashlib.sha256(text.encode()).digest()
    v = [(b - 127.5) / 127.5 for b in h[:8]]
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [round(x / n, 6) for x in v]


def words(s):
    return len(s.split())


class Inference:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.requests = []
        self.files = {}
        self.queue = {}
        self.seen = set()
        self._ids = itertools.count(1)

    # ---- admin --------------------------------------------------------------------------------
    def admin(self, req, segs):
        if segs == ["requests"]:
            if req.method == "GET":
                with self.lock:
                    return json_response(list(self.requests))
            if req.method == "DELETE":
                with self.lock:
                    self.requests = []
                    self.seen = set()
                return json_response({})
        if segs == ["mapping"] and req.method == "POST":
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("model"), str) or "/" not in body["model"]:
                raise HTTPError(400, "model (namespace/name) is required")
            if not isinstance(body.get("mapping"), (dict, list)):
                raise HTTPError(400, "mapping must be an object or a list")
            store = self.app.store
            rid = body["model"]
            if rid.split("/")[0] not in store.users:
                store.add_user(rid.split("/")[0], None, kind="user")
            repo = store.get_repo("model", rid) or store.create_repo("model", rid, rid.split("/")[0])
            with store.lock:
                repo["inferenceProviderMapping"] = body["mapping"]
                store.save_repo(repo)
            return json_response({"model": rid})
        raise HTTPError(404, "Not found")

    def mapping_for(self, repo):
        return repo.get("inferenceProviderMapping") or {}

    # ---- the router ---------------------------------------------------------------------------
    def _log(self, req, body):
        entry = {"method": req.method, "path": req.path, "query": req.query_string,
                 "headers": {k.lower(): v for k, v in req.headers.items()},
                 "content_type": req.header("Content-Type")}
        try:
            entry["body"] = json.loads(body.decode("utf-8")) if body else None
        except (ValueError, UnicodeDecodeError):
            entry["body"] = None
            entry["body_b64"] = base64.b64encode(body).decode()
        entry["body_len"] = len(body)
        with self.lock:
            self.requests.append(entry)
            del self.requests[:-2000]

    def _auth(self, req):
        h = req.header("Authorization") or ""
        parts = h.split()
        if len(parts) != 2 or parts[0].lower() != "bearer" or not self.app.store.user_for_token(parts[1]):
            raise HTTPError(401, "Invalid credentials in Authorization header")

    def route(self, req):
        body = req.body() if req.method in ("POST", "PUT") else b""
        self._log(req, body)
        segs = [urllib.parse.unquote(s) for s in req.path.split("/")[1:]]
        if segs[:1] == ["__files"] and len(segs) == 2 and req.method == "GET":
            return self.serve_file(req, segs[1])
        self._auth(req)
        if segs == ["v1", "models"] and req.method == "GET":
            return json_response({"object": "list", "data": [
                {"id": m, "object": "model", "owned_by": "hfhub-test"} for m in
                ("hfhub-test/echo", "hfhub-test/tools", "hfhub-test/reason", "hfhub-test/agent")]})
        if req.method == "GET" and segs[:1] == ["fal-ai"]:
            return self.fal_poll(req, segs[1:])
        if req.method == "GET" and segs[:4] == ["wavespeed", "api", "v3", "predictions"] or \
                req.method == "GET" and segs[:5] == ["zai-org", "api", "paas", "v4", "async-result"]:
            return self.async_poll(segs)
        if req.method == "GET" and segs[:3] == ["replicate", "v1", "predictions"] and len(segs) == 4:
            return self.replicate_poll(segs[3])
        if req.method == "GET" and segs[:3] == ["together", "v2", "videos"] and len(segs) == 4:
            return self.together_video_poll(segs[3])
        if req.method != "POST":
            raise HTTPError(405, "Method not allowed")
        ctype = (req.header("Content-Type") or "").split(";")[0].strip()
        data = None
        if ctype == "application/json":
            try:
                data = json.loads(body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                raise HTTPError(400, "Invalid JSON body: %s" % e)
        if segs[:3] == ["v1", "chat", "completions"] and len(segs) == 3:
            return self.chat(req, data)
        if not segs or not segs[0]:
            raise HTTPError(404, "Not found")
        provider, rest = segs[0], segs[1:]
        if provider == "hf-inference":
            return self.hf_inference(req, rest, data, body, ctype)
        path = "/" + "/".join(rest)
        if path.endswith(CHAT_ROUTE_SUFFIX):
            return self.chat(req, data)
        if provider == "fal-ai":
            return self.fal(req, "/".join(rest), data)
        if provider == "replicate":
            return self.replicate(req, rest, data)
        if provider in ("wavespeed", "zai-org"):
            return self.async_submit(req, provider, data)
        if path.endswith("/embeddings"):
            try:
                self._model_modes((data or {}).get("model", ""), req)
            except _Answer as a:
                return a.response
            inputs = (data or {}).get("input")
            inputs = inputs if isinstance(inputs, list) else [inputs]
            return json_response({"object": "list", "model": data.get("model"), "data": [
                {"object": "embedding", "index": i, "embedding": embed(str(t))} for i, t in enumerate(inputs)]})
        if path.endswith("/images/generations"):
            return self.images_generations(req, data)
        if path.endswith("/completions"):
            prompt = str((data or {}).get("prompt", ""))
            self._model_modes(data.get("model", ""), req)
            return json_response({"id": "cmpl-1", "object": "text_completion", "model": data.get("model"),
                                  "choices": [{"index": 0, "text": self.continuation(prompt),
                                               "finish_reason": "length"}]})
        if provider == "together" and path == "/v2/videos":
            return self.together_video(data)
        if path.endswith("/audio/speech"):
            return Response(200, {"Content-Type": "audio/flac"}, b"fLaC" + str((data or {}).get("input", "")).encode())
        raise HTTPError(404, "Not found: %s" % req.path)

    # ---- behaviours by model name ---------------------------------------------------------------
    @staticmethod
    def name_of(model):
        return str(model or "").split(":")[0].rsplit("/", 1)[-1].lower()

    def _model_modes(self, model, req):
        """Error and delay modes shared by every route."""
        name = self.name_of(model)
        if "slow" in name:
            time.sleep(3)
        if "fail500" in name:
            raise HTTPError(500, "Internal failure of model %s" % model)
        if "validation" in name:
            body = json.dumps({"error": "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096",
                               "error_type": "validation"}).encode()
            raise HTTPError(422, "Input validation error", headers={"Content-Type": "application/json"}, body=body)
        if "overloaded" in name:
            key = ("overloaded", model, req.path)
            with self.lock:
                first = key not in self.seen
                self.seen.add(key)
            if first:
                raise HTTPError(503, "Model %s is overloaded" % model, headers={"Retry-After": "0"})
        if "html" in name:
            raise _Answer(Response(200, {"Content-Type": "text/html; charset=utf-8"},
                                   b"<html><body><h1>502 Bad Gateway</h1></body></html>"))

    def continuation(self, prompt):
        return " and so on, said the echo."

    # ---- chat -----------------------------------------------------------------------------------
    def chat(self, req, data):
        try:
            return self._chat(req, data)
        except _Answer as a:
            return a.response

    def _chat(self, req, data):
        if not isinstance(data, dict) or not isinstance(data.get("messages"), list) or not data["messages"]:
            raise HTTPError(400, "messages is required")
        model = data.get("model")
        if not isinstance(model, str) or not model:
            raise HTTPError(400, "model is required")
        self._model_modes(model, req)
        name = self.name_of(model)
        if "agent" in name:
            return inference_agent.chat(model, data)
        msgs = data["messages"]
        prompt_tokens = sum(words(text_of(m.get("content"))) for m in msgs if isinstance(m, dict))
        last_user = next((text_of(m.get("content")) for m in reversed(msgs) if isinstance(m, dict) and m.get("role") == "user"), "")
        msg = {"role": "assistant", "content": None}
        finish = "stop"
        reasoning = None
        if "tools" in name and isinstance(data.get("tools"), list) and data["tools"]:
            last = msgs[-1]
            if isinstance(last, dict) and last.get("role") == "tool":
                msg["content"] = "The weather is: %s" % text_of(last.get("content"))
            else:
                word = (last_user.split() or ["Paris"])[-1].strip("?!.,") or "Paris"
                calls = [{"id": "call_1", "type": "function",
                          "function": {"name": "get_weather", "arguments": json.dumps({"city": word})}}]
                if "parallel" in name:
                    calls.append({"id": "call_2", "type": "function",
                                  "function": {"name": "get_time", "arguments": json.dumps({"city": word})}})
                msg["tool_calls"] = calls
                finish = "tool_calls"
        else:
            msg["content"] = "Echo: " + last_user
            if "reason" in name:
                reasoning = "The user said %d words." % words(last_user)
                msg["reasoning"] = reasoning
        completion = words(msg["content"] or "") + sum(len(c["function"]["arguments"]) // 4 for c in msg.get("tool_calls", []))
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion, "total_tokens": prompt_tokens + completion}
        if data.get("stream") and "bench" in name:
            return self.bench_stream(model, name)
        if data.get("stream"):
            include = isinstance(data.get("stream_options"), dict) and data["stream_options"].get("include_usage")
            return self.chat_stream(model, name, msg, finish, usage if include else None)
        return json_response({"id": "chatcmpl-localhub", "object": "chat.completion", "created": 1735000000,
                              "model": model, "system_fingerprint": "localhub",
                              "choices": [{"index": 0, "finish_reason": finish, "message": msg, "logprobs": None}],
                              "usage": usage})

    def chat_stream(self, model, name, msg, finish, usage):
        base = {"id": "chatcmpl-localhub", "object": "chat.completion.chunk", "created": 1735000000,
                "model": model, "system_fingerprint": "localhub"}
        chunks = []

        def delta(d, fin=None):
            c = dict(base)
            c["choices"] = [{"index": 0, "delta": d, "finish_reason": fin, "logprobs": None}]
            chunks.append(c)

        delta({"role": "assistant", "content": ""})
        if msg.get("reasoning"):
            for w in _pieces(msg["reasoning"]):
                delta({"role": "assistant", "reasoning": w})
        for i, call in enumerate(msg.get("tool_calls", [])):
            args = call["function"]["arguments"]
            # quirks (§7.1): the name first with empty arguments, then arguments in pieces
            # carrying only the index
            delta({"tool_calls": [{"index": i, "id": call["id"], "type": "function",
                                   "function": {"name": call["function"]["name"], "arguments": ""}}]})
            third = max(1, len(args) // 3)
            for k in range(0, len(args), third):
                delta({"tool_calls": [{"index": i, "function": {"arguments": args[k:k + third]}}]})
        if msg.get("content"):
            for w in _pieces(msg["content"]):
                delta({"content": w})
        events = [json.dumps(c, separators=(",", ":")) for c in chunks]
        if "instream-error" in name:
            events = events[:3] + [json.dumps({"error": "Request failed during generation: Server error: CUDA out of memory",
                                               "error_type": "generation"})]
        else:
            fin = dict(base)
            fin["choices"] = [{"index": 0, "delta": {}, "finish_reason": finish, "logprobs": None}]
            events.append(json.dumps(fin, separators=(",", ":")))
            if usage:
                u = dict(base)
                u["choices"] = []
                u["usage"] = usage
                events.append(json.dumps(u, separators=(",", ":")))
        if "badjson" in name:
            events.insert(2, '{"choices": [{"delta": {"content": "oops"')
        return self.sse(events, name, done="instream-error" not in name)

    def bench_stream(self, model, name):
        """For benchmarks: N one-word deltas ("bench<N>" in the name, default 10000) sent at
        once, then after 0.3 s a last delta whose content is "@<server time>" written just
        before its bytes leave, then [DONE]: a client measures last byte -> callback."""
        digits = "".join(ch for ch in name.split("bench", 1)[1] if ch.isdigit())
        n = min(int(digits or 10000), 1000000)
        head = '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1735000000,"model":%s,' \
               '"choices":[{"index":0,"delta":{"content":' % json.dumps(model)

        def pieces():
            batch = []
            for i in range(n):
                batch.append("data: " + head + '"w%d "},"finish_reason":null}]}\n\n' % i)
                if len(batch) == 500:
                    yield "".join(batch).encode()
                    batch = []
            yield "".join(batch).encode()
            time.sleep(0.3)
            last = "data: " + head + '"@%.6f"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n' % time.time()
            yield last.encode()

        return Response(200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}, StreamBody(pieces()))

    def sse(self, events, name, done=True):
        crlf = "crlf" in name
        nl = "\r\n" if crlf else "\n"
        out = []
        if crlf:
            out.append(": keep-alive" + nl + nl)
        for e in events:
            if crlf and "," in e:  # multi-line data: joined with "\n" it is the same JSON
                a, b = e.split(",", 1)
                out.append("data: " + a + "," + nl + "data: " + b + nl + nl)
            else:
                out.append("data: " + e + nl + nl)
        if done:
            out.append("data: [DONE]" + nl + nl)
        text = "".join(out)
        if "truncated" in name:
            text = "".join(out[:3]) + out[3][: len(out[3]) // 2]
        return Response(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}, text.encode())

    # ---- hf-inference ---------------------------------------------------------------------------
    def hf_inference(self, req, rest, data, body, ctype):
        if rest[:1] != ["models"] or len(rest) < 2:
            raise HTTPError(404, "Not found")
        rest = rest[1:]
        for i, s in enumerate(rest):
            if s in ("pipeline", "v1"):
                model, tail = "/".join(rest[:i]), rest[i:]
                break
        else:
            model, tail = "/".join(rest), []
        if tail[:1] == ["v1"]:
            if data is not None and "model" not in data:
                data["model"] = model
            return self.chat(req, data)
        try:
            self._model_modes(model, req)
        except _Answer as a:
            return a.response
        name = self.name_of(model)
        if tail == ["pipeline", "feature-extraction"] or "embed" in name:
            inputs = (data or {}).get("inputs")
            if isinstance(inputs, list):
                return json_response([embed(str(t)) for t in inputs])
            return json_response(embed(str(inputs)))
        if tail == ["pipeline", "sentence-similarity"] or "similar" in name:
            inp = (data or {}).get("inputs") or {}
            src = embed(str(inp.get("source_sentence", "")))
            return json_response([round(sum(a * b for a, b in zip(src, embed(str(s)))), 6) for s in inp.get("sentences", [])])
        if data is None:  # raw bytes
            inputs_bytes, params = body, {}
        else:
            inputs = data.get("inputs")
            params = data.get("parameters") or {}
            inputs_bytes = None
            if isinstance(inputs, str) and _binary_task(name):
                try:
                    inputs_bytes = base64.b64decode(inputs, validate=True)
                except ValueError:
                    if "image" not in name:  # image models also take a text prompt
                        raise HTTPError(400, "inputs is not base64")
        if "image" in name:
            w, h = int(params.get("width", 8)), int(params.get("height", 8))
            seed = inputs if isinstance(data, dict) and isinstance(data.get("inputs"), str) else hashlib.sha256(body).hexdigest()
            return Response(200, {"Content-Type": "image/png"}, png(w, h, str(seed)))
        if "tts" in name:
            return Response(200, {"Content-Type": "audio/flac"}, b"fLaC" + str((data or {}).get("inputs", "")).encode())
        if "asr" in name:
            n = len(inputs_bytes or b"")
            return json_response({"text": "%d bytes of %s" % (n, ctype or "audio"),
                                  "chunks": [{"text": "%d bytes" % n, "timestamp": [0.0, 1.0]}]})
        text = data.get("inputs") if isinstance(data, dict) else None
        if isinstance(data, dict) and data.get("stream"):
            return self.tgi_stream(text, params)
        return json_response(self.hf_task(name, text, params, inputs_bytes, data))

    def hf_task(self, name, text, params, blob, data):
        if "vit" in name:
            return [{"label": "tabby cat", "score": 0.93}, {"label": "%d bytes" % len(blob or b""), "score": 0.07}]
        if "clip" in name:
            labels = params.get("candidate_labels") or []
            return [{"label": l, "score": round(1.0 / (i + 1), 4)} for i, l in enumerate(labels)]
        if "detect" in name:
            return [{"label": "dog", "score": 0.98, "box": {"xmin": 12, "ymin": 40, "xmax": 200, "ymax": 310}}]
        if "segment" in name:
            return [{"label": "cat", "score": 0.9, "mask": base64.b64encode(png(4, 4, "mask")).decode()}]
        if "caption" in name:
            return [{"generated_text": "a picture of %d bytes" % len(blob or b"")}]
        if "classify" in name:
            return [[{"label": "POSITIVE", "score": 0.99}, {"label": "NEGATIVE", "score": 0.01}]]
        if "ner" in name:
            return [{"entity_group": "PER", "score": 0.99, "word": str(text).split()[0], "start": 0,
                     "end": len(str(text).split()[0])}]
        if "fill" in name:
            return [{"sequence": str(text).replace("[MASK]", "Paris"), "score": 0.9, "token": 3000, "token_str": "Paris"}]
        if "qa" in name:
            ctx = str((text or {}).get("context", "")) if isinstance(text, dict) else ""
            ans = ctx.split()[-1].strip(".") if ctx.split() else ""
            return {"answer": ans, "score": 0.9, "start": max(0, ctx.rfind(ans)), "end": max(0, ctx.rfind(ans)) + len(ans)}
        if "zsc" in name:
            labels = params.get("candidate_labels") or []
            return [{"label": l, "score": round(1.0 / (i + 1), 4)} for i, l in enumerate(labels)]
        if "summ" in name:
            return [{"summary_text": " ".join(str(text).split()[:5])}]
        if "translate" in name:
            return [{"translation_text": "[%s->%s] %s" % (params.get("src_lang", "?"), params.get("tgt_lang", "?"), text)}]
        if "table" in name:
            table = (text or {}).get("table", {}) if isinstance(text, dict) else {}
            col = next(iter(table), "")
            cells = table.get(col, [])
            return {"answer": str(cells[0]) if cells else "", "coordinates": [[0, 0]], "cells": cells[:1], "aggregator": "NONE"}
        # text generation (TGI shape)
        gen = self.continuation(str(text))
        out = {"generated_text": (str(text) if params.get("return_full_text") else "") + gen}
        if params.get("details"):
            toks = gen.split(" ")
            out["details"] = {"finish_reason": "length", "generated_tokens": len(toks), "seed": None, "prefill": [],
                              "tokens": [{"id": i, "text": (" " if i else "") + t, "logprob": -0.5, "special": False}
                                         for i, t in enumerate(toks)]}
        return [out]

    def tgi_stream(self, text, params):
        """TGI's stream: one token per event, the last with generated_text and details."""
        gen = self.continuation(str(text))
        toks = _pieces(gen)
        events = []
        for i, t in enumerate(toks):
            last = i == len(toks) - 1
            ev = {"index": i + 1, "token": {"id": i, "text": t, "logprob": -0.5, "special": False},
                  "generated_text": gen if last else None,
                  "details": {"finish_reason": "length", "generated_tokens": len(toks), "seed": None} if last else None}
            events.append("data:" + json.dumps(ev, separators=(",", ":")) + "\n\n")
        return Response(200, {"Content-Type": "text/event-stream"}, "".join(events).encode())

    # ---- images, fal, replicate, together ---------------------------------------------------------
    def images_generations(self, req, data):
        data = data or {}
        try:
            self._model_modes(data.get("model", ""), req)
        except _Answer as a:
            return a.response
        size = str(data.get("size", "8x8")).split("x")
        img = png(int(data.get("width", size[0])), int(data.get("height", size[-1])), str(data.get("prompt", "")))
        return json_response({"data": [{"b64_json": base64.b64encode(img).decode()}]})

    def _file_url(self, req, data, ctype):
        fid = "f%d" % next(self._ids)
        with self.lock:
            self.files[fid] = (data, ctype)
        return "%s/__files/%s" % (req.host_url(), fid)

    def serve_file(self, req, fid):
        if req.header("Authorization"):
            raise HTTPError(400, "Only one auth mechanism allowed; a presigned URL takes no Authorization header")
        with self.lock:
            f = self.files.get(fid)
        if not f:
            raise HTTPError(404, "No such file")
        return Response(200, {"Content-Type": f[1]}, f[0])

    def _fal_result(self, req, pid, data):
        name = self.name_of(pid)
        data = data or {}
        if "asr" in name:
            audio = str(data.get("audio_url", ""))
            return {"text": "%d bytes of %s" % (len(_data_url_bytes(audio)), audio[5:audio.find(";")] if audio.startswith("data:") else "audio")}
        if "tts" in name:
            return {"audio": {"url": self._file_url(req, b"fLaC" + str(data.get("text", "")).encode(), "audio/flac")}}
        size = data.get("image_size") or {}
        img = png(int(size.get("width", 8)), int(size.get("height", 8)), str(data.get("prompt", "")))
        return {"images": [{"url": self._file_url(req, img, "image/png"), "content_type": "image/png"}]}

    def fal(self, req, pid, data):
        try:
            self._model_modes(pid, req)
        except _Answer as a:
            return a.response
        if req.q("_subdomain") != "queue":
            return json_response(self._fal_result(req, pid, data))
        rid = "req%d" % next(self._ids)
        result = self._fal_result(req, pid, data)
        with self.lock:
            self.queue[rid] = {"polls": 0, "result": result}
        base = "https://queue.fal.run/%s/requests/%s" % (pid, rid)
        return json_response({"request_id": rid, "status": "IN_QUEUE", "response_url": base,
                              "status_url": base + "/status", "cancel_url": base + "/cancel"})

    def fal_poll(self, req, rest):
        if req.q("_subdomain") != "queue" or "requests" not in rest:
            raise HTTPError(404, "Not found")
        i = rest.index("requests")
        rid = rest[i + 1] if len(rest) > i + 1 else ""
        with self.lock:
            q = self.queue.get(rid)
            if q is None:
                raise HTTPError(404, "Request not found")
            if rest[i + 2:] == ["status"]:
                q["polls"] += 1
                return json_response({"status": "IN_PROGRESS" if q["polls"] < 2 else "COMPLETED", "request_id": rid})
            if q["polls"] < 2:
                raise HTTPError(400, "Request is still in progress")
            return json_response(q["result"])

    def replicate(self, req, rest, data):
        pid = "/".join(rest[2:-1]) if rest[:2] == ["v1", "models"] else str((data or {}).get("version", ""))
        try:
            self._model_modes(pid, req)
        except _Answer as a:
            return a.response
        inp = (data or {}).get("input") or {}
        name = self.name_of(pid)
        if "asr" in name:
            out = "%d bytes" % len(_data_url_bytes(str(inp.get("audio", ""))))
        else:
            out = self._file_url(req, png(int(inp.get("width", 8)), int(inp.get("height", 8)), str(inp.get("prompt", ""))),
                                 "image/png")
        pred = "pred%d" % next(self._ids)
        if "queued" in name:  # answered later: polled at GET /replicate/v1/predictions/{id}
            with self.lock:
                self.queue[pred] = {"polls": 0, "result": out}
            return json_response({"id": pred, "status": "starting", "output": None,
                                  "urls": {"get": "https://api.replicate.com/v1/predictions/" + pred}})
        return json_response({"id": pred, "status": "succeeded", "output": out, "urls": {"get": ""}})

    def replicate_poll(self, pred):
        with self.lock:
            q = self.queue.get(pred)
            if q is None:
                raise HTTPError(404, "Prediction not found")
            q["polls"] += 1
            if q["polls"] < 2:
                return json_response({"id": pred, "status": "processing", "output": None})
        return json_response({"id": pred, "status": "succeeded", "output": q["result"]})

    def async_submit(self, req, provider, data):
        """wavespeed / zai-org: a task answered after one more poll."""
        data = data or {}
        size = str(data.get("size", "8x8")).split("x")
        w, h = int(data.get("width", size[0])), int(data.get("height", size[-1]))
        url = self._file_url(req, png(w, h, str(data.get("prompt", ""))), "image/png")
        tid = "task%d" % next(self._ids)
        with self.lock:
            self.queue[tid] = {"polls": 0, "result": url}
        if provider == "wavespeed":
            return json_response({"code": 200, "data": {"id": tid, "status": "created", "urls": {
                "get": "https://api.wavespeed.ai/api/v3/predictions/%s/result" % tid}}})
        return json_response({"id": tid, "task_status": "PROCESSING", "model": data.get("model")})

    def async_poll(self, segs):
        wavespeed = segs[0] == "wavespeed"
        tid = segs[4] if wavespeed else segs[5] if len(segs) > 5 else ""
        with self.lock:
            q = self.queue.get(tid)
            if q is None:
                raise HTTPError(404, "Task not found")
            q["polls"] += 1
            done = q["polls"] >= 2
        if wavespeed:
            return json_response({"code": 200, "data": {"id": tid, "status": "completed" if done else "processing",
                                                        "outputs": [q["result"]] if done else []}})
        return json_response({"id": tid, "task_status": "SUCCESS" if done else "PROCESSING",
                              "image_result": [{"url": q["result"]}] if done else []})

    def together_video(self, data):
        vid = "vid%d" % next(self._ids)
        with self.lock:
            self.queue[vid] = {"polls": 0, "result": None}
        return json_response({"id": vid, "status": "queued"})

    def together_video_poll(self, vid):
        with self.lock:
            q = self.queue.get(vid)
            if q is None:
                raise HTTPError(404, "Video not found")
            q["polls"] += 1
            if q["polls"] < 2:
                return json_response({"id": vid, "status": "in_progress"})
        return json_response({"id": vid, "status": "completed", "outputs": {"video_url": "data:video/mp4;base64,AAAA"}})


class _Answer(Exception):
    """A mode that answers at once with a prepared response."""

    def __init__(self, response):
        super().__init__("answer")
        self.response = response


def _binary_task(name):
    return any(w in name for w in ("vit", "clip", "detect", "segment", "caption", "asr", "image"))


def _data_url_bytes(s):
    if s.startswith("data:") and "," in s:
        try:
            return base64.b64decode(s.split(",", 1)[1])
        except ValueError:
            return b""
    return b""
