"""Start localhub as a subprocess on free ports and talk to it (stdlib only)."""

import base64
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOCALHUB = os.path.join(REPO_ROOT, "tools", "localhub")
WRITE = "hf_user_write_token"
READ = "hf_user_read_token"
OTHER = "hf_other_write_token"


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> value
        self.body = body

    def json(self):
        return json.loads(self.body)

    def h(self, name):
        return self.headers.get(name.lower())

    def __repr__(self):
        return "<Resp %d %r %r>" % (self.status, self.headers, self.body[:300])


class LocalHub:
    def __init__(self, root=None, extra_args=()):
        self.own_root = root is None
        self.root = root or tempfile.mkdtemp(prefix="localhub-test-")
        self.extra_args = list(extra_args)
        self.proc = None
        self.conns = {}

    def start(self):
        args = [sys.executable, LOCALHUB, "--root", self.root, "--port", "0", "--cdn-port", "0", "--quiet", "--exit-with-parent",
                "--user", "user:%s:write" % WRITE, "--user", "user:%s:read" % READ,
                "--user", "other:%s:write" % OTHER, "--org", "acme:user"] + self.extra_args
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith(("localhub ready http://127.0.0.1:", "localhub ready https://127.0.0.1:")):
            self.proc.kill()
            raise RuntimeError("localhub did not start: %r %s" % (line, self.proc.stderr.read()))
        with open(os.path.join(self.root, "ports.json")) as f:
            ports = json.load(f)
        self.port, self.cdn_port = ports["hub"], ports["cdn"]
        assert line.strip().endswith(":%d" % self.port)
        self.ready_url = line.split()[-1]
        self.url = "http://127.0.0.1:%d" % self.port
        return self

    def stop(self):
        for c in self.conns.values():
            c.close()
        self.conns = {}
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
            self.proc.stderr.close()
            self.proc = None

    def cleanup(self):
        self.stop()
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    # ---- HTTP ---------------------------------------------------------------------------
    def request(self, method, url, body=None, headers=None, token=None, json_body=None, port=None):
        """url: a path on the hub, or an absolute http://127.0.0.1:PORT/... URL. No redirects followed."""
        headers = dict(headers or {})
        if url.startswith("http://"):
            u = urllib.parse.urlsplit(url)
            port = u.port
            path = u.path + ("?" + u.query if u.query else "")
        else:
            path = url
            port = port or self.port
        if token:
            headers["Authorization"] = "Bearer " + token
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("Content-Type", "application/json")
        for attempt in (1, 2):
            conn = self.conns.get(port)
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                self.conns[port] = conn
            try:
                conn.request(method, path, body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
                hdrs = {}
                for k, v in r.getheaders():
                    k = k.lower()
                    hdrs[k] = v if k not in hdrs else hdrs[k] + ", " + v
                if r.will_close:
                    conn.close()
                    self.conns.pop(port, None)
                return Resp(r.status, hdrs, data)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                self.conns.pop(port, None)
                if attempt == 2:
                    raise

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def admin(self, method, what, body=None):
        r = self.request(method, "/__localhub/" + what, json_body=body)
        if r.status >= 400:
            raise AssertionError("admin %s %s: %r" % (method, what, r))
        return r.json()

    def create_repo(self, name, rtype="model", private=False, token=WRITE):
        ns, n = name.split("/")
        r = self.request("POST", "/api/repos/create", token=token,
                         json_body={"name": n, "organization": ns, "type": rtype,
                                    "visibility": "private" if private else "public"})
        assert r.status == 200, r
        return r.json()

    def commit(self, repo, ops, summary="test commit", rev="main", rtype="model", token=WRITE, parent=None,
               create_pr=False, raw=None):
        header = {"summary": summary, "description": ""}
        if parent:
            header["parentCommit"] = parent
        lines = [json.dumps({"key": "header", "value": header})]
        for op in ops:
            lines.append(json.dumps(op))
        body = raw if raw is not None else ("\n".join(lines) + "\n").encode()
        url = "/api/%ss/%s/commit/%s" % (rtype, repo, urllib.parse.quote(rev, safe=""))
        if create_pr:
            url += "?create_pr=1"
        return self.request("POST", url, body=body, token=token, headers={"Content-Type": "application/x-ndjson"})

    def upload_lfs(self, repo, data, rtype="model", token=WRITE, transfers=("basic", "multipart")):
        """LFS batch + PUT(s) + completion + verify. Returns the sha256."""
        sha = hashlib.sha256(data).hexdigest()
        prefix = "" if rtype == "model" else rtype + "s/"
        r = self.request("POST", "/%s%s.git/info/lfs/objects/batch" % (prefix, repo), token=token,
                         headers={"Accept": "application/vnd.git-lfs+json",
                                  "Content-Type": "application/vnd.git-lfs+json"},
                         body=json.dumps({"operation": "upload", "transfers": list(transfers),
                                          "objects": [{"oid": sha, "size": len(data)}],
                                          "hash_algo": "sha256", "ref": {"name": "main"}}).encode())
        assert r.status == 200, r
        obj = r.json()["objects"][0]
        if "actions" not in obj:
            return sha
        up = obj["actions"]["upload"]
        hdr = up.get("header") or {}
        if "chunk_size" in hdr:
            chunk = int(hdr["chunk_size"])
            parts = []
            for k in sorted((k for k in hdr if k.isdigit()), key=int):
                i = int(k) - 1
                pr = self.request("PUT", hdr[k], body=data[i * chunk:(i + 1) * chunk])
                assert pr.status == 200, pr
                parts.append({"partNumber": int(k), "etag": pr.h("ETag")})
            cr = self.request("POST", up["href"], body=json.dumps({"oid": sha, "parts": parts}).encode(),
                              headers={"Content-Type": "application/vnd.git-lfs+json"})
            assert cr.status == 200, cr
        else:
            pr = self.request("PUT", up["href"], body=data)
            assert pr.status == 200, pr
        v = obj["actions"].get("verify")
        if v:
            vr = self.request("POST", v["href"], token=token, json_body={"oid": sha, "size": len(data)})
            assert vr.status == 200, vr
        return sha

    def seed(self, repo, files, **kw):
        body = dict(kw, repo=repo, files=files)
        return self.admin("POST", "seed", body)


def file_op(path, data):
    return {"key": "file", "value": {"content": base64.b64encode(data).decode(), "path": path, "encoding": "base64"}}


def lfs_op(path, sha, size):
    return {"key": "lfsFile", "value": {"path": path, "algo": "sha256", "oid": sha, "size": size}}


def git_blob_sha1(data):
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def snapshot_state(root):
    """Everything that defines the visible state (repos, users, refs), for no-trace checks."""
    out = {}
    d = os.path.join(root, "state", "repos")
    for n in sorted(os.listdir(d)):
        with open(os.path.join(d, n)) as f:
            r = json.load(f)
        r.pop("downloads", None)
        out[n] = r
    out["_commits"] = sorted(os.listdir(os.path.join(root, "commits")))
    out["_blobs"] = sorted(os.listdir(os.path.join(root, "blobs")))
    out["_lfs"] = sorted(os.listdir(os.path.join(root, "lfs")))
    return out


_shared = None


def shared_hub():
    """One server for the whole test run (started lazily, stopped at exit)."""
    global _shared
    if _shared is None:
        import atexit
        _shared = LocalHub().start()
        atexit.register(_shared.cleanup)
    return _shared


_counter = [0]


def unique(prefix="r"):
    _counter[0] += 1
    return "%s%d-%d" % (prefix, os.getpid() % 10000, _counter[0])
