"""Hub routes: resolve, repo API, tree, paths-info, refs, commits, preupload, commit, repos CRUD."""

import json
import os
import re
import urllib.parse

from . import buckets, gitattrs, listing, lfs, space_logs
from .common import (PLURAL_TYPE, URL_PREFIX, authenticate, bool_param, check_gated,
                     check_read, check_write, content_disposition, content_type, file_response,
                     int_param, is_member, namespace, not_found, paginate, segments, sign_url)
from .httpcore import HTTPError, Response, json_response
from .storage import (HEX64, NAME_RE, REPO_TYPES, b64decode_strict, check_size, now_iso,
                      validate_path)

# words that follow a repo id in /api/{T}/{repo}/<word>/...
API_WORDS = {"revision", "tree", "paths-info", "refs", "commits", "preupload", "commit", "settings",
             "branch", "tag", "super-squash", "discussions", "auth-check", "lfs-files", "likers",
             "xet-read-token", "xet-write-token", "commits-count", "duplicate", "user-access-request", "like"} | {
    "runtime", "hardware", "sleeptime", "pause", "restart", "dev-mode", "secrets", "variables", "storage", "logs", "volumes"}
MODEL_EXPAND = {"author", "baseModels", "cardData", "childrenModelCount", "config", "createdAt", "disabled",
                "downloads", "downloadsAllTime", "evalResults", "gated", "gguf", "inference",
                "inferenceProviderMapping", "lastModified", "library_name", "likes", "mask_token",
                "model-index", "pipeline_tag", "private", "resourceGroup", "safetensors", "sha", "siblings",
                "spaces", "tags", "transformersInfo", "trendingScore", "usedStorage", "widgetData",
                "gitalyUid", "xetEnabled"}
DATASET_EXPAND = {"author", "cardData", "citation", "createdAt", "description", "disabled", "downloads",
                  "downloadsAllTime", "gated", "lastModified", "likes", "mainSize", "paperswithcode_id",
                  "private", "resourceGroup", "sha", "siblings", "tags", "trendingScore", "usedStorage",
                  "gitalyUid", "xetEnabled"}
SPACE_EXPAND = {"author", "cardData", "createdAt", "datasets", "disabled", "lastModified", "likes", "models",
                "private", "region", "resourceGroup", "runtime", "sdk", "sha", "siblings", "subdomain", "tags",
                "trendingScore", "usedStorage", "gitalyUid", "xetEnabled"}
EXPAND = {"model": MODEL_EXPAND, "dataset": DATASET_EXPAND, "space": SPACE_EXPAND, "kernel": MODEL_EXPAND}
SPACE_SDKS = ("gradio", "streamlit", "docker", "static")
SPACE_WORDS = {"runtime", "hardware", "sleeptime", "pause", "restart", "dev-mode", "secrets", "variables", "storage",
               "volumes"}
SPACE_STORAGE = ("small", "medium", "large")
SPACE_HARDWARE = ["cpu-basic", "cpu-upgrade", "t4-small", "t4-medium", "l4x1", "a10g-small", "a100-large"]


