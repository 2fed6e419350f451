"""Admin API under /__localhub/ (served on both ports; documented in README.md)."""

import base64
import hashlib
import random

from . import gitattrs, space_logs
from .common import int_param, segments
from .httpcore import HTTPError, json_response
from .storage import REPO_TYPES, validate_path

CONFIG_KEYS = ("tree_page_size", "tree_page_size_expand", "commits_page_size", "list_page_size",
               "multipart_threshold", "multipart_chunk_size", "cdn_url_ttl", "discussions_page_size",
               "xet_token_ttl", "xet_seed_xorb_bytes", "xet_py_hash_chunks")


class Admin:
    def __init__(self, app):
        self.app = app

    def route(self, req):
        app = self.app
        segs = segments(req.path)[2:]
        m = req.method
        what = segs[0] if segs else ""
        if what == "health" and m == "GET":
            return json_response({"ok": True, "hub_port": app.hub_port, "cdn_port": app.cdn_port,
                                  "router_port": app.router_port, "router_url": getattr(app, "router_url", None),
                                  "cdn_generation": app.cdn_generation})
        if what == "inference":
            return app.inference.admin(req, segs[1:])
        if what == "faults":
            if m == "GET":
                return json_response(app.faults.list())
            if m == "POST":
                body = req.json()
                specs = body if isinstance(body, list) else [body]
                ids = [app.faults.add(s).id for s in specs]
                return json_response({"id": ids[0], "ids": ids} if len(ids) == 1 else {"ids": ids})
            if m == "DELETE":
                app.faults.clear(int(segs[1]) if len(segs) > 1 and segs[1].isdigit() else None)
                return json_response({})
        if what == "log":
            if m == "GET":
                since = int_param(req, "since", 0)
                limit = int_param(req, "limit", None, 1)
                app.log.wait_settled()
                entries = app.log.query(since, req.q("server"), req.q("method"), req.q("path"), limit)
                return json_response(entries)
            if m == "DELETE":
                app.log.wait_settled()  # requests answered before the clear are cleared too
                return json_response({"seq": app.log.clear()})
        if what == "cdn" and segs[1:] == ["expire"] and m == "POST":
            app.cdn_generation += 1
            return json_response({"cdn_generation": app.cdn_generation})
        if what == "xet" and segs[1:] == ["expire-tokens"] and m == "POST":
            return json_response({"token_generation": app.cas.expire_tokens()})
        if what == "config":
            if m == "POST":
                body = req.json()
                if not isinstance(body, dict):
                    raise HTTPError(400, "Expected a JSON object")
                for k, v in body.items():
                    if k not in CONFIG_KEYS:
                        raise HTTPError(400, "Unknown config key %r (one of %s)" % (k, ", ".join(CONFIG_KEYS)))
                    if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
                        raise HTTPError(400, "%s must be a positive integer" % k)
                app.config.update(body)
            return json_response(app.config)
        if what == "users" and m == "POST":
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("name"), str):
                raise HTTPError(400, "name is required")
            role = body.get("role", "write")
            if role not in ("read", "write"):
                raise HTTPError(400, "role must be read or write")
            app.store.add_user(body["name"], body.get("token"), role, body.get("fullname"))
            return json_response({"name": body["name"]})
        if what == "orgs" and m == "POST":
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("name"), str):
                raise HTTPError(400, "name is required")
            app.store.add_user(body["name"], None, kind="org", members=body.get("members") or [])
            return json_response({"name": body["name"]})
        if what == "grant" and m == "POST":
            body = req.json() or {}
            repo = app.store.get_repo(body.get("type", "model"), body.get("repo"))
            if repo is None:
                raise HTTPError(404, "Repository not found", "RepoNotFound")
            app.store.grant(repo, body.get("user"))
            return json_response({})
        if what in ("like", "follow", "synthetic") and m == "POST":
            body = req.json()
            if not isinstance(body, dict):
                raise HTTPError(400, "Expected a JSON object")
            return {"like": app.apiinfo.add_like, "follow": app.apiinfo.add_follow,
                    "synthetic": app.apiinfo.set_synthetic}[what](body)
        if what == "space-logs" and m == "POST":
            return space_logs.admin_set(app, req.json())
        if what == "space-stages" and m == "POST":
            # {"repo": "ns/name", "stages": [...]}: each GET .../runtime moves the Space to the
            # next stage (the last one stays), for clients that wait for a Space to settle
            body = req.json() or {}
            repo = app.store.get_repo("space", body.get("repo"))
            stages = body.get("stages")
            if repo is None:
                raise HTTPError(404, "Repository not found", "RepoNotFound")
            if not isinstance(stages, list) or not stages or not all(isinstance(x, str) for x in stages):
                raise HTTPError(400, "stages must be a non-empty list of strings")
            with app.store.lock:
                repo["stageQueue"] = stages
                app.store.save_repo(repo)
            return json_response({})
        if what == "compute":
            return app.compute.admin(req)
        if what == "seed" and m == "POST":
            return self.seed(req)
        raise HTTPError(404, "Unknown admin route %s" % req.path)

    def _generate(self, seed, n):
        store = self.app.store
        tmp = store.tmp_file()
        h = hashlib.sha256()
        rnd = random.Random(seed)
        with open(tmp, "wb") as fh:
            left = n
            while left > 0:
                chunk = rnd.getrandbits(8 * min(left, 1 << 20)).to_bytes(min(left, 1 << 20), "little")
                h.update(chunk)
                fh.write(chunk)
                left -= len(chunk)
        sha = h.hexdigest()
        store.add_lfs_object(tmp, sha)
        return sha

    def seed(self, req):
        """Create a repo (if needed) and commit files in one call, LFS decided like preupload."""
        app = self.app
        store = app.store
        body = req.json()
        if not isinstance(body, dict) or not isinstance(body.get("repo"), str) or "/" not in body["repo"]:
            raise HTTPError(400, "repo (namespace/name) is required")
        rtype = body.get("type", "model")
        if rtype not in REPO_TYPES:
            raise HTTPError(400, "Invalid type")
        rid = body["repo"]
        author = body.get("author") or rid.split("/")[0]
        if rid.split("/")[0] not in store.users:
            store.add_user(rid.split("/")[0], None, kind="org" if body.get("org") else "user")
        repo = store.get_repo(rtype, rid)
        if repo is None:
            repo = store.create_repo(rtype, rid, author, bool(body.get("private")), body.get("sdk") or
                                     ("static" if rtype == "space" else None))
            repo["xetEnabled"] = body.get("xet") is not False
        with store.lock:
            if "private" in body:
                repo["private"] = bool(body["private"])
            if "gated" in body:
                repo["gated"] = body["gated"]
            store.save_repo(repo)
        branch = body.get("branch", "main")
        if branch not in repo["refs"]["heads"]:
            repo["refs"]["heads"][branch] = repo["refs"]["heads"]["main"]
        head = store.get_commit(repo["refs"]["heads"][branch])
        files = body.get("files") or []
        if isinstance(files, dict):
            files = [dict({"path": k}, **(v if isinstance(v, dict) else {"content": v})) for k, v in files.items()]
        attrs_text = store.attributes_at(head)
        for f in files:
            if f.get("path") == ".gitattributes" and "content" in f:
                attrs_text = f["content"]
        attrs = gitattrs.parse_gitattributes(attrs_text)
        ops = []
        for f in files:
            path = validate_path(f.get("path"))
            if "content" in f:
                data = str(f["content"]).encode("utf-8")
            elif "base64" in f:
                data = base64.b64decode(f["base64"])
            elif "size" in f:
                n = f["size"]
                if isinstance(n, bool) or not isinstance(n, int) or n < 0 or n > 64 * 1024 ** 3:
                    raise HTTPError(400, "file %s: bad size" % path)
                if n > 0:  # pseudo-random bytes (deterministic per seed), streamed: always LFS
                    ops.append(("lfs", path, self._generate(str(f.get("seed", path)), n), n))
                    continue
                data = b""
            else:
                raise HTTPError(400, "file %s needs content, base64 or size" % path)
            mode = f.get("mode") or gitattrs.upload_mode(path, len(data), data[:512], attrs)
            if mode == "lfs":
                sha = hashlib.sha256(data).hexdigest()
                if store.lfs_size(sha) is None:
                    tmp = store.tmp_file()
                    with open(tmp, "wb") as fh:
                        fh.write(data)
                    store.add_lfs_object(tmp, sha)
                ops.append(("lfs", path, sha, len(data)))
            else:
                ops.append(("file", path, data))
        if body.get("xet") is True:  # "xet": true stores the seeded LFS content as Xet
            for op in ops:
                if op[0] == "lfs" and app.cas.xet_hash_for_sha(op[2]) is None:
                    app.cas.store_file(store.lfs_path(op[2]), op[2])
        for p in body.get("delete") or []:
            ops.append(("delete", validate_path(p)))
        c, _ = store.commit(repo, branch, ops, body.get("message") or "Seed %d files" % len(files), "", author)
        for t in body.get("tags") or []:
            repo["refs"]["tags"][t] = {"target": c["id"], "message": ""}
            store.save_repo(repo)
        return json_response({"commit": c["id"], "repo": rid, "type": rtype,
                              "files": {p: {"oid": e["oid"], "size": e["size"],
                                            "sha256": e["lfs"]["oid"] if e.get("lfs") else None}
                                        for p, e in c["tree"].items()}})
