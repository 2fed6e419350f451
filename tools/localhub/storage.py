"""On-disk state: users and tokens, repos with git-like history, blobs and LFS objects.

Layout under --root DIR (every write is atomic: temp file + rename):

  state/users.json          users, orgs, tokens, gated-access grants
  state/repos/<_id>.json    one repo: id, type, visibility, gating, refs, commit ids, PRs
  state/redirects.json      renamed repos: "model:old/name" -> "new/name"
  state/secret              HMAC key for CDN URL signatures
  commits/<id>.json         one commit: parents, flat tree, title, message, date, author
  blobs/<git sha1>          content of regular files and of LFS pointer files
  lfs/<sha256>              LFS object content (flat: what nginx serves with --cdn-url)
  tmp/                      uploads in progress
"""

import base64
import collections
import datetime
import hashlib
import json
import os
import re
import secrets
import threading
import time

from . import gitattrs
from .httpcore import HTTPError

HEX40 = re.compile(r"^[0-9a-f]{40}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_FILE_SIZE = 50 * 1000 ** 3  # largest LFS object accepted (50 GB, the plain-HTTP limit)
MAX_REGULAR_SIZE = gitattrs.LFS_SIZE_THRESHOLD
REPO_TYPES = ("model", "dataset", "space", "kernel")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


def now_iso(ts=None):
    ts = time.time() if ts is None else ts
    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)


def git_blob_sha1(data):
    h = hashlib.sha1(b"blob %d\x00" % len(data))
    h.update(data)
    return h.hexdigest()


def lfs_pointer(sha256, size):
    return ("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n" % (sha256, size)).encode()


def atomic_write(path, data):
    tmp = "%s.%s.tmp" % (path, secrets.token_hex(4))
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def write_json(path, obj):
    atomic_write(path, json.dumps(obj, indent=0, sort_keys=True).encode())


def validate_path(path):
    """A path in a repo: relative, no '.', '..', empty segments, no .git, no control chars."""
    if not isinstance(path, str) or not path:
        raise HTTPError(400, "Invalid path: empty")
    if len(path) > 4096:
        raise HTTPError(400, "Invalid path: too long")
    if path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path) or path.startswith("\\"):
        raise HTTPError(400, "Invalid path %r: absolute paths are not allowed" % path)
    if "\\" in path:
        raise HTTPError(400, "Invalid path %r: backslash" % path)
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        raise HTTPError(400, "Invalid path %r: control character" % path)
    segs = path.split("/")
    for s in segs:
        if s in ("", ".", ".."):
            raise HTTPError(400, "Invalid path %r: empty, '.' or '..' segment" % path)
        if s == ".git":
            raise HTTPError(400, "Invalid path %r: '.git' is reserved" % path)
    return path


def check_size(v, what="size"):
    if isinstance(v, bool) or not isinstance(v, int):
        raise HTTPError(400, "Invalid %s: must be an integer" % what)
    if v < 0:
        raise HTTPError(400, "Invalid %s: negative" % what)
    if v > MAX_FILE_SIZE:
        raise HTTPError(400, "Invalid %s: %d is larger than the maximum file size (%d bytes)" % (what, v, MAX_FILE_SIZE))
    return v


# ---- git object hashing -------------------------------------------------------------------

def tree_hashes(tree):
    """Flat {path: entry} -> {dirpath: git tree sha1} ('' is the root)."""
    children = {"": {}}
    for path, e in tree.items():
        parts = path.split("/")
        for i in range(len(parts) - 1):
            d = "/".join(parts[:i + 1])
            parent = "/".join(parts[:i])
            children.setdefault(d, {})
            children.setdefault(parent, {})[parts[i]] = ("d", d)
        parent = "/".join(parts[:-1])
        children.setdefault(parent, {})[parts[-1]] = ("f", e["oid"])
    out = {}

    def h(d):
        items = []
        for name, (kind, ref) in children[d].items():
            if kind == "d":
                items.append((name + "/", b"40000 " + name.encode() + b"\x00" + bytes.fromhex(h(ref))))
            else:
                items.append((name, b"100644 " + name.encode() + b"\x00" + bytes.fromhex(ref)))
        items.sort(key=lambda x: x[0].encode())
        body = b"".join(x[1] for x in items)
        sha = hashlib.sha1(b"tree %d\x00" % len(body) + body).hexdigest()
        out[d] = sha
        return sha

    h("")
    return out


