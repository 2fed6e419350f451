"""Git LFS batch API (basic + multipart), verify, multipart completion; the CDN upload side."""

import hashlib
import json
import math
import os
import secrets
import shutil
import threading

from .common import URL_PREFIX, authenticate, check_read, check_signed, check_write, sign_url, check_gated
from .httpcore import HTTPError, Response
from .storage import HEX64, MAX_FILE_SIZE, write_json

LFS_JSON = "application/vnd.git-lfs+json"
_ZEROS = bytes(1 << 20)


def _is_zero(b):
    """Whether b (at most 1 MiB: a body chunk) is all zero bytes (a memcmp, not a scan)."""
    return len(b) <= len(_ZEROS) and b == _ZEROS[:len(b)]


def _feed_zeros(h, n):
    while n:
        k = min(n, len(_ZEROS))
        h.update(_ZEROS[:k])
        n -= k


class SparseWriter:
    """Writes a new file, seeking over all-zero chunks instead of writing them: a mostly
    empty upload (a sparse file on the client, tests of objects above 4 GiB) becomes a
    sparse file here and costs no disk. finish() sets the final size."""

    def __init__(self, f):
        self.f, self.size = f, 0

    def write(self, b):
        if _is_zero(b):
            self.f.seek(len(b), 1)
        else:
            self.f.write(b)
        self.size += len(b)

    def finish(self):
        self.f.truncate(self.size)


class PartDigest:
    """The MD5 of a multipart part (its S3 ETag). Leading zero chunks are only counted; a part
    that is all zeros gets the cached digest of that many zeros, so the zero parts of a sparse
    upload are not hashed byte by byte (the result is the same MD5)."""

    _zero_md5 = {}
    _zero_lock = threading.Lock()

    def __init__(self):
        self.h, self.zeros = None, 0

    def update(self, b):
        if self.h is None:
            if _is_zero(b):
                self.zeros += len(b)
                return
            self.h = hashlib.md5()
            _feed_zeros(self.h, self.zeros)
        self.h.update(b)

    def hexdigest(self):
        if self.h is not None:
            return self.h.hexdigest()
        with PartDigest._zero_lock:  # parallel parts of one size: computed once
            d = PartDigest._zero_md5.get(self.zeros)
            if d is None:
                h = hashlib.md5()
                _feed_zeros(h, self.zeros)
                d = PartDigest._zero_md5[self.zeros] = h.hexdigest()
        return d


def lfs_json(obj, status=200):
    r = Response(status, {"Content-Type": LFS_JSON}, json.dumps(obj).encode())
    return r


def git_lfs(hub, req, rtype, rid, rest):
    auth = authenticate(hub.app, req)
    repo = hub.lookup(req, rtype, rid, auth)
    if rest == ["batch"] and req.method == "POST":
        return batch(hub, req, repo, auth)
    if rest == ["verify"] and req.method == "POST":
        check_read(hub.app, auth, repo)
        body = req.json()
        if not isinstance(body, dict) or not isinstance(body.get("oid"), str):
            raise HTTPError(400, "Expected {\"oid\": ..., \"size\": ...}")
        have = hub.store.lfs_size(body["oid"]) if HEX64.match(body["oid"]) else None
        if have is None:
            raise HTTPError(404, "Object %s not found" % body["oid"])
        if body.get("size") is not None and body.get("size") != have:
            raise HTTPError(422, "Object %s has size %d, not %r" % (body["oid"], have, body.get("size")))
        return lfs_json({"success": True})
    raise HTTPError(404, "Not found: %s" % req.path)