class Hub:
    def __init__(self, app):
        self.app = app
        self.store = app.store

    # ---- dispatch -------------------------------------------------------------------
    def route(self, req):
        p = req.path
        if p.startswith("/__localhub/"):
            return self.app.admin.route(req)
        if p.startswith(("/v2/", "/__ep/")):
            return self.app.endpoints.route(req)
        if p.startswith("/api/"):
            return self.api(req)
        if p.startswith("/cas/"):
            return self.app.cas.route(req)
        if p.startswith("/buckets/") and buckets.split_resolve(p):
            return self.app.buckets.resolve(req, buckets.split_resolve(p))
        segs = segments(p)[1:]
        rtype = "model"
        if segs and segs[0] in ("datasets", "spaces", "kernels") and len(segs) > 2:
            rtype = PLURAL_TYPE[segs[0]]
            segs = segs[1:]
        # git LFS endpoints: /{P}{repo}.git/info/lfs/objects/{batch,verify}
        for i, s in enumerate(segs):
            if s.endswith(".git") and segs[i + 1:i + 4] == ["info", "lfs", "objects"]:
                rid = "/".join(segs[:i + 1])[:-4]
                return lfs.git_lfs(self, req, rtype, rid, segs[i + 4:])
        # /{P}{repo}/(resolve|raw)/{rev}/{path}
        for word in ("resolve", "raw"):
            for n in (2, 1):
                if len(segs) > n + 1 and segs[n] == word:
                    rid = "/".join(segs[:n])
                    if n == 2 or self.store.get_repo(rtype, rid) or self.store.redirect_for(rtype, rid):
                        return self.resolve(req, rtype, rid, segs[n + 1:], raw=(word == "raw"))
        if len(segs) >= 3 and segs[2] == "commit" and len(segs) == 4:
            return self.commit_page(req, rtype, "/".join(segs[:2]), segs[3])
        raise HTTPError(404, "Not found: %s" % p)

    def lookup(self, req, rtype, rid, auth):
        """The repo, or a relative redirect if it was renamed, or RepoNotFound."""
        repo = self.store.get_repo(rtype, rid)
        if repo is None:
            new = self.store.redirect_for(rtype, rid)
            if new is not None:
                newrepo = self.store.get_repo(rtype, new)
                if newrepo is not None and self._visible(auth, newrepo):
                    old_enc = "/".join(urllib.parse.quote(s, safe="") for s in rid.split("/"))
                    new_enc = "/".join(urllib.parse.quote(s, safe="") for s in new.split("/"))
                    loc = req.path.replace("/" + old_enc + "/", "/" + new_enc + "/", 1)
                    if loc == req.path and req.path.endswith("/" + old_enc):
                        loc = req.path[: -len(old_enc)] + new_enc
                    if loc == req.path:  # e.g. /{repo}.git/info/lfs/...: serve the new repo
                        return newrepo
                    if req.query_string:
                        loc += "?" + req.query_string
                    raise HTTPError(307, "Moved to %s" % new, headers={"Location": loc})
            raise not_found(auth)
        check_read(self.app, auth, repo)
        return repo

    def _visible(self, auth, repo):
        from .common import can_read
        return can_read(self.app, auth, repo)

    def base(self, req):
        return req.host_url()

    def repo_url(self, req, repo):
        return "%s/%s%s" % (self.base(req), URL_PREFIX[repo["type"]], repo["id"])

    # ---- resolve ----------------------------------------------------------------------
    def resolve(self, req, rtype, rid, rest, raw=False):
        if req.method not in ("GET", "HEAD"):
            raise HTTPError(405, "Method not allowed")
        auth = authenticate(self.app, req)
        repo = self.lookup(req, rtype, rid, auth)
        rev, path_segs = rest[0], rest[1:]
        if rev == "refs" and len(rest) >= 3 and rest[1] in ("pr", "heads", "tags", "convert"):
            rev, path_segs = "refs/%s/%s" % (rest[1], rest[2]), rest[3:]
        path = "/".join(path_segs)
        commit, _, _ = self.store.resolve_rev(repo, rev)
        check_gated(self.app, auth, repo)
        e = commit["tree"].get(path)
        if e is None or not path:
            raise HTTPError(404, "Entry not found", "EntryNotFound", headers={"X-Repo-Commit": commit["id"]})
        headers = {"X-Repo-Commit": commit["id"], "ETag": '"%s"' % e["oid"]}
        attach = req.q("download") in ("true", "1")
        if e.get("lfs") and not raw:
            sha = e["lfs"]["oid"]
            info = self.app.cas.fileinfo_response(req, repo, commit["id"], sha, e["lfs"]["size"], headers)
            if info is not None:
                return info
            if self.app.args.cdn_url:
                base, cpath = self.app.args.cdn_url.rstrip("/"), "/" + sha
                url = base + cpath + "?" + urllib.parse.urlencode({"name": path.rsplit("/", 1)[-1]})
            else:
                url = sign_url(self.app, self.app.cdn_base, "/lfs/" + sha, {"name": path.rsplit("/", 1)[-1]})
            body = ("Found. Redirecting to %s" % url).encode()
            r = Response(302, headers, body)
            r.set("Location", url)
            r.set("X-Linked-Etag", '"%s"' % sha)
            r.set("X-Linked-Size", e["lfs"]["size"])
            self.app.cas.resolve_headers(req, repo, commit["id"], sha, r)
            r.set("Content-Type", "text/plain; charset=utf-8")
            r.set("Content-Disposition", content_disposition(path, attach))
            if req.method == "GET":
                self._count_download(repo)
            return r
        headers["Content-Type"] = content_type(path)
        headers["Content-Disposition"] = content_disposition(path, attach)
        size = os.path.getsize(self.store.blob_path(e["oid"]))
        r = file_response(req, self.store.blob_path(e["oid"]), size, headers)
        if req.method == "GET":
            self._count_download(repo)
        return r

    def _count_download(self, repo):
        repo["downloads"] = repo.get("downloads", 0) + 1
        self.store.downloads_dirty.add(repo["_id"])

    def commit_page(self, req, rtype, rid, oid):
        auth = authenticate(self.app, req)
        repo = self.lookup(req, rtype, rid, auth)
        if oid not in repo["commits"]:
            raise HTTPError(404, "Commit not found", "RevisionNotFound")
        r = Response(200, {"Content-Type": "text/plain; charset=utf-8"}, ("commit %s\n" % oid).encode())
        return r

    # ---- /api -------------------------------------------------------------------------
    def api(self, req):
        if req.method == "HEAD":  # every GET of the API also answers HEAD
            req.method = "GET"
        segs = segments(req.path)[2:]
        if not segs:
            raise HTTPError(404, "Not found")
        head = segs[0]
        m = req.method
        if head == "whoami-v2" and m == "GET":
            return self.whoami(req)
        if head == "repos" and len(segs) == 2:
            if segs[1] == "create" and m == "POST":
                return self.create_repo(req)
            if segs[1] == "delete" and m == "DELETE":
                return self.delete_repo(req)
            if segs[1] == "move" and m == "POST":
                return self.move_repo(req)
        if head == "validate-yaml" and m == "POST":
            return self.validate_yaml(req)
        if head == "spaces" and segs[1:] == ["hardware"] and m == "GET":
            return json_response([{"name": h, "prettyName": h} for h in SPACE_HARDWARE])
        if head == "settings" and segs[1:2] == ["webhooks"]:
            return self.app.webhooks.route(req, segs[2:])
        if head in ("jobs", "scheduled-jobs"):
            return self.app.jobs.route(req, head, segs[1:])
        if head == "buckets" and len(segs) > 1:
            return self.app.buckets.route(req, segs[1:])
        if head == "catalog":
            return self.app.endpoints.catalog(req, segs[1:])
        if head == "collections":
            return self.app.collections.route(req, segs[1:])
        if head in ("users", "organizations") and len(segs) >= 3 and m == "GET":
            return self.account(req, head, segs[1], segs[2:])
        if head == "agent-harnesses" and m == "GET":
            return self.agent_harnesses(req)
        if head == "complete_multipart" and m == "POST":
            return lfs.complete_multipart(self, req)
        if head in ("models", "datasets", "spaces", "kernels"):
            rtype = PLURAL_TYPE[head]
            rest = segs[1:]
            if not rest or rest == [""]:
                if m == "GET":
                    return listing.list_repos(self, req, rtype)
                raise HTTPError(405, "Method not allowed")
            if len(rest) >= 2 and rest[1] in API_WORDS and (self.store.get_repo(rtype, rest[0]) or
                                                           self.store.redirect_for(rtype, rest[0])) \
                    and not self.store.get_repo(rtype, "/".join(rest[:2])):
                rid, rest = rest[0], rest[1:]
            elif len(rest) == 1:
                rid, rest = rest[0], []
            else:
                rid, rest = "/".join(rest[:2]), rest[2:]
            return self.repo_api(req, rtype, rid, rest)
        raise HTTPError(404, "Not found: %s" % req.path)

    def repo_api(self, req, rtype, rid, rest):
        m = req.method
        auth = authenticate(self.app, req)
        repo = self.lookup(req, rtype, rid, auth)
        word = rest[0] if rest else ""
        args = rest[1:]
        if word == "" and m == "GET":
            return self.repo_info(req, repo, auth, "main")
        if word == "revision" and m == "GET" and args:
            return self.repo_info(req, repo, auth, "/".join(args))
        if word == "tree" and m == "GET":
            return self.tree(req, repo, args)
        if word == "paths-info" and m == "POST":
            return self.paths_info(req, repo, "/".join(args) or "main")
        if word == "refs" and m == "GET":
            return self.refs(req, repo)
        if word == "commits" and m == "GET":
            return self.commits(req, repo, "/".join(args) or "main")
        if word == "commits-count" and m == "GET":
            c, _, _ = self.store.resolve_rev(repo, "/".join(args) or "main")
            return json_response({"count": len(self.store.history(c))})
        if word == "preupload" and m == "POST":
            check_write(self.app, auth, repo)
            return self.preupload(req, repo, "/".join(args) or "main")
        if word == "commit" and m == "POST":
            check_write(self.app, auth, repo)
            return self.commit(req, repo, auth, "/".join(args) or "main")
        if word == "settings" and m == "PUT":
            check_write(self.app, auth, repo, "change the settings of this repo")
            return self.settings(req, repo)
        if word == "branch" and args and m in ("POST", "DELETE"):
            check_write(self.app, auth, repo)
            return self.branch(req, repo, "/".join(args), m)
        if word == "tag" and args and m in ("POST", "DELETE"):
            check_write(self.app, auth, repo)
            return self.tag(req, repo, "/".join(args), m)
        if word == "super-squash" and m == "POST":
            check_write(self.app, auth, repo)
            body = req.json() or {}
            branch = "/".join(args) or "main"
            msg = body.get("message") or "Super-squash branch '%s' using huggingface_hub" % branch
            c = self.store.squash(repo, branch, msg, auth.name)
            return json_response({"commitId": c["id"]})
        if word == "auth-check" and m == "GET":
            if args and args[0] == "write":
                check_write(self.app, auth, repo)
            else:
                check_gated(self.app, auth, repo)
            return json_response({})
        if word == "discussions":
            return self.discussions(req, repo, auth, args)
        if word in ("xet-read-token", "xet-write-token") and m == "GET":
            scope = "write" if word == "xet-write-token" else "read"
            if scope == "write":
                check_write(self.app, auth, repo)
            else:
                check_gated(self.app, auth, repo)
            return self.app.cas.token_response(req, repo, scope)
        if word == "duplicate" and m == "POST":
            return self.duplicate(req, repo, auth)
        if word == "user-access-request" and args:
            return self.access_requests(req, repo, auth, args)
        if repo["type"] == "space" and word == "logs" and m == "GET" and args in (["build"], ["run"]):
            return space_logs.stream(self.app, req, repo, auth, args[0])
        if repo["type"] == "space" and word in SPACE_WORDS:
            return self.space_api(req, repo, auth, word, m)
        if word == "likers" and m == "GET":
            return self.app.apiinfo.likers(req, repo)
        if word == "like" and m == "DELETE":
            return self.app.apiinfo.unlike(req, repo, auth)
        if word == "lfs-files" and args == ["duplicate"] and m == "POST":
            from .lfs_dup import duplicate
            return duplicate(self, req, repo, auth)
        if word == "lfs-files" and m == "GET":
            check_write(self.app, auth, repo)
            return self.lfs_files(req, repo)
        raise HTTPError(404, "Not found: %s" % req.path)

    # ---- account ---------------------------------------------------------------------
    def whoami(self, req):
        if not req.header("Authorization"):
            raise HTTPError(401, "Invalid user token")
        try:
            auth = authenticate(self.app, req)
        except HTTPError:
            raise HTTPError(401, "Invalid user token")
        u = self.store.users.get(auth.name, {})
        orgs = [{"type": "org", "name": n, "fullname": o.get("fullname", n), "id": _hid(n), "roleInOrg": "admin"}
                for n, o in sorted(self.store.users.items())
                if o.get("type") == "org" and auth.name in o.get("members", [])]
        return json_response({
            "type": "user", "id": _hid(auth.name), "name": auth.name, "fullname": u.get("fullname", auth.name),
            "email": u.get("email"), "emailVerified": True, "canPay": False, "isPro": False, "periodEnd": None,
            "avatarUrl": "/avatars/%s.svg" % auth.name, "orgs": orgs,
            "auth": {"type": "access_token",
                     "accessToken": {"displayName": auth.display, "role": auth.role,
                                     "createdAt": "2024-01-01T00:00:00.000Z"}}})

    def account(self, req, kind, name, rest):
        """Read-only user/org pages: overview, members, likes, followers, following."""
        auth = authenticate(self.app, req)
        u = self.store.users.get(name)
        if u is None or (kind == "users") != (u.get("type") != "org"):
            raise HTTPError(404, "%s not found" % ("User" if kind == "users" else "Organization"))
        what = rest[0]
        if what == "overview" and len(rest) == 1:
            counts = {"model": 0, "dataset": 0, "space": 0}
            for (t, rid), repo in list(self.store.repos.items()):
                if rid.split("/")[0] == name and t in counts and (not repo["private"] or
                                                                  is_member(self.app, auth, name)):
                    counts[t] += 1
            d = {"_id": _hid(name), "fullname": u.get("fullname", name), "avatarUrl": "/avatars/%s.svg" % name,
                 "numModels": counts["model"], "numDatasets": counts["dataset"], "numSpaces": counts["space"],
                 "numFollowers": sum(1 for o in self.store.users.values() if name in o.get("following", [])),
                 "isFollowing": False, "type": "user" if kind == "users" else "org"}
            if kind == "users":
                d.update({"user": name, "isPro": False, "numFollowing": len(u.get("following", [])),
                          "numLikes": sum(1 for r in list(self.store.repos.values()) if name in r.get("likers", [])), "numPapers": 0,
                          "numUpvotes": 0, "numDiscussions": 0, "createdAt": "2024-01-01T00:00:00.000Z",
                          "details": "", "orgs": [{"name": n} for n, o in sorted(self.store.users.items())
                                                  if o.get("type") == "org" and name in o.get("members", [])]})
            else:
                d.update({"name": name, "numUsers": len(u.get("members", [])), "isVerified": False,
                          "isEnterprise": False, "details": ""})
            return json_response(d)
        if what == "members" and kind == "organizations" and len(rest) == 1:
            items = [{"user": m, "fullname": self.store.users.get(m, {}).get("fullname", m),
                      "avatarUrl": "/avatars/%s.svg" % m, "type": "user", "isPro": False}
                     for m in u.get("members", [])]
            page, link = paginate(req, items, min(500, self.app.config["list_page_size"]))
            r = json_response(page)
            if link:
                r.set("Link", link)
            return r
        if what in ("likes", "followers", "following") and len(rest) == 1:
            return self.app.apiinfo.account_list(req, kind, name, what)
        raise HTTPError(404, "Not found: %s" % req.path)

    def agent_harnesses(self, req):
        p = os.path.join(self.store.root, "agent-harnesses.json")
        if os.path.exists(p):
            with open(p, "rb") as f:
                return Response(200, {"Content-Type": "application/json; charset=utf-8"}, f.read())
        return json_response({"standardEnvVars": ["AI_AGENT"], "harnesses": {}})

    def validate_yaml(self, req):
        body = req.json()
        if not isinstance(body, dict) or not isinstance(body.get("content"), str):
            raise HTTPError(400, "Missing content")
        text = body["content"]
        errors = []
        if text.startswith("---"):
            from .storage import parse_front_matter
            if parse_front_matter(text) is None:
                errors.append({"message": "Invalid metadata: the YAML front matter is not closed by a '---' line"})
        if errors:
            r = json_response({"errors": errors, "warnings": []}, 400)
            r.set("X-Error-Message", errors[0]["message"])
            return r
        return json_response({"errors": [], "warnings": []})

    # ---- repos CRUD --------------------------------------------------------------------
    def _body_repo_id(self, body, auth):
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        name, org = body.get("name"), body.get("organization")
        if not isinstance(name, str) or not name:
            raise HTTPError(400, "name is required")
        if "/" in name and org is None:
            org, name = name.split("/", 1)
        if org is None:
            if auth.name is None:
                raise HTTPError(401, "You must be authenticated")
            org = auth.name
        if not isinstance(org, str):
            raise HTTPError(400, "organization must be a string")
        rtype = body.get("type") or "model"
        if rtype not in REPO_TYPES:
            raise HTTPError(400, "Invalid repo type: %r" % rtype)
        return rtype, "%s/%s" % (org, name), org, name

    def create_repo(self, req):
        auth = authenticate(self.app, req)
        body = req.json()
        rtype, rid, org, name = self._body_repo_id(body, auth)
        if auth.name is None:
            raise HTTPError(401, "You must be authenticated to create a repo")
        if not NAME_RE.match(name) or name.endswith(".git") or ".." in name or "--" in name:
            raise HTTPError(400, "Invalid repo name %r: use letters, digits, '-', '_', '.' (max 96)" % name)
        if not NAME_RE.match(org):
            raise HTTPError(400, "Invalid namespace %r" % org)
        if not is_member(self.app, auth, org):
            raise HTTPError(403, "You don't have the rights to create a repo under the namespace %s" % org)
        if auth.role != "write":
            raise HTTPError(403, "You don't have the rights to create a repo: your token has the read role")
        vis = body.get("visibility")
        if vis is None:
            private = bool(body.get("private", False))
        elif vis in ("public", "private", "protected"):
            private = vis == "private"
        else:
            raise HTTPError(400, "Invalid visibility: %r" % vis)
        sdk = body.get("sdk")
        if rtype == "space":
            if sdk not in SPACE_SDKS:
                raise HTTPError(400, "Invalid or missing sdk for a space: one of %s" % ", ".join(SPACE_SDKS))
        files = []
        for f in body.get("files") or []:
            if not isinstance(f, dict):
                raise HTTPError(400, "files must be objects")
            path = validate_path(f.get("path"))
            enc = f.get("encoding", "utf-8")
            data = b64decode_strict(f.get("content"), path) if enc == "base64" else str(f.get("content", "")).encode()
            files.append((path, data))
        url = "%s/%s%s" % (self.base(req), URL_PREFIX[rtype], rid)
        existing = self.store.get_repo(rtype, rid)
        if existing is not None:
            return json_response({"error": "You already created this %s repo" % rtype, "url": url}, 409,
                                 {"X-Error-Message": "You already created this %s repo" % rtype})
        repo = self.store.create_repo(rtype, rid, auth.name, private, sdk, files)
        return json_response({"url": url, "name": rid, "id": repo["_id"]})

    def _find_for_admin(self, req, auth, rtype, rid):
        repo = self.store.get_repo(rtype, rid)
        if repo is None:
            raise HTTPError(404 if auth.name else 401, "Repository not found", "RepoNotFound")
        check_write(self.app, auth, repo, "administer this repo")
        return repo

    def delete_repo(self, req):
        auth = authenticate(self.app, req)
        body = req.json()
        rtype, rid, _, _ = self._body_repo_id(body, auth)
        repo = self._find_for_admin(req, auth, rtype, rid)
        self.store.delete_repo(repo)
        return Response(200, {"Content-Type": "text/plain; charset=utf-8"}, b"")

    def move_repo(self, req):
        auth = authenticate(self.app, req)
        body = req.json()
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        src, dst, rtype = body.get("fromRepo"), body.get("toRepo"), body.get("type") or "model"
        for x in (src, dst):
            if not isinstance(x, str) or x.count("/") != 1:
                raise HTTPError(400, "Invalid repo id %r: expected namespace/name" % (x,))
        if rtype not in REPO_TYPES:
            raise HTTPError(400, "Invalid repo type: %r" % rtype)
        repo = self._find_for_admin(req, auth, rtype, src)
        ns, name = dst.split("/")
        if not NAME_RE.match(name) or not NAME_RE.match(ns):
            raise HTTPError(400, "Invalid repo name %r" % dst)
        if not is_member(self.app, auth, ns):
            raise HTTPError(403, "You don't have the rights to move a repo to the namespace %s" % ns)
        self.store.move_repo(repo, dst)
        return json_response({"url": self.repo_url(req, repo)})

    def duplicate(self, req, repo, auth):
        body = req.json()
        if not isinstance(body, dict) or not isinstance(body.get("repository"), str):
            raise HTTPError(400, "repository (namespace/name) is required")
        dst = body["repository"]
        if auth.name is None:
            raise HTTPError(401, "You must be authenticated to duplicate a repo")
        if "/" not in dst:
            dst = "%s/%s" % (auth.name, dst)
        ns, _, name = dst.partition("/")
        if not NAME_RE.match(ns) or not NAME_RE.match(name) or "/" in name:
            raise HTTPError(400, "Invalid repo name %r" % dst)
        if not is_member(self.app, auth, ns) or auth.role != "write":
            raise HTTPError(403, "You don't have the rights to create a repo under the namespace %s" % ns)
        check_gated(self.app, auth, repo)
        vis = body.get("visibility")
        private = vis == "private" if vis is not None else bool(body.get("private", repo["private"]))
        url = "%s/%s%s" % (self.base(req), URL_PREFIX[repo["type"]], dst)
        try:
            self.store.duplicate(repo, dst, auth.name, private)
        except HTTPError as e:
            if e.status == 409:
                return json_response({"error": e.message, "url": url}, 409, {"X-Error-Message": e.message})
            raise
        return json_response({"url": url})

    def access_requests(self, req, repo, auth, args):
        """Gated repos (spec §5.8): a grant is access; repo["accessRequests"] keeps each user's
        request status (pending, accepted, rejected) as handled by the owner."""
        check_write(self.app, auth, repo, "manage access requests")
        what, m = args[0], req.method
        reqs = repo.setdefault("accessRequests", {})
        if m == "GET" and what in ("pending", "accepted", "rejected"):
            granted = {u for rid, u in self.store.grants if rid == repo["_id"]}
            status = {u: r["status"] for u, r in reqs.items()}
            status.update({u: "accepted" for u in granted})
            items = []
            for user in sorted(status):
                if status[user] != what:
                    continue
                u, r = self.store.users.get(user, {}), reqs.get(user, {})
                item = {"user": {"user": user, "fullname": u.get("fullname", user), "email": u.get("email"),
                                 "avatarUrl": "/avatars/%s.svg" % user},
                        "status": what, "timestamp": r.get("timestamp", repo["createdAt"]), "fields": r.get("fields", {})}
                if r.get("rejectionReason"):
                    item["rejectionReason"] = r["rejectionReason"]
                items.append(item)
            page, link = paginate(req, items, min(500, self.app.config["list_page_size"]))
            r = json_response(page)
            if link:
                r.set("Link", link)
            return r
        if m == "POST" and what in ("grant", "handle"):
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("user"), str):
                raise HTTPError(400, "user is required")
            if body["user"] not in self.store.users:
                raise HTTPError(404, "User %s not found" % body["user"])
            status = "accepted" if what == "grant" else body.get("status")
            if status not in ("accepted", "rejected", "pending"):
                raise HTTPError(400, "status must be accepted, rejected or pending")
            if what == "handle" and body["user"] not in reqs and \
                    [repo["_id"], body["user"]] not in self.store.grants:
                raise HTTPError(404, "No access request from %s on this repo" % body["user"])
            if status == "accepted":
                self.store.grant(repo, body["user"])
            else:
                self.store.revoke(repo, body["user"])
            with self.store.lock:
                entry = {"status": status, "timestamp": now_iso(),
                         "fields": reqs.get(body["user"], {}).get("fields", {})}
                if status == "rejected" and isinstance(body.get("rejectionReason"), str):
                    entry["rejectionReason"] = body["rejectionReason"]
                reqs[body["user"]] = entry
                self.store.save_repo(repo)
            return json_response({})
        raise HTTPError(404, "Not found: %s" % req.path)

    def space_api(self, req, repo, auth, word, m):
        """Space runtime, hardware, sleep time, pause/restart, dev mode, secrets, variables (spec §5.11)."""
        rt = repo.setdefault("runtime", {"stage": "RUNNING" if repo.get("sdk") == "static" else "BUILDING",
                                          "hardware": {"current": "cpu-basic", "requested": "cpu-basic"},
                                          "storage": None, "gcTimeout": 172800, "replicas": {"requested": 1},
                                          "devMode": False, "sleepTime": 172800})
        if word == "runtime" and m == "GET":
            queue = repo.get("stageQueue")
            if queue:  # admin space-stages: one step per poll, the last stage stays
                with self.store.lock:
                    rt["stage"] = queue.pop(0) if len(queue) > 1 else queue[0]
                    self.store.save_repo(repo)
            return json_response(self._runtime(repo, rt))
        if word in ("secrets", "variables") and m == "GET":
            check_write(self.app, auth, repo, "read the %s of this space" % word)
            d = repo.get(word, {})
            if word == "secrets":
                return json_response({k: {"key": k, "description": v.get("description"), "updatedAt": v["updatedAt"]}
                                      for k, v in d.items()})
            return json_response(d)
        check_write(self.app, auth, repo, "manage this space")
        body = (req.json() if req.body() else None) or {}
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        with self.store.lock:
            if word == "hardware" and m == "POST":
                if body.get("flavor") not in SPACE_HARDWARE:
                    raise HTTPError(400, "Invalid flavor %r (one of %s)" % (body.get("flavor"), ", ".join(SPACE_HARDWARE)))
                rt["hardware"] = {"current": body["flavor"], "requested": body["flavor"]}
                if isinstance(body.get("sleepTimeSeconds"), int):
                    rt["gcTimeout"] = body["sleepTimeSeconds"]
            elif word == "sleeptime" and m == "POST":
                if isinstance(body.get("seconds"), bool) or not isinstance(body.get("seconds"), int):
                    raise HTTPError(400, "seconds must be an integer")
                rt["gcTimeout"] = body["seconds"]
            elif word == "pause" and m == "POST":
                rt["stage"] = "PAUSED"
            elif word == "restart" and m == "POST":
                rt["stage"] = "RUNNING"
                rt["factoryReboot"] = req.q("factory") == "true"  # what the last restart asked
            elif word == "storage" and m == "POST":
                if body.get("tier") not in SPACE_STORAGE:
                    raise HTTPError(400, "Invalid storage tier %r (one of %s)" % (body.get("tier"), ", ".join(SPACE_STORAGE)))
                rt["storage"] = body["tier"]
            elif word == "storage" and m == "DELETE":
                rt["storage"] = None
            elif word == "dev-mode" and m == "POST":
                rt["devMode"] = bool(body.get("enabled"))
            elif word == "volumes" and m == "PUT":
                rt["volumes"] = space_logs.check_volumes(body.get("volumes"))
            elif word == "volumes" and m == "DELETE":
                rt.pop("volumes", None)
            elif word in ("secrets", "variables") and m in ("POST", "DELETE"):
                key = body.get("key")
                if not isinstance(key, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
                    raise HTTPError(400, "Invalid key %r" % (key,))
                d = repo.setdefault(word, {})
                if m == "DELETE":
                    d.pop(key, None)
                else:
                    if not isinstance(body.get("value", ""), str):
                        raise HTTPError(400, "value must be a string")
                    d[key] = {"updatedAt": now_iso()}
                    if word == "variables":
                        d[key]["value"] = body.get("value", "")
                    if body.get("description") is not None:
                        d[key]["description"] = body["description"]
                self.store.save_repo(repo)
                return json_response(d if word == "variables" else {})
            else:
                raise HTTPError(404, "Not found: %s" % req.path)
            self.store.save_repo(repo)
        return json_response(self._runtime(repo, rt))

    def _runtime(self, repo, rt):
        ns, _, name = repo["id"].partition("/")
        sub = ("%s-%s" % (ns, name)).lower().replace("_", "-").replace(".", "-")
        out = {k: v for k, v in rt.items() if k not in ("sleepTime", "factoryReboot")}
        out["domains"] = [{"domain": "%s.hf.space" % sub, "stage": "READY"}]
        return out

    def settings(self, req, repo):
        body = req.json()
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        changes = {}
        if "gated" in body:
            g = body["gated"]
            if g not in (False, "auto", "manual"):
                raise HTTPError(400, "Invalid gated value: %r (auto, manual or false)" % (g,))
            changes["gated"] = g
        if "visibility" in body:
            v = body["visibility"]
            if v not in ("public", "private", "protected"):
                raise HTTPError(400, "Invalid visibility: %r" % (v,))
            changes["private"] = v == "private"
        if "private" in body:
            if not isinstance(body["private"], bool):
                raise HTTPError(400, "private must be a boolean")
            changes["private"] = body["private"]
        with self.store.lock:
            repo.update(changes)
            self.store.save_repo(repo)
        return json_response({"private": repo["private"], "gated": repo["gated"]})

    # ---- repo info ---------------------------------------------------------------------
    def repo_info(self, req, repo, auth, rev):
        commit, _, _ = self.store.resolve_rev(repo, rev)
        expand = req.qlist("expand") + req.qlist("expand[]")
        blobs = bool_param(req, "blobs")
        if expand and (blobs or req.q("securityStatus")):
            raise HTTPError(400, "`expand` cannot be used with `blobs` or `securityStatus`")
        for k in expand:
            if k not in EXPAND[repo["type"]]:
                raise HTTPError(400, "Invalid expand value %r for a %s" % (k, repo["type"]))
        info = info_dict(self, req, repo, commit, blobs=blobs)
        if expand:
            info = {k: v for k, v in info.items() if k in expand or k in ("_id", "id")}
            if "inferenceProviderMapping" in expand and repo["type"] == "model":
                info["inferenceProviderMapping"] = self.app.inference.mapping_for(repo)
        return json_response(info)

    # ---- tree / paths-info ---------------------------------------------------------------
    def tree(self, req, repo, args):
        if not args:
            raise HTTPError(400, "Missing revision")
        rev, path_segs = args[0], args[1:]
        if rev == "refs" and len(args) >= 3 and args[1] in ("pr", "heads", "tags", "convert"):
            rev, path_segs = "refs/%s/%s" % (args[1], args[2]), args[3:]
        path = "/".join(path_segs).strip("/")
        commit, _, _ = self.store.resolve_rev(repo, rev)
        recursive = bool_param(req, "recursive")
        expand = bool_param(req, "expand")
        if path and path not in commit["dirs"]:
            raise HTTPError(404, "Entry not found: %s" % path, "EntryNotFound",
                            headers={"X-Repo-Commit": commit["id"]})
        prefix = path + "/" if path else ""
        items = []
        for d in commit["dirs"]:
            if d and d.startswith(prefix) and (recursive or "/" not in d[len(prefix):]):
                items.append((d, None))
        for p, e in commit["tree"].items():
            if p.startswith(prefix) and (recursive or "/" not in p[len(prefix):]):
                items.append((p, e))
        items.sort(key=lambda x: x[0])
        cfg = self.app.config
        size = cfg["tree_page_size_expand"] if expand else cfg["tree_page_size"]
        size = int_param(req, "limit", size, 1, max(size, 1))
        page, link = paginate(req, items, size)
        xet = self._xet_of(repo)
        out = [entry_item(self.store, commit, p, e, expand, xet) for p, e in page]
        r = json_response(out)
        if link:
            r.set("Link", link)
        return r

    def _xet_of(self, repo):
        """sha256 -> Xet file hash (or None) for the files of a Xet-enabled repo, else None."""
        cas = self.app.cas
        return cas.xet_hash_for_sha if cas.enabled_for(repo) else None

    def paths_info(self, req, repo, rev):
        commit, _, _ = self.store.resolve_rev(repo, rev)
        ctype = (req.header("Content-Type") or "").lower()
        raw = req.body()
        if ctype.startswith("application/json"):
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                raise HTTPError(400, "Invalid JSON body")
            if not isinstance(body, dict):
                raise HTTPError(400, "Expected a JSON object")
            paths = body.get("paths", [])
            if isinstance(paths, str):
                paths = [paths]
            expand = body.get("expand") in (True, "true", "1", 1)
        else:
            form = urllib.parse.parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
            paths = form.get("paths", [])
            expand = (form.get("expand", ["false"])[-1]).lower() in ("true", "1")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise HTTPError(400, "paths must be a list of strings")
        if len(paths) > 1000:
            raise HTTPError(400, "Too many paths (max 1000)")
        out, seen, xet = [], set(), self._xet_of(repo)
        for p in paths:
            p = p.strip("/")
            if p in seen:
                continue
            seen.add(p)
            if p in commit["tree"]:
                out.append(entry_item(self.store, commit, p, commit["tree"][p], expand, xet))
            elif p and p in commit["dirs"]:
                out.append(entry_item(self.store, commit, p, None, expand))
        return json_response(out)

    # ---- refs / commits -------------------------------------------------------------------
    def refs(self, req, repo):
        r = repo["refs"]
        out = {"branches": [{"name": n, "ref": "refs/heads/" + n, "targetCommit": c}
                            for n, c in sorted(list(r["heads"].items()))],
               "converts": [],
               "tags": [{"name": n, "ref": "refs/tags/" + n, "targetCommit": t["target"]}
                        for n, t in sorted(list(r["tags"].items()))]}
        if bool_param(req, "include_prs"):
            out["pullRequests"] = [{"name": n, "ref": "refs/pr/" + n, "targetCommit": c}
                                   for n, c in sorted(list(r["pr"].items()), key=lambda x: int(x[0]))]
        return json_response(out)

    def commits(self, req, repo, rev):
        commit, _, _ = self.store.resolve_rev(repo, rev)
        hist = self.store.history(commit)
        size = int_param(req, "limit", self.app.config["commits_page_size"], 1, 1000)
        page, link = paginate(req, hist, size, param="p")
        formatted = "formatted" in (req.qlist("expand[]") + req.qlist("expand"))
        out = []
        for c in page:
            item = {"id": c["id"], "authors": [{"user": c["author"], "avatar": "/avatars/%s.svg" % c["author"]}],
                    "date": c["date"], "title": c["title"], "message": c["message"]}
            if formatted:
                item["formatted"] = {"title": _html(c["title"]), "message": _html(c["message"])}
            out.append(item)
        r = json_response(out)
        r.set("X-Total-Count", len(hist))
        if link:
            r.set("Link", link)
        return r

    # ---- upload --------------------------------------------------------------------------
    def preupload(self, req, repo, rev):
        body = req.json()
        if not isinstance(body, dict) or not isinstance(body.get("files"), list):
            raise HTTPError(400, "Expected {\"files\": [...]}")
        files = body["files"]
        if len(files) > 1000:
            raise HTTPError(400, "Too many files in one preupload call (max 1000)")
        commit, _, _ = self.store.resolve_rev(repo, rev)
        ga = body.get("gitAttributes")
        attrs = gitattrs.parse_gitattributes(ga if isinstance(ga, str) else self.store.attributes_at(commit))
        gi = body.get("gitIgnore")
        ign = gitattrs.parse_gitignore(gi if isinstance(gi, str) else self.store.gitignore_at(commit))
        out = []
        for f in files:
            if not isinstance(f, dict):
                raise HTTPError(400, "Each file must be an object")
            path = validate_path(f.get("path"))
            size = check_size(f.get("size"), "size of %s" % path)
            sample = b64decode_strict(f.get("sample", ""), path)
            if len(sample) > 512 or len(sample) > size:
                raise HTTPError(400, "Invalid sample for %s: %d bytes (size %d, max 512)" % (path, len(sample), size))
            mode = gitattrs.upload_mode(path, size, sample, attrs)
            item = {"path": path, "uploadMode": mode, "shouldIgnore": gitattrs.ignored(ign, path)}
            e = commit["tree"].get(path)
            if e is not None:
                item["oid"] = e["lfs"]["oid"] if e.get("lfs") else e["oid"]
            out.append(item)
        return json_response({"files": out, "commitOid": commit["id"]})

    def commit(self, req, repo, auth, rev):
        create_pr = req.q("create_pr") in ("1", "true", "True")
        raw = req.body(limit=1 << 31)
        lines = raw.split(b"\n")
        header, ops = None, []
        seen_paths = {}
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                raise HTTPError(400, "Malformed NDJSON at line %d: %s" % (i + 1, e))
            if not isinstance(obj, dict) or not isinstance(obj.get("value"), dict) or "key" not in obj:
                raise HTTPError(400, "Malformed NDJSON at line %d: expected {\"key\": ..., \"value\": {...}}" % (i + 1))
            key, val = obj["key"], obj["value"]
            if header is None:
                if key != "header":
                    raise HTTPError(400, "The first line must be the header")
                header = val
                continue
            if key == "header":
                raise HTTPError(400, "Only one header line is allowed (line %d)" % (i + 1))
            path = val.get("path")
            if key in ("file", "lfsFile", "deletedFile"):
                path = validate_path(path)
            elif key == "deletedFolder":
                if not isinstance(path, str):
                    raise HTTPError(400, "Invalid path")
                validate_path(path.rstrip("/") or "/")
            else:
                raise HTTPError(400, "Unknown operation %r at line %d" % (key, i + 1))
            if key == "file":
                enc = val.get("encoding", "base64")
                if enc == "base64":
                    data = b64decode_strict(val.get("content"), path)
                elif enc in ("utf-8", "utf8"):
                    if not isinstance(val.get("content"), str):
                        raise HTTPError(400, "Invalid content for %s" % path)
                    data = val["content"].encode("utf-8")
                else:
                    raise HTTPError(400, "Invalid encoding %r for %s" % (enc, path))
                ops.append(("file", path, data))
            elif key == "lfsFile":
                oid = val.get("oid")
                algo = val.get("algo", "sha256")
                if algo != "sha256":
                    raise HTTPError(400, "Invalid algo %r for %s (sha256 only)" % (algo, path))
                if not isinstance(oid, str) or not HEX64.match(oid):
                    raise HTTPError(400, "Invalid oid for %s: expected 64 lowercase hex characters" % path)
                size = val.get("size")
                if size is not None:
                    check_size(size, "size of %s" % path)
                ops.append(("lfs", path, oid, size))
            elif key == "deletedFile":
                ops.append(("delete", path))
            else:
                ops.append(("deletefolder", path))
            seen_paths[path] = True
        if header is None:
            raise HTTPError(400, "Missing header line")
        summary = header.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            raise HTTPError(400, "The commit summary (title) is required")
        desc = header.get("description") or ""
        if not isinstance(desc, str):
            raise HTTPError(400, "description must be a string")
        parent = header.get("parentCommit")
        if parent is not None and not isinstance(parent, str):
            raise HTTPError(400, "parentCommit must be a string")
        c, pr = self.store.commit(repo, rev, ops, summary.strip(), desc, auth.name, parent, create_pr)
        base = self.repo_url(req, repo)
        out = {"success": True, "commitOid": c["id"], "commitUrl": "%s/commit/%s" % (base, c["id"]),
               "hookOutput": ""}
        if create_pr:
            out["pullRequestUrl"] = "%s/discussions/%s" % (base, pr)
        return json_response(out)

    # ---- branches and tags ----------------------------------------------------------------
    def branch(self, req, repo, name, method):
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$", name) or name.startswith("refs/") or ".." in name \
                or name.endswith((".", "/", ".lock")) or "//" in name:
            raise HTTPError(400, "Invalid branch name: %r" % name)
        with self.store.lock:
            heads = repo["refs"]["heads"]
            if method == "DELETE":
                if name not in heads:
                    raise HTTPError(404, "Invalid rev id: %s" % name, "RevisionNotFound")
                if name == "main":
                    raise HTTPError(403, "Cannot delete the default branch")
                del heads[name]
                self.store.save_repo(repo)
                return json_response({})
            body = req.json() or {}
            if not isinstance(body, dict):
                raise HTTPError(400, "Expected a JSON object")
            if name in heads:
                raise HTTPError(409, "Reference already exists: refs/heads/%s" % name)
            start = body.get("startingPoint")
            if start is not None and not isinstance(start, str):
                raise HTTPError(400, "startingPoint must be a string")
            c, _, _ = self.store.resolve_rev(repo, start or "main")
            heads[name] = c["id"]
            self.store.save_repo(repo)
            return json_response({})

    def tag(self, req, repo, arg, method):
        with self.store.lock:
            tags = repo["refs"]["tags"]
            if method == "DELETE":
                if arg not in tags:
                    raise HTTPError(404, "Invalid rev id: %s" % arg, "RevisionNotFound")
                del tags[arg]
                self.store.save_repo(repo)
                return json_response({})
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("tag"), str):
                raise HTTPError(400, "tag is required")
            name = body["tag"]
            if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$", name) or ".." in name or name.endswith((".", "/")):
                raise HTTPError(400, "Invalid tag name: %r" % name)
            c, _, _ = self.store.resolve_rev(repo, arg)
            if name in tags:
                raise HTTPError(409, "Tag already exists: %s" % name)
            tags[name] = {"target": c["id"], "message": body.get("message") or ""}
            self.store.save_repo(repo)
            return json_response({})

    # ---- discussions (pull requests only carry meaning here) --------------------------------
    def discussions(self, req, repo, auth, args):
        """Discussions and PRs (spec §5.9); each keeps its events (comments, status and title
        changes) in item["events"]."""
        m = req.method
        d = repo["discussions"]
        if not args and m == "GET":
            return self._discussion_list(req, repo, d)
        if not args and m == "POST":
            check_write(self.app, auth, repo, "open a discussion")
            body = req.json()
            if not isinstance(body, dict) or not isinstance(body.get("title"), str) or not body["title"].strip():
                raise HTTPError(400, "title is required")
            with self.store.lock:
                num = len(d) + 1
                pr = bool(body.get("pullRequest"))
                desc = body.get("description") or ""
                item = {"num": num, "title": body["title"], "status": "draft" if pr else "open",
                        "isPullRequest": pr, "author": auth.name, "createdAt": now_iso(), "base": "main",
                        "description": desc, "events": [_comment_event(auth.name, desc)]}
                if pr:
                    repo["refs"]["pr"][str(num)] = repo["refs"]["heads"]["main"]
                d.append(item)
                self.store.save_repo(repo)
            return json_response(self._disc(repo, item))
        try:
            num = int(args[0])
            item = d[num - 1] if num >= 1 else None
        except (ValueError, IndexError):
            item = None
        if item is None:
            raise HTTPError(404, "Discussion not found")
        if len(args) == 1 and m == "GET":
            out = self._disc(repo, item)
            out.update({"events": item.get("events", []), "filesWithConflicts": [],
                        "changes": {"base": "refs/heads/" + item.get("base", "main")}, "diff": ""})
            if item.get("mergeCommitId"):
                out["changes"]["mergeCommitId"] = item["mergeCommitId"]
            if not item["isPullRequest"]:
                del out["changes"], out["filesWithConflicts"], out["diff"]
            return json_response(out)
        if m != "POST" or len(args) not in (2, 4):
            raise HTTPError(404, "Not found: %s" % req.path)
        check_write(self.app, auth, repo, "change a discussion")
        body = (req.json() if req.body() else None) or {}
        if not isinstance(body, dict):
            raise HTTPError(400, "Expected a JSON object")
        with self.store.lock:
            return self._discussion_change(req, repo, auth, item, args[1:], body)

    def _discussion_list(self, req, repo, d):
        items = list(reversed(d))
        t, st, au = req.q("type", "all"), req.q("status", "all"), req.q("author")
        if t not in ("all", "discussion", "pull_request") or st not in ("all", "open", "closed"):
            raise HTTPError(400, "Invalid type or status filter")
        if t == "pull_request":
            items = [x for x in items if x["isPullRequest"]]
        elif t == "discussion":
            items = [x for x in items if not x["isPullRequest"]]
        if st != "all":  # open: open and draft; closed: closed and merged
            items = [x for x in items if (x["status"] in ("open", "draft")) == (st == "open")]
        if au:
            items = [x for x in items if x["author"] == au]
        p = int_param(req, "p", 0, 0)
        size = self.app.config.get("discussions_page_size", 50)
        page = items[p * size:(p + 1) * size]
        return json_response({"discussions": [self._disc(repo, x) for x in page], "count": len(items),
                              "start": p * size, "numClosedDiscussions": sum(1 for x in d if x["status"] != "open")})

    def _discussion_change(self, req, repo, auth, item, rest, body):
        events = item.setdefault("events", [])
        what = rest[0]
        if what == "status" and len(rest) == 1:
            if body.get("status") not in ("open", "closed"):
                raise HTTPError(400, "status must be open or closed")
            if isinstance(body.get("comment"), str) and body["comment"].strip():
                events.append(_comment_event(auth.name, body["comment"]))
            item["status"] = body["status"]
            ev = _event("status-change", auth.name, {"status": item["status"]})
            events.append(ev)
            self.store.save_repo(repo)
            return json_response({"newStatus": ev})
        if what == "comment" and len(rest) == 1:
            if not isinstance(body.get("comment"), str) or not body["comment"].strip():
                raise HTTPError(400, "comment is required")
            ev = _comment_event(auth.name, body["comment"])
            events.append(ev)
            self.store.save_repo(repo)
            return json_response({"newMessage": ev})
        if what == "comment" and len(rest) == 3 and rest[2] in ("edit", "hide"):
            hits = [e for e in events if e["id"] == rest[1] and e["type"] == "comment"]
            if not hits:
                raise HTTPError(404, "Comment not found")
            ev = hits[0]
            if rest[2] == "edit":
                if not isinstance(body.get("content"), str):
                    raise HTTPError(400, "content is required")
                ev["data"]["latest"] = {"raw": body["content"], "html": _html(body["content"]),
                                        "updatedAt": now_iso(), "author": {"name": auth.name}}
                ev["data"]["edited"] = True
            else:
                ev["data"]["hidden"] = True
                ev["data"]["hiddenBy"] = auth.name
            self.store.save_repo(repo)
            return json_response({"updatedComment": ev})
        if what == "title" and len(rest) == 1:
            if not isinstance(body.get("title"), str) or not body["title"].strip():
                raise HTTPError(400, "title is required")
            ev = _event("title-change", auth.name, {"from": item["title"], "to": body["title"]})
            item["title"] = body["title"]
            events.append(ev)
            self.store.save_repo(repo)
            return json_response({"newTitle": ev})
        if what == "merge" and len(rest) == 1:
            if isinstance(body.get("comment"), str) and body["comment"].strip():
                events.append(_comment_event(auth.name, body["comment"]))
            return self._merge(req, repo, auth, item)
        raise HTTPError(404, "Not found: %s" % req.path)

    def _merge(self, req, repo, auth, item):
        if not item["isPullRequest"] or item["status"] not in ("open", "draft"):
            raise HTTPError(400, "This discussion is not an open pull request")
        pr_head = self.store.get_commit(repo["refs"]["pr"][str(item["num"])])
        base = item.get("base", "main")
        head = self.store.get_commit(repo["refs"]["heads"][base])
        tree = {p: dict(e) for p, e in pr_head["tree"].items()}
        import time as _t
        c = self.store._make_commit(tree, [head["id"], pr_head["id"]], auth.name,
                                    "Merge pull request #%d" % item["num"], "", _t.time())
        self.store._write_commit(c)
        repo["refs"]["heads"][base] = c["id"]
        repo["commits"].append(c["id"])
        item["status"] = "merged"
        item["mergeCommitId"] = c["id"]
        item.setdefault("events", []).append(_event("status-change", auth.name, {"status": "merged"}))
        repo["lastModified"] = c["date"]
        self.store.save_repo(repo)
        return json_response({})

    def _disc(self, repo, x):
        return {"num": x["num"], "title": x["title"], "status": x["status"], "createdAt": x["createdAt"],
                "isPullRequest": x["isPullRequest"], "author": {"name": x["author"]},
                "repo": {"name": repo["id"], "type": repo["type"]}, "numComments": 0, "pinned": False,
                "topReactions": []}

    def lfs_files(self, req, repo):
        seen = {}
        for cid in repo["commits"]:
            c = self.store.get_commit(cid)
            for p, e in c["tree"].items():
                if e.get("lfs") and e["lfs"]["oid"] not in seen:
                    seen[e["lfs"]["oid"]] = {"pusherId": _hid(c["author"]), "oid": e["lfs"]["oid"],
                                             "size": e["lfs"]["size"], "ref": "main", "filename": p,
                                             "fileOid": e["oid"], "pushedAt": c["date"]}
        items = list(seen.values())
        page, link = paginate(req, items, 1000)
        r = json_response(page)
        if link:
            r.set("Link", link)
        return r


