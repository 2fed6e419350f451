"""Jobs API (spec inference.md §5): /api/jobs/{ns}[/{id}[/cancel|/labels|/logs|/metrics]],
/api/jobs/hardware, /api/scheduled-jobs/{ns}[/{sid}[/suspend|/resume|/run|/labels]].

Nothing runs: a job is a timeline computed from its creation time and the compute timings
(see Compute.timings): SCHEDULING for `job_scheduling_s`, then RUNNING while its output lines
appear one every `job_line_s`, then COMPLETED (or ERROR / CANCELED). The output is
deterministic: environment LOCALHUB_OUTPUT (lines separated by "\\n") if set, else
LOCALHUB_LINES=N lines "line 1".."line N", else for `echo ARGS...` the arguments, else
"Running: <command>". LOCALHUB_EXIT=N (N != 0) ends the job in ERROR.
Logs and metrics are SSE streams that last while the job runs."""

import datetime
import hashlib
import re
import secrets
import threading
import time
import urllib.parse

from .common import authenticate
from .httpcore import HTTPError, Response, ResetConnection, StreamBody, json_response
from .storage import now_iso

STAGES = ("SCHEDULING", "RUNNING", "COMPLETED", "CANCELED", "ERROR", "DELETED")
SCHEDULES = ("@annually", "@yearly", "@monthly", "@weekly", "@daily", "@hourly")


def _gpu(model, qty, vram, maker="Nvidia"):
    return {"type": "gpu", "model": model, "quantity": str(qty), "vram": vram, "manufacturer": maker}


# name, pretty name, cpu, ram, storage, accelerator, micro-USD per minute
HARDWARE = [
    ("cpu-basic", "CPU Basic", "2 vCPU", "16 GB", "50 GB", None, 167),
    ("cpu-upgrade", "CPU Upgrade", "8 vCPU", "32 GB", "50 GB", None, 500),
    ("cpu-performance", "CPU Performance", "32 vCPU", "256 GB", "50 GB", None, 3117),
    ("cpu-xl", "CPU XL", "16 vCPU", "124 GB", "50 GB", None, 1667),
    ("t4-small", "Nvidia T4 - small", "4 vCPU", "15 GB", "50 GB", _gpu("T4", 1, "16 GB"), 6667),
    ("t4-medium", "Nvidia T4 - medium", "8 vCPU", "30 GB", "100 GB", _gpu("T4", 1, "16 GB"), 10000),
    ("l4x1", "1x Nvidia L4", "8 vCPU", "30 GB", "400 GB", _gpu("L4", 1, "24 GB"), 13333),
    ("l4x4", "4x Nvidia L4", "48 vCPU", "186 GB", "3200 GB", _gpu("L4", 4, "96 GB"), 63333),
    ("a10g-small", "Nvidia A10G - small", "4 vCPU", "15 GB", "110 GB", _gpu("A10G", 1, "24 GB"), 16667),
    ("a10g-large", "Nvidia A10G - large", "12 vCPU", "46 GB", "200 GB", _gpu("A10G", 1, "24 GB"), 25000),
    ("a100-large", "Nvidia A100 - large", "12 vCPU", "142 GB", "1000 GB", _gpu("A100", 1, "80 GB"), 41667),
    ("h200", "Nvidia H200", "23 vCPU", "256 GB", "3000 GB", _gpu("H200", 1, "141 GB"), 83333),
]
FLAVORS = [h[0] for h in HARDWARE]


def hardware_json():
    out = []
    for name, pretty, cpu, ram, disk, acc, micro in HARDWARE:
        out.append({"name": name, "prettyName": pretty, "cpu": cpu, "ram": ram, "ephemeralStorage": disk,
                    "accelerator": acc, "unitCostMicroUSD": micro, "unitCostUSD": micro / 1e6,
                    "unitLabel": "minute"})
    return out


def iso(ts):
    return None if ts is None else now_iso(ts)


def ssh_url(j):
    """The SSH endpoint of a job started with {"ssh": {"enabled": true}} (fake host; for clients to parse)."""
    if not (j["spec"].get("ssh") or {}).get("enabled"):
        return None
    return "ssh://%s@ssh.jobs.localhub.test:2222" % j["id"]


def expose_urls(j):
    ports = (j["spec"].get("expose") or {}).get("ports") or []
    return ["https://%s-%s.jobs.localhub.test" % (j["id"], p) for p in ports] or None