def batch(hub, req, repo, auth):
    app = hub.app
    body = req.json()
    if not isinstance(body, dict):
        raise HTTPError(400, "Expected a JSON object")
    op = body.get("operation")
    if op == "upload":
        check_write(app, auth, repo)
    elif op == "download":
        check_gated(app, auth, repo)
    else:
        raise HTTPError(400, "operation must be upload or download")
    objs = body.get("objects")
    if not isinstance(objs, list) or len(objs) > 1000:
        raise HTTPError(400, "objects must be a list of at most 1000 items")
    algo = body.get("hash_algo", "sha256")
    if algo not in ("sha256", "sha_256"):
        raise HTTPError(400, "Unsupported hash_algo %r" % algo)
    transfers = body.get("transfers") or ["basic"]
    multipart_ok = "multipart" in transfers
    xet_ok = op == "upload" and "xet" in transfers and app.cas.enabled_for(repo)
    ref = ((body.get("ref") or {}).get("name") if isinstance(body.get("ref"), dict) else None) or "main"
    cfg = app.config
    out = []
    used_multipart = False
    hub_base = hub.base(req)
    verify = "%s/%s%s.git/info/lfs/objects/verify" % (hub_base, URL_PREFIX[repo["type"]], repo["id"])
    for o in objs:
        if not isinstance(o, dict):
            raise HTTPError(400, "each object must be a JSON object")
        oid, size = o.get("oid"), o.get("size")
        item = {"oid": oid, "size": size}
        if not isinstance(oid, str) or not HEX64.match(oid):
            item["error"] = {"code": 422, "message": "Invalid oid: expected 64 lowercase hex characters"}
            out.append(item)
            continue
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            item["error"] = {"code": 422, "message": "Invalid size: must be a non-negative integer"}
            out.append(item)
            continue
        if size > MAX_FILE_SIZE:
            item["error"] = {"code": 422, "message": "Size %d exceeds the maximum file size of %d bytes"
                                                    % (size, MAX_FILE_SIZE)}
            out.append(item)
            continue
        have = hub.store.lfs_size(oid)
        if op == "download":
            if have is None:
                item["error"] = {"code": 404, "message": "Object does not exist"}
            else:
                item["size"] = have
                item["actions"] = {"download": {"href": sign_url(app, app.cdn_base, "/lfs/" + oid, {}),
                                                "header": {}, "expires_in": cfg["cdn_url_ttl"]}}
            out.append(item)
            continue
        if have is not None:
            if have != size:
                item["error"] = {"code": 422, "message": "Object %s already exists with size %d" % (oid, have)}
            out.append(item)  # already stored: no actions
            continue
        if xet_ok:
            item["actions"] = {"upload": app.cas.batch_upload_action(req, repo, ref)}
        elif multipart_ok and size > cfg["multipart_threshold"]:
            used_multipart = True
            chunk = cfg["multipart_chunk_size"]
            nparts = max(1, math.ceil(size / chunk))
            uid = secrets.token_hex(10)
            d = os.path.join(hub.store.root, "tmp", "multipart", uid)
            os.makedirs(d)
            write_json(os.path.join(d, "meta.json"), {"oid": oid, "size": size, "chunk": chunk, "nparts": nparts})
            header = {"chunk_size": str(chunk)}
            for n in range(1, nparts + 1):
                header[str(n)] = sign_url(app, app.cdn_upload_base, "/multipart/%s/%d" % (uid, n), {}, "PUT")
            href = sign_url(app, hub_base, "/api/complete_multipart", {"uploadId": uid, "oid": oid}, "POST")
            item["actions"] = {"upload": {"href": href, "header": header, "expires_in": cfg["cdn_url_ttl"]},
                               "verify": {"href": verify, "header": {}}}
        else:
            href = sign_url(app, app.cdn_upload_base, "/upload/" + oid, {"size": str(size)}, "PUT")
            item["actions"] = {"upload": {"href": href, "header": {}, "expires_in": cfg["cdn_url_ttl"]},
                               "verify": {"href": verify, "header": {}}}
        out.append(item)
    return lfs_json({"transfer": "xet" if xet_ok else "multipart" if used_multipart else "basic", "objects": out,
                     "hash_algo": "sha256"})


