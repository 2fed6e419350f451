"""Buckets (spec hub-api §5.12): Xet-only object storage without git history.

/api/buckets/{ns}                      GET: list (paginated; "me" = the caller)
/api/buckets/{ns}/{name}               POST: create, GET: info, DELETE
/api/buckets/{ns}/{name}/tree[/{pfx}]  GET (paginated, ?recursive=true)
/api/buckets/{ns}/{name}/paths-info    POST {"paths": [...]}
/api/buckets/{ns}/{name}/batch         POST application/x-ndjson: addFile / deleteFile / copyFile lines
/api/buckets/{ns}/{name}/xet-(read|write)-token
/buckets/{ns}/{name}/resolve/{path}    GET/HEAD: Xet headers, 302 to the CDN copy of the bytes

A missing bucket is 404 "Bucket not found" with X-Error-Code: RepoNotFound (the Hub's code,
which Python maps to BucketNotFoundError on /api/buckets/ URLs)."""

import json
import os
import threading
import urllib.parse

from .common import (authenticate, bool_param, content_disposition, is_member, paginate, segments,
                     sign_url)
from .httpcore import HTTPError, Response, json_response
from .storage import HEX64, NAME_RE, now_iso, validate_path, write_json

MAX_BATCH = 16 * 1024 * 1024