def gpus_of(j, n):
    """The "gpus" member of a metrics event: LOCALHUB_GPUS=N GPUs, keyed in reverse order (clients sort)."""
    env = j["spec"].get("environment") or {}
    try:
        count = max(0, min(8, int(env.get("LOCALHUB_GPUS", "0"))))
    except ValueError:
        count = 0
    return {"gpu%d" % i: {"utilization": (n + i) % 100, "memory_used_bytes": 1000000000 * (i + 1),
                          "memory_total_bytes": 24000000000} for i in reversed(range(count))}


def job_lines(spec):
    env = spec.get("environment") or {}
    if "LOCALHUB_OUTPUT" in env:
        return str(env["LOCALHUB_OUTPUT"]).split("\n")
    if "LOCALHUB_LINES" in env:
        return ["line %d" % (i + 1) for i in range(max(0, min(10000, int(env["LOCALHUB_LINES"]))))]
    cmd = list(spec.get("command") or []) + list(spec.get("arguments") or [])
    if cmd and cmd[0] == "echo":
        return [" ".join(cmd[1:])]
    return ["Running: " + " ".join(cmd)]


def _sse(obj):
    import json
    return b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n"


class Jobs:
    def __init__(self, app, compute):
        self.app = app
        self.compute = compute
        self.lock = threading.Lock()
        self.jobs = {}       # id -> job (insertion order = creation order)
        self.scheduled = {}  # id -> scheduled job

    # ---- timeline ----------------------------------------------------------------------
    def _times(self, j):
        t = self.compute.timings
        started = j["created"] + t["job_scheduling_s"]
        ends = started + (len(j["lines"]) + 1) * t["job_line_s"]
        stage_end = "COMPLETED" if not j["exit"] else "ERROR"
        msg = None if not j["exit"] else "Job failed with exit code: %d" % j["exit"]
        to = j["spec"].get("timeoutSeconds")
        if to and started + to < ends:
            ends, stage_end, msg = started + to, "ERROR", "Job timeout"
        if j.get("canceled") is not None and j["canceled"] < ends:
            ends, stage_end, msg = j["canceled"], "CANCELED", None
            if ends < started:
                started = None
        return started, ends, stage_end, msg

    def stage(self, j, now=None):
        now = time.time() if now is None else now
        started, ends, stage_end, msg = self._times(j)
        if now >= ends:
            return stage_end, msg, started, ends
        if started is None or now < started:
            return "SCHEDULING", None, None, None
        return "RUNNING", None, started, None

    def events(self, j, now):
        """The log events produced by `now`: (time, text)."""
        started, ends, _, _ = self._times(j)
        if started is None or now < started:
            return []
        step = self.compute.timings["job_line_s"]
        started_txt = datetime.datetime.fromtimestamp(started, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        out = [(started, "===== Job started at %s =====" % started_txt)]
        for i, line in enumerate(j["lines"]):
            t = started + (i + 1) * step
            if t > now or t > ends:
                break
            out.append((t, line))
        return out

    def info(self, req, j):
        stage, msg, started, ends = self.stage(j)
        spec = j["spec"]
        now = time.time()
        sched = (started or now) - j["created"] if stage != "SCHEDULING" else None
        running = ((ends or now) - started) if started is not None else None
        return {"id": j["id"], "createdAt": iso(j["created"]), "startedAt": iso(started), "finishedAt": iso(ends),
                "dockerImage": spec.get("dockerImage"), "spaceId": spec.get("spaceId"),
                "command": spec.get("command") or [], "arguments": spec.get("arguments") or [],
                "environment": spec.get("environment") or {},
                "secrets": {k: None for k in (spec.get("secrets") or {})}, "flavor": spec.get("flavor"),
                "timeout": spec.get("timeoutSeconds"),
                "labels": spec.get("labels") or {}, "volumes": spec.get("volumes"),
                "status": {"stage": stage, "message": msg, "exposeUrls": expose_urls(j), "sshUrl": ssh_url(j)},
                "durations": {"schedulingSecs": None if sched is None else round(sched, 3),
                              "runningSecs": None if running is None else round(running, 3),
                              "totalSecs": None if ends is None else round(ends - j["created"], 3)},
                "owner": self._owner(j["ns"]),
                "initiator": {"type": "user", "id": self._uid(j["by"]), "name": j["by"]}}

    def _uid(self, name):
        return hashlib.sha1(name.encode()).hexdigest()[:24]

    def _owner(self, ns):
        u = self.app.store.users.get(ns) or {}
        return {"id": self._uid(ns), "name": ns, "type": u.get("type", "user")}

    # ---- validation --------------------------------------------------------------------
    def check_spec(self, spec):
        if not isinstance(spec, dict):
            raise HTTPError(400, "Expected a JSON object")
        if bool(spec.get("dockerImage")) == bool(spec.get("spaceId")):
            raise HTTPError(400, "Exactly one of dockerImage and spaceId is required")
        for k in ("command", "arguments"):
            v = spec.get(k, [])
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise HTTPError(400, "%s must be an array of strings" % k)
        for k in ("environment", "secrets", "labels"):
            v = spec.get(k) or {}
            if not isinstance(v, dict) or not all(isinstance(x, str) for x in v.values()):
                raise HTTPError(400, "%s must be an object of strings" % k)
        fl = spec.get("flavor", "cpu-basic")
        if fl not in FLAVORS:
            raise HTTPError(400, "Invalid flavor '%s': must be one of %s" % (fl, ", ".join(FLAVORS)))
        to = spec.get("timeoutSeconds")
        if to is not None and (isinstance(to, bool) or not isinstance(to, (int, float)) or to <= 0):
            raise HTTPError(400, "timeoutSeconds must be a positive number")
        exit_code = (spec.get("environment") or {}).get("LOCALHUB_EXIT", "0")
        if not re.match(r"^-?\d+$", exit_code):
            raise HTTPError(400, "LOCALHUB_EXIT must be an integer")

    def new_job(self, ns, by, spec):
        spec = dict(spec)
        spec.setdefault("flavor", "cpu-basic")
        j = {"id": secrets.token_hex(12), "ns": ns, "by": by, "spec": spec, "created": time.time(),
             "lines": job_lines(spec), "exit": int((spec.get("environment") or {}).get("LOCALHUB_EXIT", "0")),
             "canceled": None}
        with self.lock:
            self.jobs[j["id"]] = j
        return j

    def _auth(self, req, ns, write):
        auth = authenticate(self.app, req)
        if auth.name is None:
            raise HTTPError(401, "You must be authenticated to access jobs")
        if ns not in self.app.store.namespaces_of(auth.name):
            raise HTTPError(403 if ns in self.app.store.users else 404,
                            "You don't have access to the namespace %s" % ns)
        if write and auth.role != "write":
            raise HTTPError(403, "Your token has the read role: it cannot run or change jobs")
        return auth

    def _job(self, ns, jid):
        j = self.jobs.get(jid)
        if j is None or j["ns"] != ns:
            raise HTTPError(404, "Job not found")
        return j

    # ---- routes ------------------------------------------------------------------------
    def route(self, req, head, segs):
        if head == "scheduled-jobs":
            return self.route_scheduled(req, segs)
        m = req.method
        if segs == ["hardware"] and m == "GET":
            return json_response(hardware_json())
        if not segs:
            raise HTTPError(404, "Not found")
        ns, rest = segs[0], segs[1:]
        if not rest:
            if m == "POST":
                auth = self._auth(req, ns, True)
                spec = req.json()
                self.check_spec(spec)
                self.compute.record("job", spec)
                return json_response(self.info(req, self.new_job(ns, auth.name, spec)))
            if m == "GET":
                self._auth(req, ns, False)
                return self.list_jobs(req, ns)
            raise HTTPError(405, "Method not allowed")
        self._auth(req, ns, m != "GET")
        j = self._job(ns, rest[0])
        word = rest[1] if len(rest) > 1 else ""
        if len(rest) > 2:
            raise HTTPError(404, "Not found")
        if word == "" and m == "GET":
            return json_response(self.info(req, j))
        if word == "cancel" and m == "POST":
            with self.lock:
                if self.stage(j)[0] in ("SCHEDULING", "RUNNING"):
                    j["canceled"] = time.time()
            return Response(200, {"Content-Type": "application/json"}, b"{}")
        if word == "labels" and m == "PUT":
            body = req.json()
            labels = body.get("labels") if isinstance(body, dict) else None
            if not isinstance(labels, dict):
                raise HTTPError(400, "labels must be an object")
            j["spec"]["labels"] = labels
            return json_response(self.info(req, j))
        if word == "logs" and m == "GET":
            return self.logs(req, j)
        if word == "metrics" and m == "GET":
            return self.metrics(req, j)
        raise HTTPError(404, "Not found: %s" % req.path)

    def list_jobs(self, req, ns):
        stages = req.qlist("stage")
        labels = req.qlist("label")
        items = []
        for j in list(self.jobs.values()):
            if j["ns"] != ns:
                continue
            if stages and self.stage(j)[0] not in stages:
                continue
            have = j["spec"].get("labels") or {}
            ok = True
            for lab in labels:
                k, eq, v = lab.partition("=")
                if k not in have or (eq and have[k] != v):
                    ok = False
            if ok:
                items.append(j)
        items.reverse()  # newest first
        size = max(1, int(self.compute.timings["jobs_page_size"]))
        cursor = int(req.q("cursor", "0") or 0)
        page = items[cursor:cursor + size]
        headers = {}
        if cursor + size < len(items):
            q = [(k, v) for k, v in urllib.parse.parse_qsl(req.query_string, keep_blank_values=True) if k != "cursor"]
            q.append(("cursor", str(cursor + size)))
            headers["Link"] = '<%s%s?%s>; rel="next"' % (req.host_url(), req.path, urllib.parse.urlencode(q))
        return json_response([self.info(req, j) for j in page], headers=headers)

    def logs(self, req, j):
        tail = req.q("tail")
        tail = int(tail) if tail and tail.isdigit() else None
        compute = self.compute
        drop = compute.take_fault("drop_logs")
        noise = compute.config.get("log_noise")

        def gen():
            sent = 0
            first = True
            while True:
                now = time.time()
                evs = self.events(j, now)
                if first and tail is not None:
                    sent = max(0, len(evs) - tail)
                    first = False
                if noise and sent == 1:
                    yield b": keep-alive\n\nevent: ping\ndata: not json\n\n"
                while sent < len(evs):
                    t, text = evs[sent]
                    sent += 1
                    yield _sse({"data": text, "timestamp": iso(t)})
                    if drop is not None and sent >= drop:
                        # a gap: half of the next event, then the connection is gone
                        evs = self.events(j, time.time())
                        if sent < len(evs):
                            part = _sse({"data": evs[sent][1], "timestamp": iso(evs[sent][0])})
                            yield part[:len(part) // 2]
                        raise ResetConnection()
                stage = self.stage(j, now)[0]
                if stage not in ("SCHEDULING", "RUNNING"):
                    evs = self.events(j, time.time())
                    if sent >= len(evs):
                        return
                    continue
                time.sleep(min(0.05, compute.timings["job_line_s"]))
        return self._stream(gen())

    def metrics(self, req, j):
        """Metrics events while the job runs; LOCALHUB_GPUS=N in its environment adds N GPUs."""
        step = self.compute.timings["job_line_s"]

        def gen():
            n = 0
            while self.stage(j)[0] in ("SCHEDULING", "RUNNING"):
                if self.stage(j)[0] == "SCHEDULING":
                    time.sleep(min(0.05, step))
                    continue
                n += 1
                yield _sse({"cpu_usage_pct": n % 100, "cpu_millicores": 2000, "memory_used_bytes": 929792 + n,
                            "memory_total_bytes": 17179869184, "rx_bps": 0, "tx_bps": 0, "gpus": gpus_of(j, n),
                            "replica": j["id"][:5]})
                time.sleep(step)
        return self._stream(gen())

    def _stream(self, gen):
        r = Response(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                           "Transfer-Encoding": "chunked"})
        r.body = StreamBody(gen)
        return r

    # ---- scheduled jobs ----------------------------------------------------------------
    def sinfo(self, s):
        return {"id": s["id"], "createdAt": iso(s["created"]), "jobSpec": s["jobSpec"], "schedule": s["schedule"],
                "suspend": s["suspend"], "concurrency": s["concurrency"],
                "status": {"lastJob": s["lastJob"], "nextJobRunAt": None if s["suspend"] else iso(time.time() + 3600)},
                "owner": self._owner(s["ns"])}

    def route_scheduled(self, req, segs):
        m = req.method
        if not segs:
            raise HTTPError(404, "Not found")
        ns, rest = segs[0], segs[1:]
        if not rest:
            if m == "POST":
                auth = self._auth(req, ns, True)
                body = req.json()
                if not isinstance(body, dict):
                    raise HTTPError(400, "Expected a JSON object")
                self.check_spec(body.get("jobSpec"))
                sch = body.get("schedule")
                if not isinstance(sch, str) or not (sch in SCHEDULES or len(sch.split()) == 5):
                    raise HTTPError(400, "Invalid schedule %r: a 5-field cron expression or one of %s"
                                    % (sch, ", ".join(SCHEDULES)))
                self.compute.record("scheduled", body)
                s = {"id": secrets.token_hex(12), "ns": ns, "by": auth.name, "created": time.time(),
                     "jobSpec": body["jobSpec"], "schedule": sch, "suspend": bool(body.get("suspend", False)),
                     "concurrency": bool(body.get("concurrency", False)), "lastJob": None}
                with self.lock:
                    self.scheduled[s["id"]] = s
                return json_response(self.sinfo(s))
            if m == "GET":
                self._auth(req, ns, False)
                return json_response([self.sinfo(s) for s in self.scheduled.values() if s["ns"] == ns])
            raise HTTPError(405, "Method not allowed")
        auth = self._auth(req, ns, m != "GET")
        s = self.scheduled.get(rest[0])
        if s is None or s["ns"] != ns:
            raise HTTPError(404, "Scheduled job not found")
        word = rest[1] if len(rest) > 1 else ""
        if word == "" and m == "GET":
            return json_response(self.sinfo(s))
        if word == "" and m == "DELETE":
            with self.lock:
                del self.scheduled[s["id"]]
            return Response(200, {"Content-Type": "application/json"}, b"{}")
        if word in ("suspend", "resume") and m == "POST":
            s["suspend"] = word == "suspend"
            return json_response(self.sinfo(s))
        if word == "run" and m == "POST":
            j = self.new_job(ns, auth.name, s["jobSpec"])
            s["lastJob"] = {"id": j["id"], "at": iso(j["created"])}
            return json_response(self.info(req, j))
        if word == "labels" and m == "PUT":
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("labels"), dict):
                raise HTTPError(400, "labels must be an object")
            s["jobSpec"]["labels"] = body["labels"]
            return json_response(self.sinfo(s))
        raise HTTPError(404, "Not found: %s" % req.path)