def complete_multipart(hub, req):
    app = hub.app
    params = check_signed(app, req, "POST")
    uid, oid = params.get("uploadId", ""), params.get("oid", "")
    d = os.path.join(hub.store.root, "tmp", "multipart", uid)
    mp = os.path.join(d, "meta.json")
    if not uid.isalnum() or not os.path.exists(mp):
        raise HTTPError(404, "Unknown upload %s" % uid)
    with open(mp) as f:
        meta = json.load(f)
    body = req.json()
    if not isinstance(body, dict) or body.get("oid") != oid or oid != meta["oid"]:
        raise HTTPError(400, "oid does not match this upload")
    parts = body.get("parts")
    if not isinstance(parts, list) or len(parts) != meta["nparts"]:
        raise HTTPError(400, "Expected %d parts" % meta["nparts"])
    try:
        parts = sorted(parts, key=lambda p: int(p["partNumber"]))
    except (KeyError, TypeError, ValueError):
        raise HTTPError(400, "Each part needs a partNumber and an etag")
    tmp = hub.store.tmp_file()
    h = hashlib.sha256()
    total = 0
    try:
        with open(tmp, "wb") as f:
            out = SparseWriter(f)
            for i, p in enumerate(parts):
                n = int(p["partNumber"])
                if n != i + 1:
                    raise HTTPError(400, "Parts must be numbered 1..%d" % meta["nparts"])
                pp = os.path.join(d, "%d" % n)
                if not os.path.exists(pp):
                    raise HTTPError(400, "Part %d was not uploaded" % n)
                with open(pp + ".etag") as f:
                    etag = f.read()
                if str(p.get("etag", "")).strip('"') != etag.strip('"'):
                    raise HTTPError(400, "ETag of part %d does not match" % n)
                with open(pp, "rb") as f:
                    while True:
                        b = f.read(1 << 20)
                        if not b:
                            break
                        h.update(b)
                        out.write(b)
                        total += len(b)
            out.finish()
        if total != meta["size"]:
            raise HTTPError(400, "Size mismatch: got %d bytes, expected %d" % (total, meta["size"]))
        if h.hexdigest() != oid:
            raise HTTPError(400, "SHA-256 mismatch: the uploaded content hashes to %s, not %s" % (h.hexdigest(), oid))
        hub.store.add_lfs_object(tmp, oid)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    shutil.rmtree(d, ignore_errors=True)
    return lfs_json({"success": True})


# ---- CDN side -------------------------------------------------------------------------------

def cdn_put_single(app, req, oid):
    params = check_signed(app, req, "PUT")
    size = int(params.get("size", "-1"))
    if not HEX64.match(oid):
        raise HTTPError(400, "Bad object id")
    cl = req.header("Content-Length")
    if cl is not None and cl.isdigit() and int(cl) != size:
        raise HTTPError(400, "Content-Length %s does not match the announced size %d" % (cl, size))
    tmp = app.store.tmp_file()
    h = hashlib.sha256()
    try:
        with open(tmp, "wb") as f:
            w = SparseWriter(f)
            n = req.body_to_file(w, h.update, limit=size)
            w.finish()
        if n != size:
            raise HTTPError(400, "Size mismatch: got %d bytes, expected %d" % (n, size))
        if h.hexdigest() != oid:
            raise HTTPError(400, "SHA-256 mismatch: the uploaded content hashes to %s, not %s" % (h.hexdigest(), oid))
        app.store.add_lfs_object(tmp, oid)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    r = Response(200, {"ETag": '"%s"' % hashlib.md5(oid.encode()).hexdigest()}, b"")
    return r


def cdn_put_part(app, req, uid, num):
    check_signed(app, req, "PUT")
    d = os.path.join(app.store.root, "tmp", "multipart", uid)
    mp = os.path.join(d, "meta.json")
    if not uid.isalnum() or not os.path.exists(mp):
        raise HTTPError(404, "NoSuchUpload")
    with open(mp) as f:
        meta = json.load(f)
    try:
        n = int(num)
    except ValueError:
        raise HTTPError(400, "Bad part number")
    if not 1 <= n <= meta["nparts"]:
        raise HTTPError(400, "Bad part number")
    expect = min(meta["chunk"], meta["size"] - (n - 1) * meta["chunk"])
    tmp = os.path.join(d, "%d.%s.tmp" % (n, secrets.token_hex(4)))
    md5 = PartDigest()
    try:
        with open(tmp, "wb") as f:
            w = SparseWriter(f)
            got = req.body_to_file(w, md5.update, limit=expect)
            w.finish()
        if got != expect:
            raise HTTPError(400, "Part %d has %d bytes, expected %d" % (n, got, expect))
        os.replace(tmp, os.path.join(d, "%d" % n))
        etag = '"%s"' % md5.hexdigest()
        with open(os.path.join(d, "%d.etag" % n), "w") as f:
            f.write(etag)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Response(200, {"ETag": etag}, b"")