def commit_sha1(root, parents, author, ts, message):
    email = "%s@users.noreply.huggingface.co" % author
    ident = "%s <%s> %d +0000" % (author, email, int(ts))
    body = "tree %s\n" % root
    for p in parents:
        body += "parent %s\n" % p
    body += "author %s\ncommitter %s\n\n%s" % (ident, ident, message)
    data = body.encode()
    return hashlib.sha1(b"commit %d\x00" % len(data) + data).hexdigest()


def parse_front_matter(text):
    """Tiny YAML subset for README front matter: scalars, inline lists, block lists."""
    if not text.startswith("---"):
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    out = {}
    key = None
    for line in lines[1:]:
        if line.strip() == "---":
            return out
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^([A-Za-z0-9_.-]+):\s*(.*)$", line)
        if m and not line.startswith((" ", "\t", "-")):
            key, val = m.group(1), m.group(2).strip()
            if val == "":
                out[key] = []
            elif val.startswith("[") and val.endswith("]"):
                out[key] = [_scalar(x) for x in val[1:-1].split(",") if x.strip()]
            else:
                out[key] = _scalar(val)
            continue
        m = re.match(r"^\s*-\s+(.*)$", line)
        if m and key is not None and isinstance(out.get(key), list):
            out[key].append(_scalar(m.group(1)))
            continue
        if key is not None and isinstance(out.get(key), list) and not out[key]:
            out[key] = {}  # nested mapping: not interpreted
    return None  # no closing ---


def _scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    if v in ("true", "True"):
        return True
    if v in ("false", "False"):
        return False
    if re.match(r"^-?\d+$", v):
        return int(v)
    return v


