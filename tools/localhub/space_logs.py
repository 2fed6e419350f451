"""Space logs and volumes (spec §5.11): GET /api/spaces/{repo}/logs/{build|run} as a text/event-stream of
`data: {"data": "<line>", "timestamp": "<iso>"}` events.

The lines are set with the admin call `POST /__localhub/space-logs {"repo", "build": [...],
"run": [...], "hold": seconds}`: the stream sends them, then stays open `hold` seconds (0 by
default: it closes, like a finished stream) so clients' read timeouts can be exercised.
"""

import json
import time

from .common import check_gated
from .httpcore import HTTPError, Response, StreamBody, json_response


def _event(line, ts):
    return b"data: " + json.dumps({"data": line, "timestamp": ts}).encode() + b"\n\n"


def stream(app, req, repo, auth, kind):
    check_gated(app, auth, repo)
    logs = repo.get("spaceLogs") or {}
    lines = list(logs.get(kind) or [])
    hold = float(logs.get("hold") or 0)

    def gen():
        for i, line in enumerate(lines):
            yield _event(line, "2026-01-01T00:00:%02d.000Z" % (i % 60))
        if hold:
            time.sleep(hold)  # the lines are flushed; the stream stays open, silent

    r = Response(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache",
                       "Transfer-Encoding": "chunked"})
    r.body = StreamBody(gen())
    return r


def admin_set(app, body):
    if not isinstance(body, dict):
        raise HTTPError(400, "Expected a JSON object")
    repo = app.store.get_repo("space", body.get("repo"))
    if repo is None:
        raise HTTPError(404, "Repository not found", "RepoNotFound")
    logs = {}
    for k in ("build", "run"):
        v = body.get(k, [])
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise HTTPError(400, "%s must be a list of strings" % k)
        logs[k] = v
    hold = body.get("hold", 0)
    if isinstance(hold, bool) or not isinstance(hold, (int, float)) or hold < 0 or hold > 60:
        raise HTTPError(400, "hold must be a number of seconds (0-60)")
    logs["hold"] = hold
    with app.store.lock:
        repo["spaceLogs"] = logs
        app.store.save_repo(repo)
    return json_response({})


VOLUME_TYPES = ("model", "dataset", "space", "bucket")


def check_volumes(vols):
    """The body of PUT /api/spaces/{repo}/volumes: [{"type", "source", "mountPath",
    "revision"?, "readOnly"?, "path"?}] (400 otherwise); stored in the runtime as sent."""
    if not isinstance(vols, list) or not vols:
        raise HTTPError(400, "volumes must be a non-empty list")
    for v in vols:
        if not isinstance(v, dict) or v.get("type") not in VOLUME_TYPES or not isinstance(v.get("source"), str) \
                or not isinstance(v.get("mountPath"), str) or not v["mountPath"].startswith("/"):
            raise HTTPError(400, "each volume needs type (%s), source and an absolute mountPath" % ", ".join(VOLUME_TYPES))
        if "readOnly" in v and not isinstance(v["readOnly"], bool):
            raise HTTPError(400, "readOnly must be a boolean")
        unknown = set(v) - {"type", "source", "mountPath", "revision", "readOnly", "path"}
        if unknown:
            raise HTTPError(400, "unknown volume fields: %s" % ", ".join(sorted(unknown)))
    return vols