class Buckets:
    def __init__(self, app):
        self.app = app
        self.store = app.store
        self.lock = threading.Lock()
        self.path = os.path.join(self.store.root, "state", "buckets.json")
        self.items = {}
        if os.path.exists(self.path):
            with open(self.path) as f:
                self.items = json.load(f)

    def save(self):
        write_json(self.path, self.items)

    # ---- helpers ------------------------------------------------------------------------
    @staticmethod
    def missing(bid):
        return HTTPError(404, "Bucket not found: %s" % bid, "RepoNotFound")

    def _ns(self, auth, ns):
        if ns == "me":
            if auth.name is None:
                raise HTTPError(401, "You must be authenticated to use the 'me' namespace")
            return auth.name
        return ns

    def _visible(self, auth, b):
        return not b["private"] or is_member(self.app, auth, b["id"].split("/")[0])

    def get(self, auth, bid):
        b = self.items.get(bid)
        if b is None or not self._visible(auth, b):
            raise self.missing(bid)
        return b

    def _writer(self, auth, ns, what):
        if auth.name is None:
            raise HTTPError(401, "You must be authenticated to %s" % what)
        if not is_member(self.app, auth, ns) or auth.role != "write":
            raise HTTPError(403, "You don't have the rights to %s in %s" % (what, ns))

    @staticmethod
    def info(b):
        files = b["files"].values()
        return {"id": b["id"], "private": b["private"], "createdAt": b["createdAt"],
                "size": sum(f["size"] for f in files), "totalFiles": len(b["files"])}

    @staticmethod
    def file_item(path, f):
        return {"type": "file", "path": path, "size": f["size"], "xetHash": f["xetHash"],
                "mtime": f["mtime"], "uploadedAt": f["uploadedAt"]}

    # ---- dispatch -------------------------------------------------------------------------
    def route(self, req, segs):
        """segs: the path after /api/buckets/ (decoded segments)."""
        auth = authenticate(self.app, req)
        m = req.method
        if len(segs) == 1 and m == "GET":
            return self.list(req, auth, self._ns(auth, segs[0]))
        if len(segs) < 2 or not segs[0] or not segs[1]:
            raise HTTPError(404, "Not found: %s" % req.path)
        ns, name, rest = self._ns(auth, segs[0]), segs[1], segs[2:]
        bid = "%s/%s" % (ns, name)
        if not rest:
            if m == "POST":
                return self.create(req, auth, ns, name)
            if m == "GET":
                return json_response(self.info(self.get(auth, bid)))
            if m == "DELETE":
                return self.delete(auth, bid)
            raise HTTPError(405, "Method not allowed")
        word, args = rest[0], rest[1:]
        b = self.get(auth, bid)
        if word == "tree" and m == "GET":
            return self.tree(req, b, "/".join(args).strip("/"))
        if word == "paths-info" and m == "POST" and not args:
            return self.paths_info(req, b)
        if word == "batch" and m == "POST" and not args:
            self._writer(auth, ns, "write to this bucket")
            return self.batch(req, b)
        if word in ("xet-read-token", "xet-write-token") and m == "GET" and not args:
            scope = "write" if word == "xet-write-token" else "read"
            if scope == "write":
                self._writer(auth, ns, "write to this bucket")
            return self.app.cas.token_response(req, b, scope)
        raise HTTPError(404, "Not found: %s" % req.path)

    # ---- CRUD -----------------------------------------------------------------------------
    def create(self, req, auth, ns, name):
        self._writer(auth, ns, "create a bucket")
        if not NAME_RE.match(name) or name.endswith((".git", ".")) or ".." in name:
            raise HTTPError(400, "Invalid bucket name: %r" % name)
        body = req.json() or {}
        if not isinstance(body, dict) or not isinstance(body.get("private", False), bool):
            raise HTTPError(400, "Invalid body: 'private' must be a boolean")
        bid = "%s/%s" % (ns, name)
        with self.lock:
            if bid in self.items:
                raise HTTPError(409, "You already created this bucket", "BucketAlreadyExists",
                                body=json.dumps({"error": "You already created this bucket",
                                                 "url": self.url(req, bid)}).encode())
            self.items[bid] = {"id": bid, "private": bool(body.get("private", False)), "createdAt": now_iso(),
                               "files": {}}
            self.save()
        return json_response({"url": self.url(req, bid), "name": name, "id": bid})

    def url(self, req, bid):
        return "%s/buckets/%s" % (req.host_url(), bid)

    def delete(self, auth, bid):
        b = self.get(auth, bid)
        self._writer(auth, bid.split("/")[0], "delete this bucket")
        with self.lock:
            self.items.pop(b["id"], None)
            self.save()
        return json_response({})

    def list(self, req, auth, ns):
        search = (req.q("search") or "").lower()
        rows = [self.info(b) for bid, b in sorted(self.items.items())
                if bid.split("/")[0] == ns and self._visible(auth, b) and search in bid.split("/")[1].lower()]
        page, link = paginate(req, rows, self.app.config["list_page_size"])
        return json_response(page, headers={"Link": link} if link else None)

    # ---- listing ----------------------------------------------------------------------------
    def tree(self, req, b, prefix):
        recursive = bool_param(req, "recursive")
        out, dirs = [], {}
        for path in sorted(b["files"]):
            f = b["files"][path]
            if prefix and not (path.startswith(prefix + "/") or path == prefix):
                continue
            rel = path[len(prefix) + 1:] if prefix and path != prefix else (path if not prefix else "")
            if recursive or "/" not in rel:
                out.append(self.file_item(path, f))
            else:
                d = (prefix + "/" if prefix else "") + rel.split("/", 1)[0]
                dirs[d] = max(dirs.get(d, ""), f["uploadedAt"])
        items = [{"type": "directory", "path": d, "uploadedAt": t} for d, t in sorted(dirs.items())] + out
        if prefix and not items:
            raise HTTPError(404, "Path %s not found in bucket %s" % (prefix, b["id"]), "EntryNotFound")
        page, link = paginate(req, items, self.app.config["tree_page_size"])
        return json_response(page, headers={"Link": link} if link else None)

    def paths_info(self, req, b):
        body = req.json()
        paths = body.get("paths") if isinstance(body, dict) else None
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise HTTPError(400, "Invalid body: expected {\"paths\": [string, ...]}")
        return json_response([self.file_item(p, b["files"][p]) for p in paths if p in b["files"]])

    # ---- batch ------------------------------------------------------------------------------
    def _parse_line(self, n, line):
        try:
            op = json.loads(line)
        except ValueError:
            raise HTTPError(400, "Line %d: invalid JSON" % n)
        if not isinstance(op, dict) or op.get("type") not in ("addFile", "deleteFile", "copyFile"):
            raise HTTPError(400, "Line %d: unknown operation type %r" % (n, op.get("type") if isinstance(op, dict) else op))
        try:
            validate_path(op.get("path"))
        except HTTPError as e:
            raise HTTPError(400, "Line %d: %s" % (n, e.message))
        return op

    def _check_add(self, n, op):
        fh = op.get("xetHash")
        if not isinstance(fh, str) or not HEX64.match(fh):
            raise HTTPError(400, "Line %d: xetHash must be 64 hex characters" % n)
        rec = self.app.cas.file_record(fh)
        if rec is None:
            raise HTTPError(400, "Line %d: file %s is not in the CAS (upload it through Xet first)" % (n, fh))
        size = op.get("size", rec["size"])
        if not isinstance(size, int) or isinstance(size, bool) or size != rec["size"]:
            raise HTTPError(400, "Line %d: size %r disagrees with the CAS (%d bytes)" % (n, size, rec["size"]))
        mtime = op.get("mtime")
        if mtime is not None and (not isinstance(mtime, int) or isinstance(mtime, bool) or mtime < 0):
            raise HTTPError(400, "Line %d: mtime must be milliseconds since the epoch" % n)
        return rec

    def batch(self, req, b):
        ctype = (req.header("Content-Type") or "").split(";")[0].strip()
        if ctype != "application/x-ndjson":
            raise HTTPError(400, "Expected Content-Type: application/x-ndjson, got %r" % ctype)
        try:
            text = req.body(MAX_BATCH).decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPError(400, "The batch is not UTF-8")
        ops = [self._parse_line(i + 1, line) for i, line in enumerate(text.split("\n")) if line.strip()]
        if not ops:
            raise HTTPError(400, "Empty batch")
        now = now_iso()
        staged = []
        for i, op in enumerate(ops):
            if op["type"] == "deleteFile":
                staged.append((op["path"], None))
                continue
            rec = self._check_add(i + 1, op)
            mtime = op.get("mtime")
            staged.append((op["path"], {"xetHash": op["xetHash"], "size": rec["size"], "uploadedAt": now,
                                        "mtime": now_iso(mtime / 1000.0) if mtime is not None else now,
                                        "sha256": rec["sha256"], "contentType": op.get("contentType")}))
        with self.lock:   # all lines checked: apply them at once
            for path, f in staged:
                if f is None:
                    b["files"].pop(path, None)
                else:
                    b["files"][path] = f
            self.save()
        return json_response({"success": True, "processed": len(ops)})

    # ---- resolve ----------------------------------------------------------------------------
    def resolve(self, req, segs):
        """segs: [ns, name, path...] after /buckets/{ns}/{name}/resolve/ (resolve word removed)."""
        if req.method not in ("GET", "HEAD"):
            raise HTTPError(405, "Method not allowed")
        auth = authenticate(self.app, req)
        bid = "%s/%s" % (segs[0], segs[1])
        b = self.get(auth, bid)
        path = "/".join(segs[2:])
        f = b["files"].get(path)
        if f is None:
            raise HTTPError(404, "Entry not found", "EntryNotFound")
        base, cas = req.host_url(), self.app.cas.cas_url(req)
        url = sign_url(self.app, self.app.cdn_base, "/lfs/" + f["sha256"], {"name": path.rsplit("/", 1)[-1]})
        r = Response(302, {"ETag": '"%s"' % f["xetHash"]}, ("Found. Redirecting to %s" % url).encode())
        r.set("Location", url)
        r.set("X-Xet-Hash", f["xetHash"])
        r.set("X-Linked-Size", f["size"])
        r.set("X-Linked-Etag", '"%s"' % f["xetHash"])
        r.set("Link", '<%s/v1/reconstructions/%s>; rel="xet-reconstruction-info", '
                      '<%s/api/buckets/%s/xet-read-token>; rel="xet-auth"'
              % (cas, f["xetHash"], base, urllib.parse.quote(bid)))
        r.set("Content-Type", "text/plain; charset=utf-8")
        r.set("Content-Disposition", content_disposition(path, req.q("download") in ("true", "1")))
        return r


def split_resolve(path):
    """/buckets/{ns}/{name}/resolve/{path...} -> [ns, name, path segs...] or None."""
    segs = segments(path)[1:]
    if len(segs) >= 5 and segs[0] == "buckets" and segs[3] == "resolve":
        return segs[1:3] + segs[4:]
    return None
