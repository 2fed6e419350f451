"""Inference Endpoints API (spec inference.md §4), served on the hub port:
/v2/endpoint/{ns}[/{name}[/pause|/resume|/scale-to-zero]], /v2/provider/{ns},
/api/catalog/repo-list, /api/catalog/deploy; and each endpoint's fake deployment at
/__ep/{ns}/{name} (GET /health, GET /info, POST /v1/chat/completions, POST /).

States follow a timeline (Compute.timings): pending for `endpoint_pending_s`, initializing for
`endpoint_init_s`, then running. pause -> paused, scale-to-zero -> scaledToZero (a request to
the deployment wakes it: initializing, then running), resume -> pending -> ... -> running,
update -> updating -> running. Compute.inject[name] = "failed" | "updateFailed" | "stuck" makes
deployment fail, updates fail, or initializing last forever."""

import hashlib
import json
import re
import threading
import time

from .common import authenticate
from .httpcore import HTTPError, Response, json_response
from .storage import now_iso

NAME_RE = re.compile(r"^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$")
TYPES = ("public", "protected", "authenticated", "private")
CATALOG = ["openai-community/gpt2", "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B-Instruct"]
# (accelerator, instance type, size, cpus, memory GB, price/h, status, used accelerators of max 4)
COMPUTES = [("cpu", "intel-icl", "x2", 2, 4, 0.067, "available", 0),
            ("cpu", "intel-spr", "x4", 4, 8, 0.134, "available", 0),
            ("gpu", "nvidia-a10g", "x1", 4, 16, 1.0, "available", 0),
            ("gpu", "nvidia-t4", "x1", 4, 15, 0.5, "available", 0),
            ("gpu", "nvidia-k80", "x1", 4, 61, 0.9, "deprecated", 0),
            ("gpu", "nvidia-h100", "x1", 26, 234, 10.0, "available", 4)]


def provider_json():
    comps = []
    for acc, itype, size, cpus, mem, price, status, used in COMPUTES:
        comps.append({"id": "aws-us-east-1-%s-%s" % (itype, size), "accelerator": acc, "instanceType": itype,
                      "instanceSize": size, "architecture": "x86", "numAccelerators": 1 if acc == "gpu" else 0,
                      "numCpus": cpus, "memoryGb": mem, "gpuMemoryGb": 24 if acc == "gpu" else None,
                      "pricePerHour": price, "status": status,
                      "quota": {"maxAccelerators": 4, "usedAccelerators": used}})
    return {"vendors": [{"name": "aws", "regions": [{"name": "us-east-1", "computes": comps}]}]}


