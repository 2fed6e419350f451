"""Space logs (spec §5.11): GET /api/spaces/{repo}/logs/{build|run} as a text/event-stream of
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
