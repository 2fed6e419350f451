"""Collections (spec §5.7): /api/collections[/{namespace}/{slug-id}[/items[/{item_id}]]]."""

import json
import os
import re
import secrets

from .common import authenticate, int_param, is_member, paginate
from .httpcore import HTTPError, json_response
from .storage import now_iso, write_json

ITEM_TYPES = ("model", "dataset", "space", "paper", "collection", "bucket")
THEMES = ("orange", "blue", "green", "purple", "pink", "indigo")


class Collections:
    def __init__(self, app):
        self.app = app
        self.store = app.store
        self.path = os.path.join(self.store.root, "state", "collections.json")
        self.items = []
        if os.path.exists(self.path):
            with open(self.path) as f:
                self.items = json.load(f)

    def save(self):
        write_json(self.path, self.items)

    def find(self, slug, auth):
        for c in self.items:
            if c["slug"] == slug and (not c["private"] or is_member(self.app, auth, c["namespace"])):
                return c
        raise HTTPError(404, "Collection not found: %s" % slug)

    def shape(self, c, limit_items=None):
        owner = self.store.users.get(c["namespace"], {})
        items = sorted(c["items"], key=lambda i: i["position"])
        out = {"slug": c["slug"], "title": c["title"], "description": c.get("description") or "",
               "owner": {"name": c["namespace"], "fullname": owner.get("fullname", c["namespace"]),
                         "type": "org" if owner.get("type") == "org" else "user",
                         "avatarUrl": "/avatars/%s.svg" % c["namespace"]},
               "items": items[:limit_items] if limit_items else items, "lastUpdated": c["lastUpdated"],
               "position": c["position"], "private": c["private"], "theme": c["theme"], "upvotes": 0,
               "isUpvotedByUser": False, "gating": False}
        return out

    def check_write(self, auth, ns):
        if auth.name is None:
            raise HTTPError(401, "You must be authenticated")
        if not is_member(self.app, auth, ns) or auth.role != "write":
            raise HTTPError(403, "You don't have the rights to manage collections of %s" % ns)

    def route(self, req, segs):
        auth = authenticate(self.app, req)
        m = req.method
        if not segs:
            if m == "GET":
                return self.list(req, auth)
            if m == "POST":
                return self.create(req, auth)
            raise HTTPError(405, "Method not allowed")
        if len(segs) < 2:
            raise HTTPError(404, "Collection not found")
        slug = "/".join(segs[:2])
        rest = segs[2:]
        with self.store.lock:
            c = self.find(slug, auth)
            if not rest:
                if m == "GET":
                    return json_response(self.shape(c))
                self.check_write(auth, c["namespace"])
                if m == "DELETE":
                    self.items.remove(c)
                    self.save()
                    return json_response({})
                if m == "PATCH":
                    body = self._body(req)
                    for k in ("title", "description", "private", "theme", "position"):
                        if k in body and body[k] is not None:
                            if k == "theme" and body[k] not in THEMES:
                                raise HTTPError(400, "Invalid theme")
                            if k == "private" and not isinstance(body[k], bool):
                                raise HTTPError(400, "private must be a boolean")
                            c[k] = body[k]
                    c["lastUpdated"] = now_iso()
                    self.save()
                    return json_response({"data": self.shape(c)})
            if rest == ["items"] and m == "POST":
                self.check_write(auth, c["namespace"])
                body = self._body(req)
                item = body.get("item")
                if not isinstance(item, dict) or item.get("type") not in ITEM_TYPES or not isinstance(item.get("id"), str):
                    raise HTTPError(400, "item must be {\"id\": ..., \"type\": one of %s}" % ", ".join(ITEM_TYPES))
                if any(i["id"] == item["id"] and i["type"] == item["type"] for i in c["items"]):
                    raise HTTPError(409, "Item already in the collection")
                if item["type"] in ("model", "dataset", "space"):
                    repo = self.store.get_repo(item["type"], item["id"])
                    if repo is None:
                        raise HTTPError(404, "Repository not found", "RepoNotFound")
                new = {"_id": secrets.token_hex(12), "id": item["id"], "type": item["type"],
                       "position": len(c["items"])}
                if item["type"] in ("model", "dataset", "space"):
                    new["author"] = item["id"].split("/")[0]
                    new["repoType"] = item["type"]
                if isinstance(body.get("note"), str):
                    new["note"] = {"text": body["note"], "html": body["note"]}
                c["items"].append(new)
                c["lastUpdated"] = now_iso()
                self.save()
                return json_response(self.shape(c))
            if len(rest) == 2 and rest[0] == "items" and m in ("PATCH", "DELETE"):
                self.check_write(auth, c["namespace"])
                hits = [i for i in c["items"] if i["_id"] == rest[1]]
                if not hits:
                    raise HTTPError(404, "Item not found")
                if m == "DELETE":
                    c["items"].remove(hits[0])
                else:
                    body = self._body(req)
                    if isinstance(body.get("note"), str):
                        hits[0]["note"] = {"text": body["note"], "html": body["note"]}
                    if isinstance(body.get("position"), int) and not isinstance(body.get("position"), bool):
                        hits[0]["position"] = body["position"]
                c["lastUpdated"] = now_iso()
                self.save()
                return json_response({})
        raise HTTPError(404, "Not found: %s" % req.path)

    def _body(self, req):
        body = req.json()
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        return body

    def list(self, req, auth):
        owners = req.qlist("owner")
        items = req.qlist("item")
        q = (req.q("q") or "").lower()
        limit = int_param(req, "limit", None, 0, 100000)
        out = []
        for c in self.items:
            if c["private"] and not is_member(self.app, auth, c["namespace"]):
                continue
            if owners and c["namespace"] not in owners:
                continue
            if items and not any("%ss/%s" % (i["type"], i["id"]) in items or i["id"] in items for i in c["items"]):
                continue
            if q and q not in c["title"].lower() and q not in (c.get("description") or "").lower():
                continue
            out.append(c)
        out.sort(key=lambda c: c["lastUpdated"], reverse=True)
        if limit is not None:
            out = out[:limit]
        page, link = paginate(req, [self.shape(c, 4) for c in out], min(100, self.app.config["list_page_size"]))
        r = json_response(page)
        if link:
            r.set("Link", link)
        return r

    def create(self, req, auth):
        body = self._body(req)
        title, ns = body.get("title"), body.get("namespace")
        if not isinstance(title, str) or not title.strip():
            raise HTTPError(400, "title is required")
        if not isinstance(ns, str):
            raise HTTPError(400, "namespace is required")
        self.check_write(auth, ns)
        with self.store.lock:
            for c in self.items:
                if c["namespace"] == ns and c["title"] == title:
                    return json_response({"error": "Collection already exists", "slug": c["slug"]}, 409,
                                         {"X-Error-Message": "Collection already exists"})
            base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "collection"
            c = {"slug": "%s/%s-%s" % (ns, base[:60], secrets.token_hex(12)), "title": title,
                 "description": body.get("description") or "", "namespace": ns,
                 "private": bool(body.get("private", False)), "theme": "orange",
                 "position": len([x for x in self.items if x["namespace"] == ns]), "items": [],
                 "lastUpdated": now_iso()}
            self.items.append(c)
            self.save()
        return json_response(self.shape(c))