class Endpoints:
    def __init__(self, app, compute):
        self.app = app
        self.compute = compute
        self.lock = threading.Lock()
        self.eps = {}  # (ns, name) -> endpoint

    # ---- state -------------------------------------------------------------------------
    def _deploy_timeline(self, ep, now, final="running"):
        t = self.compute.timings
        inj = self.compute.inject.get(ep["name"])
        p = now + t["endpoint_pending_s"]
        i = p + t["endpoint_init_s"]
        if inj == "stuck":
            return [(now, "pending"), (p, "initializing")]
        return [(now, "pending"), (p, "initializing"), (i, "failed" if inj == "failed" else final)]

    def state(self, ep, now=None):
        now = time.time() if now is None else now
        cur = ep["timeline"][0][1]
        for t, s in ep["timeline"]:
            if t <= now:
                cur = s
        return cur

    def shape(self, req, ep):
        st = self.state(ep)
        body = {k: v for k, v in ep["body"].items() if k not in ("accountId",)}
        model = dict(body.get("model") or {})
        model["revision"] = model.get("revision") or hashlib.sha1(model.get("repository", "").encode()).hexdigest()
        model.setdefault("image", {"huggingface": {}})
        model.pop("secrets", None)
        url = None if st == "pending" else "%s/__ep/%s/%s" % (req.host_url(), ep["ns"], ep["name"])
        user = {"id": hashlib.sha1(ep["by"].encode()).hexdigest()[:24], "name": ep["by"]}
        ready = 1 if st == "running" else 0
        return {"name": ep["name"], "type": body.get("type", "protected"), "accountId": None,
                "provider": body.get("provider"), "healthRoute": "/health", "compute": body.get("compute"),
                "model": model, "tags": body.get("tags") or [],
                "status": {"createdAt": now_iso(ep["created"]), "createdBy": user,
                           "updatedAt": now_iso(ep["updated"]), "updatedBy": user, "private": None,
                           "state": st, "message": MESSAGES.get(st, st), "url": url,
                           "readyReplica": ready, "targetReplica": 0 if st in ("paused", "scaledToZero") else 1}}

    def _auth(self, req, ns, write):
        auth = authenticate(self.app, req)
        if auth.name is None:
            raise HTTPError(401, "Unauthorized: a token is required")
        if ns not in self.app.store.namespaces_of(auth.name):
            raise HTTPError(403, "You don't have access to the namespace %s" % ns)
        if write and auth.role != "write":
            raise HTTPError(403, "Your token has the read role")
        return auth

    def _get(self, ns, name):
        ep = self.eps.get((ns, name))
        if ep is None:
            raise HTTPError(404, "Endpoint %s/%s not found" % (ns, name))
        return ep

    def check_body(self, body, creating):
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        if creating:
            for k in ("name", "type", "provider", "compute", "model"):
                if k not in body:
                    raise HTTPError(400, "Missing field: %s" % k)
            if not isinstance(body["name"], str) or not NAME_RE.match(body["name"]):
                raise HTTPError(400, "Invalid endpoint name: lowercase letters, digits and '-', at most 32")
        if "type" in body and body["type"] not in TYPES:
            raise HTTPError(400, "Invalid type %r" % body["type"])
        model = body.get("model")
        if model is not None and (not isinstance(model, dict) or (creating and not model.get("repository"))):
            raise HTTPError(400, "model.repository is required")
        comp = body.get("compute")
        if comp is not None:
            if not isinstance(comp, dict):
                raise HTTPError(400, "compute must be an object")
            itype = comp.get("instanceType")
            if itype is not None and itype not in [c[1] for c in COMPUTES]:
                raise HTTPError(400, "Unknown instance type %r" % itype)

    # ---- routes ------------------------------------------------------------------------
    def route(self, req):
        from .common import segments
        segs = segments(req.path)[1:]
        if segs[:1] == ["__ep"]:
            return self.deployment(req, segs[1:])
        segs = segs[1:]  # after "v2"
        m = req.method
        if segs[:1] == ["provider"] and len(segs) == 2 and m == "GET":
            self._auth(req, segs[1], False)
            return json_response(provider_json())
        if segs[:1] != ["endpoint"] or len(segs) < 2:
            raise HTTPError(404, "Not found: %s" % req.path)
        ns, rest = segs[1], segs[2:]
        if not rest:
            if m == "GET":
                self._auth(req, ns, False)
                return json_response({"items": [self.shape(req, e) for (n, _), e in self.eps.items() if n == ns]})
            if m == "POST":
                auth = self._auth(req, ns, True)
                body = req.json()
                self.check_body(body, True)
                self.compute.record("endpoint", body)
                return json_response(self.create(req, ns, auth.name, body))
            raise HTTPError(405, "Method not allowed")
        auth = self._auth(req, ns, m != "GET")
        ep = self._get(ns, rest[0])
        word = rest[1] if len(rest) > 1 else ""
        now = time.time()
        with self.lock:
            if word == "" and m == "GET":
                pass
            elif word == "" and m == "DELETE":
                del self.eps[(ns, ep["name"])]
                return Response(200, {"Content-Type": "application/json"}, b"{}")
            elif word == "" and m == "PUT":
                body = req.json()
                self.check_body(body, False)
                self.compute.record("endpoint_update", body)
                self._merge(ep["body"], body)
                fail = self.compute.inject.get(ep["name"]) == "updateFailed"
                ep["timeline"] = [(now, "updating"),
                                  (now + self.compute.timings["endpoint_init_s"], "updateFailed" if fail else "running")]
            elif word == "pause" and m == "POST":
                ep["timeline"] = [(now, "paused")]
            elif word == "scale-to-zero" and m == "POST":
                ep["timeline"] = [(now, "scaledToZero")]
            elif word == "resume" and m == "POST":
                if self.state(ep, now) == "running":
                    raise HTTPError(400, "Endpoint %s is already running" % ep["name"])
                ep["timeline"] = self._deploy_timeline(ep, now)
            else:
                raise HTTPError(404, "Not found: %s" % req.path)
            ep["updated"] = now
            ep["by"] = auth.name
        return json_response(self.shape(req, ep))

    def _merge(self, dst, src):
        for k, v in src.items():
            if isinstance(v, dict) and isinstance(dst.get(k), dict):
                self._merge(dst[k], v)
            else:
                dst[k] = v

    def create(self, req, ns, by, body):
        now = time.time()
        with self.lock:
            if (ns, body["name"]) in self.eps:
                raise HTTPError(409, "An endpoint named %s already exists" % body["name"])
            ep = {"ns": ns, "name": body["name"], "by": by, "body": json.loads(json.dumps(body)),
                  "created": now, "updated": now, "timeline": None}
            ep["timeline"] = self._deploy_timeline(ep, now)
            self.eps[(ns, ep["name"])] = ep
        return self.shape(req, ep)

    def catalog(self, req, segs):
        m = req.method
        if segs == ["repo-list"] and m == "GET":
            return json_response({"models": CATALOG})
        if segs == ["deploy"] and m == "POST":
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("namespace"), str) \
                    or body.get("repoId") not in CATALOG:
                raise HTTPError(400, "namespace and a repoId from the catalog are required")
            auth = self._auth(req, body["namespace"], True)
            self.compute.record("catalog_deploy", body)
            name = body.get("endpointName") or re.sub(r"[^a-z0-9-]", "-", body["repoId"].split("/")[-1].lower())[:25]
            acc = body.get("accelerator") or "cpu"
            comp = [c for c in COMPUTES if c[0] == acc][0]
            spec = {"name": name, "type": "protected", "provider": {"vendor": "aws", "region": "us-east-1"},
                    "compute": {"accelerator": acc, "instanceType": comp[1], "instanceSize": comp[2],
                                "scaling": {"minReplica": 0, "maxReplica": 1, "scaleToZeroTimeout": 15}},
                    "model": {"repository": body["repoId"], "framework": "pytorch", "task": "text-generation",
                              "image": {"huggingface": {}}}}
            self.check_body(spec, True)
            return json_response({"endpoint": self.create(req, body["namespace"], auth.name, spec)})
        raise HTTPError(404, "Not found: %s" % req.path)

    # ---- the deployment ----------------------------------------------------------------
    def deployment(self, req, segs):
        if len(segs) < 2:
            raise HTTPError(404, "Not found")
        ep = self._get(segs[0], segs[1])
        route = "/" + "/".join(segs[2:])
        if ep["body"].get("type") != "public":
            auth = authenticate(self.app, req)
            if auth.name is None:
                raise HTTPError(401, "Unauthorized")
        now = time.time()
        with self.lock:
            st = self.state(ep, now)
            if st == "scaledToZero":  # a request wakes it up
                t = self.compute.timings["endpoint_init_s"]
                ep["timeline"] = [(now, "initializing"), (now + t, "running")]
                st = self.state(ep, now)
        if st != "running":
            raise HTTPError(503, "Service Unavailable: endpoint is %s" % st)
        m = req.method
        if route == "/health" and m == "GET":
            return Response(200, {"Content-Type": "text/plain"}, b"")
        if route == "/info" and m == "GET":
            model = ep["body"]["model"]
            return json_response({"model_id": model["repository"], "model_sha": None, "max_input_tokens": 1024,
                                  "max_total_tokens": 2048, "version": "localhub"})
        if route in ("/v1/chat/completions", "/") and m == "POST":
            body = req.json()
            if not isinstance(body, dict):
                raise HTTPError(400, "Expected a JSON object")
            return self.chat(ep, body, route == "/")
        raise HTTPError(404, "Not found: %s" % route)

    def chat(self, ep, body, raw):
        if raw:
            text = str(body.get("inputs", ""))
            return json_response([{"generated_text": text + " (from %s)" % ep["name"]}])
        msgs = body.get("messages")
        if not isinstance(msgs, list) or not msgs or not isinstance(msgs[-1], dict):
            raise HTTPError(422, "messages must be a non-empty array")
        last = str(msgs[-1].get("content", ""))
        content = "Hello from %s: %s" % (ep["name"], last)
        model = ep["body"]["model"]["repository"]
        if body.get("stream"):
            chunk = {"id": "chatcmpl-localhub", "object": "chat.completion.chunk", "created": int(time.time()),
                     "model": model, "choices": [{"index": 0, "delta": {"role": "assistant", "content": content},
                                                  "finish_reason": "stop"}]}
            data = b"data: " + json.dumps(chunk).encode() + b"\n\ndata: [DONE]\n\n"
            return Response(200, {"Content-Type": "text/event-stream"}, data)
        return json_response({"id": "chatcmpl-localhub", "object": "chat.completion", "created": int(time.time()),
                              "model": model,
                              "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                           "finish_reason": "stop"}],
                              "usage": {"prompt_tokens": len(last.split()), "completion_tokens": len(content.split()),
                                        "total_tokens": len(last.split()) + len(content.split())}})


MESSAGES = {"pending": "Endpoint is pending", "initializing": "Endpoint is initializing",
            "running": "Endpoint is ready", "paused": "Endpoint is paused", "failed": "Endpoint failed to deploy",
            "scaledToZero": "Endpoint is scaled to zero", "updating": "Endpoint is updating",
            "updateFailed": "Endpoint failed to update"}