# ---- shapes ---------------------------------------------------------------------------------

def _hid(name):
    import hashlib
    return hashlib.sha1((name or "").encode()).hexdigest()[:24]


def _html(s):
    import html
    return html.escape(s or "")


def _comment_event(author, text):
    return _event("comment", author, {"edited": False, "hidden": False,
                                      "latest": {"raw": text, "html": _html(text), "updatedAt": now_iso(),
                                                 "author": {"name": author}},
                                      "numEdits": 0, "editors": [author], "reactions": [], "identifiedLanguage": None})


def _event(kind, author, data):
    import secrets
    return {"id": secrets.token_hex(12), "type": kind, "createdAt": now_iso(), "author": {"name": author},
            "data": data}


def last_commit_of(store, commit, path, e):
    if e is not None:
        c = store.get_commit(e["last"])
    else:
        prefix = path + "/"
        best = None
        for p, fe in commit["tree"].items():
            if p.startswith(prefix):
                fc = store.get_commit(fe["last"])
                if fc is not None and (best is None or fc["ts"] > best["ts"]):
                    best = fc
        c = best
    if c is None:
        return None
    return {"id": c["id"], "title": c["title"], "date": c["date"]}


def entry_item(store, commit, path, e, expand, xet=None):
    """A tree / paths-info item; xet (sha256 -> Xet file hash or None) adds `xetHash` to files
    stored in Xet, as the Hub does (spec hub-api §5.5)."""
    if e is None:
        d = {"type": "directory", "oid": commit["dirs"][path], "size": 0, "path": path}
    else:
        d = {"type": "file", "oid": e["oid"], "size": e["size"], "path": path}
        if e.get("lfs"):
            d["lfs"] = dict(e["lfs"])
            fh = xet(e["lfs"]["oid"]) if xet else None
            if fh:
                d["xetHash"] = fh
    if expand:
        d["lastCommit"] = last_commit_of(store, commit, path, e)
        if e is not None:
            d["securityFileStatus"] = {"status": "safe", "avScan": {"virusFound": False, "virusNames": None},
                                       "pickleImportScan": None}
    return d