class Compute:
    """Shared state of the compute emulation: timings, injected faults and the request bodies
    of job / endpoint calls (for request-shape tests). Admin: GET/POST/DELETE /__localhub/compute
    with {"timings": {...}, "inject": {endpoint name: "failed"|"updateFailed"|"stuck"},
    "drop_logs": N (the next log stream is reset after N events), "log_noise": true}."""

    DEFAULT_TIMINGS = {"job_scheduling_s": 1.0, "job_line_s": 0.5, "endpoint_pending_s": 2.0,
                       "endpoint_init_s": 3.0, "jobs_page_size": 50}

    def __init__(self, app, timings=None):
        self.app = app
        self.lock = threading.Lock()
        self.timings = dict(self.DEFAULT_TIMINGS)
        self.timings.update(timings or {})
        self.config = {}
        self.inject = {}
        self.faults = {}
        self.bodies = []

    def record(self, kind, body):
        with self.lock:
            self.bodies.append({"kind": kind, "body": body})

    def take_fault(self, name):
        with self.lock:
            return self.faults.pop(name, None)

    def admin(self, req):
        m = req.method
        if m == "POST":
            body = req.json()
            if not isinstance(body, dict):
                raise HTTPError(400, "Expected a JSON object")
            for k, v in (body.get("timings") or {}).items():
                if k not in self.timings or isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                    raise HTTPError(400, "Bad timing %r (keys: %s)" % (k, ", ".join(self.timings)))
                self.timings[k] = v
            self.inject.update(body.get("inject") or {})
            if "drop_logs" in body:
                self.faults["drop_logs"] = int(body["drop_logs"])
            if "log_noise" in body:
                self.config["log_noise"] = bool(body["log_noise"])
        elif m == "DELETE":
            with self.lock:
                self.bodies = []
        return json_response({"timings": self.timings, "inject": self.inject, "bodies": self.bodies})


def parse_timings(specs):
    """--compute-timing KEY=SECONDS values -> dict (ValueError on a bad one)."""
    out = {}
    for s in specs:
        k, _, v = s.partition("=")
        if k not in Compute.DEFAULT_TIMINGS:
            raise ValueError("unknown timing %r (one of %s)" % (k, ", ".join(Compute.DEFAULT_TIMINGS)))
        out[k] = float(v)
    return out
