"""Likes, follows and a synthetic listing (for benchmarks):

* `DELETE /api/{T}/{repo}/like` (the Hub has no like from scripts: likes are seeded with
  `POST /__localhub/like {"user", "repo", "type"}`), `GET /api/{T}/{repo}/likers`,
  `GET /api/users/{u}/likes` (`{"createdAt", "repo": {"name", "type"}}`), all paginated.
* `GET /api/users/{u}/followers|following`, `GET /api/organizations/{o}/followers`,
  seeded with `POST /__localhub/follow {"user", "target"}`; paginated.
* `POST /__localhub/synthetic {"type": "model", "count": N}`: listings of that type without
  search/author/filter answer N generated entries (ids `synthetic/<type>-%07d`) after the
  real repos, made page by page (a 100,000-entry listing costs no storage).
Page sizes: `list_page_size` of the config.
"""

from .common import authenticate, can_read, decode_cursor, encode_cursor, paginate
from .httpcore import HTTPError, json_response
import urllib.parse


def _user_item(store, name):
    u = store.users.get(name, {})
    return {"user": name, "fullname": u.get("fullname", name), "avatarUrl": "/avatars/%s.svg" % name,
            "type": "org" if u.get("type") == "org" else "user", "isPro": False}


def _paged(req, items, size):
    page, link = paginate(req, items, max(size, 1))
    r = json_response(page)
    if link:
        r.set("Link", link)
    return r


class ApiInfo:
    def __init__(self, app):
        self.app = app
        self.synthetic = {}  # repo type -> count

    # ---- likes ------------------------------------------------------------------------------
    def likers(self, req, repo):
        store = self.app.store
        items = [_user_item(store, n) for n in repo.get("likers", [])]
        return _paged(req, items, self.app.config["list_page_size"])

    def unlike(self, req, repo, auth):
        if auth.name is None:
            raise HTTPError(401, "You must be authenticated to unlike a repo")
        with self.app.store.lock:
            likers = repo.setdefault("likers", [])
            if auth.name in likers:
                likers.remove(auth.name)
                repo["likes"] = len(likers)
                self.app.store.save_repo(repo)
        return json_response({})

    def add_like(self, body):
        store = self.app.store
        repo = store.get_repo(body.get("type") or "model", body.get("repo"))
        if repo is None:
            raise HTTPError(404, "Repository not found", "RepoNotFound")
        user = body.get("user")
        if user not in store.users:
            raise HTTPError(404, "User %r not found" % (user,))
        with store.lock:
            likers = repo.setdefault("likers", [])
            if user not in likers:
                likers.append(user)
            repo["likes"] = len(likers)
            store.save_repo(repo)
        return json_response({"likes": repo["likes"]})

    # ---- follows ------------------------------------------------------------------------------
    def add_follow(self, body):
        store = self.app.store
        user, target = body.get("user"), body.get("target")
        if user not in store.users or target not in store.users:
            raise HTTPError(404, "User not found")
        with store.lock:
            f = store.users[user].setdefault("following", [])
            if target not in f:
                f.append(target)
            store.save_users()
        return json_response({})

    def account_list(self, req, kind, name, what):
        """likes / followers / following of a user, followers of an org."""
        store, app = self.app.store, self.app
        size = app.config["list_page_size"]
        if what == "likes" and kind == "users":
            auth = authenticate(app, req)
            items = [{"createdAt": r.get("createdAt"), "repo": {"name": r["id"], "type": r["type"]}}
                     for (_, _), r in sorted(list(store.repos.items())) if name in r.get("likers", [])
                     and can_read(app, auth, r)]
            return _paged(req, items, size)
        if what == "followers":
            items = [_user_item(store, n) for n, u in sorted(store.users.items()) if name in u.get("following", [])]
            return _paged(req, items, size)
        if what == "following" and kind == "users":
            items = [_user_item(store, n) for n in store.users.get(name, {}).get("following", [])]
            return _paged(req, items, size)
        raise HTTPError(404, "Not found: %s" % req.path)

    # ---- synthetic listing ------------------------------------------------------------------------
    def set_synthetic(self, body):
        t, n = body.get("type", "model"), body.get("count")
        if t not in ("model", "dataset", "space") or isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise HTTPError(400, "type (model, dataset, space) and count (>= 0) are required")
        self.synthetic[t] = n
        return json_response({"type": t, "count": n})

    def synthetic_page(self, req, rtype, real):
        """The page at the cursor of real rows followed by the synthetic ones, or None when
        this listing has no synthetic entries (or is filtered)."""
        n = self.synthetic.get(rtype, 0)
        if not n or any(req.q(k) for k in ("search", "author", "filter", "pipeline_tag", "gated")):
            return None
        total = len(real) + n
        limit = req.q("limit")
        size = self.app.config["list_page_size"]
        if limit and limit.isdigit() and int(limit) > 0:
            total = min(total, int(limit))
            size = min(size, int(limit))
        start = decode_cursor(req.q("cursor"))
        out = []
        for i in range(start, min(start + size, total)):
            if i < len(real):
                out.append(real[i])
                continue
            k = i - len(real)
            out.append({"_id": "%024x" % (k + 1), "id": "synthetic/%s-%07d" % (rtype, k), "likes": k % 97,
                        "downloads": (k * 7919) % 100000, "trendingScore": 0, "private": False,
                        "tags": ["synthetic", "region:us"], "pipeline_tag": "text-generation",
                        "library_name": "transformers", "createdAt": "2024-01-01T00:00:00.000Z",
                        "modelId": "synthetic/%s-%07d" % (rtype, k)})
        r = json_response(out)
        if start + size < total:
            q = [(k, v) for k, vs in req.query.items() for v in vs if k != "cursor"]
            q.append(("cursor", encode_cursor(start + size)))
            r.set("Link", '<%s%s?%s>; rel="next"' % (req.host_url(), req.path, urllib.parse.urlencode(q)))
        return r