def info_dict(hub, req, repo, commit, blobs=False):
    store = hub.store
    card = store.card_data(commit) or {}
    tags = []
    for t in (card.get("tags") or []) if isinstance(card.get("tags"), list) else [card.get("tags")]:
        if t and str(t) not in tags:
            tags.append(str(t))
    if card.get("library_name"):
        tags.append(str(card["library_name"]))
    if isinstance(card.get("license"), str):
        tags.append("license:" + card["license"])
    if repo["type"] == "dataset":
        for k in ("task_categories", "language", "size_categories"):
            v = card.get(k)
            for x in (v if isinstance(v, list) else [v] if v else []):
                tags.append("%s:%s" % (k.rstrip("s") if k == "task_categories" else k, x))
    tags.append("region:us")
    siblings = []
    used = 0
    for p in sorted(commit["tree"]):
        e = commit["tree"][p]
        s = {"rfilename": p}
        if blobs:
            s["size"] = e["size"]
            s["blobId"] = e["oid"]
            if e.get("lfs"):
                s["lfs"] = {"size": e["lfs"]["size"], "sha256": e["lfs"]["oid"], "pointerSize": e["lfs"]["pointerSize"]}
        used += e["size"]
        siblings.append(s)
    d = {"_id": repo["_id"], "id": repo["id"], "author": namespace(repo["id"]) or repo["id"],
         "sha": commit["id"], "lastModified": repo["lastModified"], "createdAt": repo["createdAt"],
         "private": repo["private"], "gated": repo["gated"], "disabled": False,
         "downloads": repo.get("downloads", 0), "downloadsAllTime": repo.get("downloads", 0),
         "likes": repo.get("likes", 0), "trendingScore": 0, "tags": tags, "usedStorage": used}
    if card:
        d["cardData"] = card
    if repo["type"] in ("model", "kernel"):
        d["modelId"] = repo["id"]
        if isinstance(card.get("pipeline_tag"), str):
            d["pipeline_tag"] = card["pipeline_tag"]
        if isinstance(card.get("library_name"), str):
            d["library_name"] = card["library_name"]
        d["spaces"] = []
        d["widgetData"] = []
    elif repo["type"] == "dataset":
        d["description"] = card.get("description", "") if isinstance(card.get("description"), str) else ""
        d["citation"] = ""
        d["paperswithcode_id"] = None
        d["mainSize"] = used
    elif repo["type"] == "space":
        d["sdk"] = repo.get("sdk")
        ns, _, name = repo["id"].partition("/")
        d["subdomain"] = ("%s-%s" % (ns, name)).lower().replace("_", "-").replace(".", "-")
        d["host"] = "https://%s.hf.space" % d["subdomain"]
        if repo.get("runtime"):
            d["runtime"] = hub._runtime(repo, repo["runtime"])
        else:
            d["runtime"] = {"stage": "RUNNING" if repo.get("sdk") == "static" else "BUILDING",
                            "hardware": {"current": "cpu-basic", "requested": "cpu-basic"},
                            "storage": None, "gcTimeout": 172800, "replicas": {"requested": 1}, "devMode": False,
                            "domains": [{"domain": "%s.hf.space" % d["subdomain"], "stage": "READY"}]}
        d["models"] = []
        d["datasets"] = []
    d["siblings"] = siblings
    return d