class Store:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        for d in ("state/repos", "commits", "blobs", "lfs", "tmp/uploads", "tmp/multipart"):
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        self.lock = threading.RLock()
        self.repos = {}        # (type, id) -> repo dict
        self.commits = collections.OrderedDict()  # id -> commit dict (LRU cache)
        self.cache_lock = threading.Lock()
        self.card_cache = {}   # blob oid -> front matter dict
        self.downloads_dirty = set()  # _ids of repos whose download counter changed
        sp = os.path.join(self.root, "state/secret")
        if not os.path.exists(sp):
            atomic_write(sp, secrets.token_hex(32).encode())
        with open(sp, "rb") as f:
            self.secret = f.read().strip()
        self.users = {}        # name -> {"name","fullname","email","type","members":[]}
        self.tokens = {}       # token -> {"user","role","displayName"}
        self.grants = []       # [[repo _id, user]]
        up = os.path.join(self.root, "state/users.json")
        if os.path.exists(up):
            with open(up) as f:
                d = json.load(f)
            self.users, self.tokens, self.grants = d.get("users", {}), d.get("tokens", {}), d.get("grants", [])
        rp = os.path.join(self.root, "state/redirects.json")
        self.redirects = {}
        if os.path.exists(rp):
            with open(rp) as f:
                self.redirects = json.load(f)
        rdir = os.path.join(self.root, "state/repos")
        for name in os.listdir(rdir):
            if name.endswith(".json"):
                with open(os.path.join(rdir, name)) as f:
                    r = json.load(f)
                self.repos[(r["type"], r["id"])] = r

    # ---- users ------------------------------------------------------------------------
    def save_users(self):
        write_json(os.path.join(self.root, "state/users.json"),
                   {"users": self.users, "tokens": self.tokens, "grants": self.grants})

    def add_user(self, name, token=None, role="write", fullname=None, kind="user", members=None):
        with self.lock:
            u = self.users.setdefault(name, {"name": name, "fullname": fullname or name,
                                             "email": "%s@localhub.test" % name, "type": kind,
                                             "members": []})
            if members:
                for m in members:
                    if m not in u["members"]:
                        u["members"].append(m)
            if token:
                self.tokens[token] = {"user": name, "role": role, "displayName": "%s-%s" % (name, role)}
            self.save_users()

    def user_for_token(self, token):
        t = self.tokens.get(token)
        if not t:
            return None
        return t

    def namespaces_of(self, user):
        ns = {user}
        for name, u in self.users.items():
            if u.get("type") == "org" and user in u.get("members", []):
                ns.add(name)
        return ns

    def grant(self, repo, user):
        with self.lock:
            if [repo["_id"], user] not in self.grants:
                self.grants.append([repo["_id"], user])
                self.save_users()

    def revoke(self, repo, user):
        with self.lock:
            if [repo["_id"], user] in self.grants:
                self.grants.remove([repo["_id"], user])
                self.save_users()

    def duplicate(self, repo, new_id, author, private):
        """A new repo whose single commit has the source's main tree."""
        with self.lock:
            if (repo["type"], new_id) in self.repos:
                raise HTTPError(409, "You already created this %s repo" % repo["type"])
            head = self.get_commit(repo["refs"]["heads"]["main"])
            new = self.create_repo(repo["type"], new_id, author, private, repo.get("sdk"))
            tree = {p: dict(e, last=None) for p, e in head["tree"].items()}
            c = self._make_commit(tree, [new["refs"]["heads"]["main"]], author,
                                  "Duplicate from %s" % repo["id"], "", time.time())
            self._write_commit(c)
            new["refs"]["heads"]["main"] = c["id"]
            new["commits"].append(c["id"])
            new["lastModified"] = c["date"]
            self.save_repo(new)
            return new

    def has_grant(self, repo, user):
        return [repo["_id"], user] in self.grants

    # ---- repos ------------------------------------------------------------------------
    def save_repo(self, repo):
        write_json(os.path.join(self.root, "state/repos", repo["_id"] + ".json"), repo)

    def get_repo(self, rtype, rid):
        return self.repos.get((rtype, rid))

    def redirect_for(self, rtype, rid):
        return self.redirects.get("%s:%s" % (rtype, rid))

    def create_repo(self, rtype, rid, author, private=False, sdk=None, files=None):
        with self.lock:
            if (rtype, rid) in self.repos:
                raise HTTPError(409, "You already created this %s repo" % rtype)
            ts = time.time()
            repo = {"_id": secrets.token_hex(12), "id": rid, "type": rtype, "private": bool(private),
                    "gated": False, "disabled": False, "createdAt": now_iso(ts),
                    "lastModified": now_iso(ts), "refs": {"heads": {}, "tags": {}, "pr": {}},
                    "commits": [], "discussions": [], "downloads": 0, "likes": 0}
            if sdk:
                repo["sdk"] = sdk
            tree = {}
            ga = gitattrs.default_gitattributes(rtype).encode()
            pending = {}
            oid = git_blob_sha1(ga)
            pending[oid] = ga
            tree[".gitattributes"] = {"oid": oid, "size": len(ga), "last": None}
            for (path, data) in files or []:
                validate_path(path)
                o = git_blob_sha1(data)
                pending[o] = data
                tree[path] = {"oid": o, "size": len(data), "last": None}
            c = self._make_commit(tree, [], author, "initial commit", "", ts)
            self._write_blobs(pending)
            self._write_commit(c)
            repo["refs"]["heads"]["main"] = c["id"]
            repo["commits"].append(c["id"])
            self.repos[(rtype, rid)] = repo
            self.redirects.pop("%s:%s" % (rtype, rid), None)
            self.save_repo(repo)
            self._save_redirects()
            return repo

    def delete_repo(self, repo):
        with self.lock:
            self.repos.pop((repo["type"], repo["id"]), None)
            try:
                os.unlink(os.path.join(self.root, "state/repos", repo["_id"] + ".json"))
            except FileNotFoundError:
                pass
            for k in [k for k, v in self.redirects.items() if k.startswith(repo["type"] + ":") and v == repo["id"]]:
                del self.redirects[k]
            self._save_redirects()

    def move_repo(self, repo, new_id):
        with self.lock:
            if (repo["type"], new_id) in self.repos:
                raise HTTPError(409, "A repo with this name already exists: %s" % new_id)
            old = repo["id"]
            del self.repos[(repo["type"], old)]
            repo["id"] = new_id
            self.repos[(repo["type"], new_id)] = repo
            for k, v in list(self.redirects.items()):
                if k.startswith(repo["type"] + ":") and v == old:
                    self.redirects[k] = new_id
            self.redirects["%s:%s" % (repo["type"], old)] = new_id
            self.redirects.pop("%s:%s" % (repo["type"], new_id), None)
            self.save_repo(repo)
            self._save_redirects()

    def _save_redirects(self):
        write_json(os.path.join(self.root, "state/redirects.json"), self.redirects)

    # ---- commits ----------------------------------------------------------------------
    def get_commit(self, cid):
        if not cid or not HEX40.match(cid):
            return None
        with self.cache_lock:
            c = self.commits.get(cid)
            if c is not None:
                self.commits.move_to_end(cid)
                return c
        p = os.path.join(self.root, "commits", cid + ".json")
        try:
            with open(p) as f:
                c = json.load(f)
        except (FileNotFoundError, ValueError):
            return None
        self._cache(c)
        return c

    def _cache(self, c):
        with self.cache_lock:
            self.commits[c["id"]] = c
            while len(self.commits) > 2048:
                self.commits.popitem(last=False)

    def _make_commit(self, tree, parents, author, title, description, ts):
        dirs = tree_hashes(tree)
        message = title + ("\n\n" + description if description else "") + "\n"
        cid = commit_sha1(dirs[""], parents, author, ts, message)
        for e in tree.values():
            if e.get("last") is None:
                e["last"] = cid
        return {"id": cid, "parents": parents, "tree": tree, "dirs": dirs, "title": title,
                "message": description or "", "date": now_iso(ts), "ts": ts, "author": author}

    def _write_commit(self, c):
        p = os.path.join(self.root, "commits", c["id"] + ".json")
        write_json(p, c)
        self._cache(c)

    def _write_blobs(self, pending):
        for oid, data in pending.items():
            p = os.path.join(self.root, "blobs", oid)
            if not os.path.exists(p):
                atomic_write(p, data)

    def blob_path(self, oid):
        return os.path.join(self.root, "blobs", oid)

    def lfs_path(self, sha):
        return os.path.join(self.root, "lfs", sha)

    def lfs_size(self, sha):
        try:
            return os.path.getsize(self.lfs_path(sha))
        except OSError:
            return None

    def read_blob(self, oid):
        with open(self.blob_path(oid), "rb") as f:
            return f.read()

    # ---- revisions --------------------------------------------------------------------
    def resolve_rev(self, repo, rev):
        """-> (commit dict, ref kind, ref name) or raise RevisionNotFound."""
        refs = repo["refs"]
        if rev in ("HEAD", "", None):
            rev = "main"
        if rev in refs["heads"]:
            return self.get_commit(refs["heads"][rev]), "branch", rev
        if rev in refs["tags"]:
            return self.get_commit(refs["tags"][rev]["target"]), "tag", rev
        if rev.startswith("refs/heads/") and rev[11:] in refs["heads"]:
            return self.get_commit(refs["heads"][rev[11:]]), "branch", rev[11:]
        if rev.startswith("refs/tags/") and rev[10:] in refs["tags"]:
            return self.get_commit(refs["tags"][rev[10:]]["target"]), "tag", rev[10:]
        m = re.match(r"^refs/pr/(\d+)$", rev)
        if m and m.group(1) in refs["pr"]:
            return self.get_commit(refs["pr"][m.group(1)]), "pr", m.group(1)
        if re.match(r"^[0-9a-f]{7,40}$", rev):
            hits = [c for c in repo["commits"] if c.startswith(rev)]
            if len(hits) == 1:
                return self.get_commit(hits[0]), "commit", hits[0]
        raise HTTPError(404, "Invalid rev id: %s" % rev, "RevisionNotFound")

    def history(self, commit):
        """First-parent walk from a commit."""
        out = []
        c = commit
        while c is not None:
            out.append(c)
            c = self.get_commit(c["parents"][0]) if c["parents"] else None
        return out

    def card_data(self, commit):
        e = commit["tree"].get("README.md")
        if not e or e.get("lfs"):
            return None
        if e["oid"] not in self.card_cache:
            try:
                text = self.read_blob(e["oid"]).decode("utf-8", "replace")
            except OSError:
                text = ""
            self.card_cache[e["oid"]] = parse_front_matter(text)
        return self.card_cache[e["oid"]]

    def attributes_at(self, commit):
        e = commit["tree"].get(".gitattributes") if commit else None
        if not e or e.get("lfs"):
            return ""
        try:
            return self.read_blob(e["oid"]).decode("utf-8", "replace")
        except OSError:
            return ""

    def gitignore_at(self, commit):
        e = commit["tree"].get(".gitignore") if commit else None
        if not e or e.get("lfs"):
            return ""
        try:
            return self.read_blob(e["oid"]).decode("utf-8", "replace")
        except OSError:
            return ""

    # ---- the commit operation -----------------------------------------------------------
    def commit(self, repo, rev, ops, title, description, author, parent_commit=None, create_pr=False,
               pr_title=None):
        """ops: list of (kind, path, payload). Validates everything first: a failure changes nothing.
        Returns (commit dict, pr number or None)."""
        with self.lock:
            if create_pr:
                base, kind, name = self.resolve_rev(repo, rev)
            else:
                base, kind, name = self.resolve_rev(repo, rev)
                if kind not in ("branch", "pr"):
                    raise HTTPError(400, "Invalid rev id: %s is not a branch" % rev)
            if parent_commit:
                if not re.match(r"^[0-9a-fA-F]{5,40}$", parent_commit):
                    raise HTTPError(400, "Invalid parentCommit: %s" % parent_commit)
                if not base["id"].startswith(parent_commit.lower()):
                    raise HTTPError(412, "A commit has happened since. Please refresh and try again. "
                                         "(parentCommit %s is not the head %s of %s)" % (parent_commit, base["id"], rev))
            tree = {p: dict(e) for p, e in base["tree"].items()}
            pending = {}
            for op in ops:
                k, path = op[0], op[1]
                if k == "file":
                    data = op[2]
                    if len(data) > MAX_REGULAR_SIZE:
                        raise HTTPError(400, "Your push was rejected because it contains files larger than 10 MiB "
                                             "(%s). Please use LFS to store large files." % path)
                    if len(data) and gitattrs.is_binary_sample(data[:512], len(data)):
                        raise HTTPError(400, "Your push was rejected because it contains binary files (%s). "
                                             "Please use LFS to store binary files." % path)
                    oid = git_blob_sha1(data)
                    pending[oid] = data
                    old = tree.get(path)
                    tree[path] = {"oid": oid, "size": len(data),
                                  "last": old["last"] if old and old["oid"] == oid and not old.get("lfs") else None}
                elif k == "lfs":
                    sha, size = op[2], op[3]
                    have = self.lfs_size(sha)
                    if have is None:
                        raise HTTPError(400, "LFS object %s for %s was not uploaded (upload it with the LFS batch API "
                                             "first)" % (sha, path))
                    if size is not None and size != have:
                        raise HTTPError(400, "LFS object %s for %s has size %d, not %d" % (sha, path, have, size))
                    ptr = lfs_pointer(sha, have)
                    oid = git_blob_sha1(ptr)
                    pending[oid] = ptr
                    old = tree.get(path)
                    tree[path] = {"oid": oid, "size": have,
                                  "lfs": {"oid": sha, "size": have, "pointerSize": len(ptr)},
                                  "last": old["last"] if old and old["oid"] == oid else None}
                elif k == "delete":
                    if path not in tree:
                        raise HTTPError(404, "A file with this name doesn't exist: %s" % path)
                    del tree[path]
                elif k == "deletefolder":
                    prefix = path.rstrip("/") + "/"
                    hits = [p for p in tree if p.startswith(prefix)]
                    if not hits:
                        raise HTTPError(404, "A folder with this name doesn't exist: %s" % path)
                    for p in hits:
                        del tree[p]
            files = set(tree)
            for p in tree:
                parts = p.split("/")
                for i in range(1, len(parts)):
                    d = "/".join(parts[:i])
                    if d in files:
                        raise HTTPError(400, "Invalid path %r: %r is a file, not a folder" % (p, d))
            ts = time.time()
            c = self._make_commit(tree, [base["id"]], author, title, description, ts)
            pr_num = None
            # every check passed: from here on, write
            self._write_blobs(pending)
            self._write_commit(c)
            if create_pr:
                pr_num = str(len(repo["discussions"]) + 1)
                repo["refs"]["pr"][pr_num] = c["id"]
                repo["discussions"].append({"num": int(pr_num), "title": pr_title or title, "status": "open",
                                            "isPullRequest": True, "author": author, "createdAt": now_iso(ts),
                                            "base": name if kind == "branch" else "main"})
            elif kind == "branch":
                repo["refs"]["heads"][name] = c["id"]
            else:
                repo["refs"]["pr"][name] = c["id"]
            repo["commits"].append(c["id"])
            repo["lastModified"] = c["date"]
            self.save_repo(repo)
            return c, pr_num

    def squash(self, repo, branch, message, author):
        with self.lock:
            if branch not in repo["refs"]["heads"]:
                raise HTTPError(404, "Invalid rev id: %s" % branch, "RevisionNotFound")
            head = self.get_commit(repo["refs"]["heads"][branch])
            tree = {p: dict(e, last=None) for p, e in head["tree"].items()}
            c = self._make_commit(tree, [], author, message, "", time.time())
            self._write_commit(c)
            repo["refs"]["heads"][branch] = c["id"]
            repo["commits"].append(c["id"])
            repo["lastModified"] = c["date"]
            self.save_repo(repo)
            return c

    def add_lfs_object(self, tmp_path, sha):
        dst = self.lfs_path(sha)
        if os.path.exists(dst):
            os.unlink(tmp_path)
        else:
            os.replace(tmp_path, dst)

    def tmp_file(self, sub="uploads"):
        return os.path.join(self.root, "tmp", sub, secrets.token_hex(8))

    def sign(self, msg):
        import hmac
        return hmac.new(self.secret, msg.encode(), hashlib.sha256).hexdigest()


def b64decode_strict(s, path):
    if not isinstance(s, str):
        raise HTTPError(400, "Invalid base64 content for %s: not a string" % path)
    try:
        return base64.b64decode(s.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as e:
        raise HTTPError(400, "Invalid base64 content for %s: %s" % (path, e))
