"""Account webhooks (spec §5.10): /api/settings/webhooks[/{id}[/enable|/disable]].
Stored only; localhub never calls them."""

import json
import os
import secrets

from .common import authenticate
from .httpcore import HTTPError, json_response
from .storage import write_json

WATCH_TYPES = ("model", "dataset", "space", "user", "org")
DOMAINS = ("repo", "discussions")


class Webhooks:
    def __init__(self, app):
        self.app = app
        self.path = os.path.join(app.store.root, "state", "webhooks.json")
        self.items = []
        if os.path.exists(self.path):
            with open(self.path) as f:
                self.items = json.load(f)

    def shape(self, w):
        return {k: w.get(k) for k in ("id", "url", "job", "watched", "domains", "secret", "disabled")}

    def route(self, req, segs):
        auth = authenticate(self.app, req)
        if auth.name is None:
            raise HTTPError(401, "You must be authenticated")
        m = req.method
        mine = [w for w in self.items if w["owner"] == auth.name]
        with self.app.store.lock:
            if not segs:
                if m == "GET":
                    return json_response([self.shape(w) for w in mine])
                if m == "POST":
                    w = {"id": secrets.token_hex(12), "owner": auth.name, "disabled": False, "job": None}
                    self._apply(w, req, creating=True)
                    self.items.append(w)
                    write_json(self.path, self.items)
                    return json_response({"webhook": self.shape(w)})
                raise HTTPError(405, "Method not allowed")
            hits = [w for w in mine if w["id"] == segs[0]]
            if not hits:
                raise HTTPError(404, "Webhook not found")
            w = hits[0]
            if len(segs) == 1 and m == "GET":
                return json_response({"webhook": self.shape(w)})
            if auth.role != "write":
                raise HTTPError(403, "You don't have the rights to manage webhooks: your token has the read role")
            if len(segs) == 1 and m == "DELETE":
                self.items.remove(w)
            elif len(segs) == 1 and m == "POST":
                self._apply(w, req, creating=False)
            elif len(segs) == 2 and segs[1] in ("enable", "disable") and m == "POST":
                w["disabled"] = segs[1] == "disable"
            else:
                raise HTTPError(404, "Not found: %s" % req.path)
            write_json(self.path, self.items)
            return json_response({} if m == "DELETE" else {"webhook": self.shape(w)})

    def _apply(self, w, req, creating):
        body = req.json()
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        if creating and auth_role_read(req, self.app):
            raise HTTPError(403, "You don't have the rights to manage webhooks: your token has the read role")
        watched = body.get("watched", [] if not creating else None)
        if not isinstance(watched, list) or not all(
                isinstance(x, dict) and x.get("type") in WATCH_TYPES and isinstance(x.get("name"), str) for x in watched):
            raise HTTPError(400, "watched must be a list of {\"type\": model|dataset|space|user|org, \"name\": ...}")
        domains = body.get("domains")  # null or absent: kept (all domains for a new webhook)
        if domains is None:
            domains = w.get("domains") or list(DOMAINS)
        if not isinstance(domains, list) or not all(d in DOMAINS for d in domains):
            raise HTTPError(400, "domains must be a subset of %s" % ", ".join(DOMAINS))
        url, job = body.get("url") or w.get("url"), body.get("jobSourceId")
        if creating and not isinstance(url, str) and not isinstance(job, str):
            raise HTTPError(400, "url or jobSourceId is required")
        w.update({"watched": [{"type": x["type"], "name": x["name"]} for x in watched], "domains": domains,
                  "url": url if isinstance(url, str) else None,
                  "secret": body["secret"] if body.get("secret") is not None else w.get("secret")})
        if isinstance(job, str):
            w["job"] = {"id": job}


def auth_role_read(req, app):
    return authenticate(app, req).role != "write"
