"""Xet storage: the CAS API (own path prefix /cas on the hub port = the `casUrl`), Xet tokens,
presigned xorb transfer URLs (CDN port), Xet files for seeding and resolve, the LFS batch `xet`
transfer. Facts: shared/spec/xet.md §4-§8.

  GET  /api/{T}s/{repo}/xet-(read|write)-token/{rev}   {"accessToken","exp","casUrl"} + X-Xet-* headers
  GET  /cas/v1/reconstructions/{file}  (Range)          terms + fetch_info (v1)
  GET  /cas/v2/reconstructions/{file}  (Range)          terms + xorbs (v2, one range per URL)
  GET  /cas/v1/chunks/{default-merkledb|default}/{chunk}  global dedup shard (keyed chunk hashes) / 404
  POST /cas/v1/xorbs/default/{xorb}                     verified, stored with a footer
  POST /cas/v1/shards                                   verified against the stored xorbs; files registered
  GET  (cdn) /xorb/{xorb}?range=A-B&gen&exp&sig          bytes A-B; demands exactly `Range: bytes=A-B`

Storage under ROOT/xet: xorbs/<hex> (stored form), files/<file hex>.json (size, sha256, terms),
sha256/<sha256> (-> file hex), chunks/<chunk hex> (-> xorb hex, index: the global dedup index).
Heavy work (chunking, LZ4, BLAKE3 over data) runs in the C helper build/localhub-xet when it
exists (LOCALHUB_XET_HELPER overrides, "none" disables), else in pure Python (xetcodec.py).
"""

import hashlib
import json
import os
import re
import secrets
import shutil
import struct
import subprocess
import threading
import time
import urllib.parse

from . import xetcodec as X
from .common import check_signed, file_response, sign_url, URL_PREFIX
from .httpcore import HTTPError, Response, json_response
from .storage import atomic_write

HEXRE = re.compile(r"^[0-9a-f]{64}$")
MAX_XORB = 64 * 1024 * 1024 + 8 * 8192 + 4096  # records of 64 MiB of chunks (+ headers, a footer)
MAX_SHARD = 64 * 1024 * 1024
PY_LIMIT = 2 * 1024 * 1024  # above this, prefer the C helper
PY_HASH_LIMIT = 64  # chunks in a file: above this, its term and file hashes are the helper's
MAX_DEDUP_XORBS = 16  # xorbs in one global dedup answer


def default_helper():
    env = os.environ.get("LOCALHUB_XET_HELPER")
    if env:
        return None if env == "none" else env
    here = os.path.dirname(os.path.abspath(__file__))
    p = os.path.join(os.path.dirname(os.path.dirname(here)), "build", "localhub-xet")
    return p if os.access(p, os.X_OK) else None


def xet_enabled(repo):
    return repo.get("xetEnabled", True)


class Cas:
    def __init__(self, app):
        self.app = app
        self.root = os.path.join(app.store.root, "xet")
        for d in ("xorbs", "files", "sha256", "chunks", "tmp", "groups"):
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        self.helper = default_helper()
        self.tokens = {}  # token -> {"scope", "exp", "gen"}
        self.token_gen = 0
        self.lock = threading.Lock()
        self._footers = {}

    # ---- paths and records ------------------------------------------------------------
    def _p(self, kind, name):
        return os.path.join(self.root, kind, name)

    def has_xorb(self, h):
        return os.path.exists(self._p("xorbs", h))

    def footer_of(self, h):
        """(records_len, xorb hash, chunk hashes, record ends, unpacked ends) of a stored xorb."""
        f = self._footers.get(h)
        if f is None:
            path = self._p("xorbs", h)
            size = os.path.getsize(path)
            with open(path, "rb") as fh:
                fh.seek(size - 4)
                flen = struct.unpack("<I", fh.read(4))[0]
                fh.seek(size - 4 - flen)
                tail = fh.read(flen + 4)
            rl, xh, hashes, rec, unp = X.parse_footer(tail)
            f = (size - 4 - flen, xh, hashes, rec, unp)
            with self.lock:
                self._footers[h] = f
        return f

    def file_record(self, fh):
        try:
            with open(self._p("files", fh + ".json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def xet_hash_for_sha(self, sha):
        try:
            with open(self._p("sha256", sha)) as f:
                return f.read().strip()
        except OSError:
            return None

    def _register_file(self, fh, sha, size, terms):
        atomic_write(self._p("files", fh + ".json"), json.dumps({"size": size, "sha256": sha, "terms": terms}).encode())
        atomic_write(self._p("sha256", sha), fh.encode())

    def _register_chunk(self, chunk_hex, xorb_hex, index):
        p = self._p("chunks", chunk_hex)
        if not os.path.exists(p):
            atomic_write(p, ("%s %d" % (xorb_hex, index)).encode())

    def _group(self, xorbs):
        """Xorbs stored together (one file, one shard): a dedup answer lists the neighbours too."""
        xorbs = list(dict.fromkeys(xorbs))
        for i, x in enumerate(xorbs):
            p = self._p("groups", x)
            if not os.path.exists(p):
                atomic_write(p, " ".join(xorbs[i:i + MAX_DEDUP_XORBS]).encode())

    def _tmp(self):
        return self._p("tmp", secrets.token_hex(8))

    # ---- storing a file as Xet (seed, LFS objects of Xet repos) ---------------------------
    def store_file(self, path, sha=None):
        """Chunks the file at path into new xorbs (no dedup against stored data: seeding) and
        registers it; returns its Xet file hash."""
        size = os.path.getsize(path)
        if size == 0:
            return None
        max_bytes = int(self.app.config.get("xet_seed_xorb_bytes") or X_MAX_BYTES)
        if self.helper and size > PY_LIMIT:
            out = self._tmp()
            os.makedirs(out)
            try:
                r = subprocess.run([self.helper, "pack", path, out, str(max_bytes)], capture_output=True, check=True)
                info = json.loads(r.stdout)
                for x in info["xorbs"]:
                    dst = self._p("xorbs", x["hash"])
                    if not os.path.exists(dst):
                        os.replace(os.path.join(out, x["hash"]), dst)
            finally:
                shutil.rmtree(out, ignore_errors=True)
        else:
            info = self._py_pack(path, max_bytes)
        terms, first = [], True
        for x in info["xorbs"]:
            terms.append([x["hash"], 0, x["chunks"], x["unpacked"]])
            for ch, idx in x["dedup"]:
                self._register_chunk(ch, x["hash"], idx)
        if sha is not None and sha != info["sha256"]:
            raise HTTPError(500, "sha256 of %s changed while storing it as Xet" % path)
        self._register_file(info["fileHash"], info["sha256"], size, terms)
        self._group([t[0] for t in terms])
        return info["fileHash"]

    def _py_pack(self, path, max_bytes=None):
        max_bytes = max_bytes or X_MAX_BYTES
        with open(path, "rb") as f:
            data = f.read()
        ends, start, nodes, xorbs, group = X.chunk_ends(data), 0, [], [], []
        gsize = 0

        def flush():
            if not group:
                return
            blob, xh, hashes = X.pack_plain(group)
            hx = X.to_hex(xh)
            if not self.has_xorb(hx):
                atomic_write(self._p("xorbs", hx), blob)
            dedup = [[X.to_hex(h), i] for i, h in enumerate(hashes)
                     if (not xorbs and i == 0) or struct.unpack_from("<Q", h, 24)[0] % 1024 == 0]
            xorbs.append({"hash": hx, "chunks": len(group), "unpacked": sum(len(c) for c in group), "dedup": dedup})
            nodes.extend(zip(hashes, [len(c) for c in group]))
            del group[:]

        for e in ends:
            c = data[start:e]
            if group and (gsize + len(c) > max_bytes or len(group) >= 8192):
                flush()
                gsize = 0
            group.append(c)
            gsize += len(c)
            start = e
        flush()
        return {"xorbs": xorbs, "size": len(data), "fileHash": X.to_hex(X.file_hash(nodes)),
                "sha256": hashlib.sha256(data).hexdigest()}

    def enabled_for(self, repo):
        return xet_enabled(repo)

    # ---- tokens ------------------------------------------------------------------------------
    def cas_url(self, req):
        return req.host_url() + "/cas"

    def token_response(self, req, repo, scope):
        if not xet_enabled(repo):
            raise HTTPError(400, "Xet storage is not enabled for this repository", "XetNotEnabled")
        ttl = self.app.config.get("xet_token_ttl", 3600)
        tok = "xet_%s_%s" % (scope, secrets.token_hex(16))
        exp = int(time.time()) + ttl
        with self.lock:
            self.tokens[tok] = {"scope": scope, "exp": exp, "gen": self.token_gen}
        url = self.cas_url(req)
        return json_response({"accessToken": tok, "exp": exp, "casUrl": url},
                             headers={"X-Xet-Cas-Url": url, "X-Xet-Access-Token": tok,
                                      "X-Xet-Token-Expiration": str(exp)})

    def expire_tokens(self):
        with self.lock:
            self.token_gen += 1
            return self.token_gen

    def _auth(self, req, scope):
        h = req.header("Authorization") or ""
        tok = h[7:].strip() if h.lower().startswith("bearer ") else None
        t = self.tokens.get(tok) if tok else None
        if t is None or t["exp"] <= time.time() or t["gen"] < self.token_gen:
            raise HTTPError(401, "Invalid or expired Xet token")
        if scope == "write" and t["scope"] != "write":
            raise HTTPError(403, "This token does not allow writes")

    # ---- resolve headers --------------------------------------------------------------
    def resolve_headers(self, req, repo, commit_id, sha, resp):
        if not xet_enabled(repo):
            return
        fh = self.xet_hash_for_sha(sha)
        if fh is None:
            return
        base = req.host_url()
        resp.set("X-Xet-Hash", fh)
        resp.set("Link", '<%s/v1/reconstructions/%s>; rel="xet-reconstruction-info", '
                         '<%s/api/%ss/%s/xet-read-token/%s>; rel="xet-auth"'
                 % (self.cas_url(req), fh, base, repo["type"], repo["id"], commit_id))

    def fileinfo_response(self, req, repo, commit_id, sha, size, headers):
        """resolve asked with Accept: application/vnd.xet-fileinfo+json (huggingface.js): the Xet
        facts as a 200 instead of the redirect, for Xet files."""
        if "application/vnd.xet-fileinfo+json" not in (req.header("Accept") or "") or not xet_enabled(repo):
            return None
        fh = self.xet_hash_for_sha(sha)
        if fh is None:
            return None
        r = Response(200, headers)
        self.resolve_headers(req, repo, commit_id, sha, r)
        r.set("X-Linked-Etag", '"%s"' % sha)
        r.set("X-Linked-Size", size)
        r.body = json.dumps({"hash": fh, "size": size, "etag": sha}).encode()
        r.set("Content-Type", "application/vnd.xet-fileinfo+json")
        return r

    # ---- CAS routes ----------------------------------------------------------------------
    def route(self, req):
        segs = [s for s in req.path.split("/") if s][1:]  # drop "cas"
        m = req.method
        if m == "GET" and len(segs) == 3 and segs[0] in ("v1", "v2") and segs[1] == "reconstructions":
            self._auth(req, "read")
            return self.reconstruction(req, segs[2], segs[0])
        if m == "GET" and len(segs) == 4 and segs[:2] == ["v1", "chunks"] and segs[2] in ("default-merkledb", "default"):
            self._auth(req, "read")
            return self.dedup(segs[3])
        if m == "POST" and len(segs) == 4 and segs[:3] == ["v1", "xorbs", "default"]:
            self._auth(req, "write")
            return self.put_xorb(req, segs[3])
        if m == "POST" and segs == ["v1", "shards"]:
            self._auth(req, "write")
            return self.put_shard(req)
        if m == "POST" and segs == ["v1", "telemetry"]:
            return json_response({})
        raise HTTPError(404, "Not found: %s" % req.path)

    def reconstruction(self, req, fh, version):
        rec = self.file_record(fh) if HEXRE.match(fh) else None
        if rec is None:
            raise HTTPError(404, "File %s not found" % fh)
        size = rec["size"]
        lo, hi = 0, size - 1
        rng = req.header("Range")
        if rng:
            mm = re.match(r"^bytes=(\d+)-(\d*)$", rng.strip())
            if not mm:
                raise HTTPError(400, "Invalid Range %r" % rng)
            lo = int(mm.group(1))
            hi = min(int(mm.group(2)), size - 1) if mm.group(2) else size - 1
            if lo >= size or hi < lo:
                raise HTTPError(416, "Range start %d is past the end of the file (%d bytes)" % (lo, size))
        terms, needed, pos, skip = [], {}, 0, None
        for xh, s, e, unpacked in rec["terms"]:
            t0, pos = pos, pos + unpacked
            if pos <= lo or t0 > hi or size == 0:
                continue
            unp = self.footer_of(xh)[4]
            base = unp[s - 1] if s else 0
            cs, ce = s, e
            while cs < e - 1 and t0 + unp[cs] - base <= lo:  # chunk cs ends before lo
                cs += 1
            while ce > cs + 1 and t0 + (unp[ce - 2] - base) > hi:  # chunk ce-1 starts after hi
                ce -= 1
            if skip is None:
                skip = lo - (t0 + ((unp[cs - 1] if cs else 0) - base))
            ulen = unp[ce - 1] - (unp[cs - 1] if cs else 0)
            terms.append({"hash": xh, "unpacked_length": ulen, "range": {"start": cs, "end": ce}})
            needed.setdefault(xh, []).append([cs, ce])
        out = {"offset_into_first_range": skip or 0, "terms": terms}
        fetch = {}
        for xh, ranges in needed.items():
            rec_ends = self.footer_of(xh)[3]
            merged = []
            for a, b in sorted(ranges):
                if merged and a <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], b)
                else:
                    merged.append([a, b])
            fetch[xh] = []
            for a, b in merged:
                bs, be = (rec_ends[a - 1] if a else 0), rec_ends[b - 1] - 1
                url = sign_url(self.app, self.app.cdn_base, "/xorb/" + xh, {"range": "%d-%d" % (bs, be)})
                fetch[xh].append({"range": {"start": a, "end": b}, "url": url, "url_range": {"start": bs, "end": be}})
        if version == "v1":
            out["fetch_info"] = fetch
        else:
            out["xorbs"] = {xh: [{"url": f["url"], "ranges": [{"chunks": f["range"], "bytes": f["url_range"]}]}
                                 for f in fs] for xh, fs in fetch.items()}
        return json_response(out)

    def transfer(self, req, xh):
        """CDN side: bytes of a stored xorb, only the exact signed Range."""
        params = check_signed(self.app, req)
        want = "bytes=" + params.get("range", "")
        if (req.header("Range") or "").strip() != want:
            raise HTTPError(403, "AccessDenied", headers={"Content-Type": "application/xml"},
                            body=b"<Error><Code>AccessDenied</Code><Message>Range not authorised</Message></Error>")
        if not HEXRE.match(xh) or not self.has_xorb(xh):
            raise HTTPError(404, "NoSuchKey")
        path = self._p("xorbs", xh)
        return file_response(req, path, os.path.getsize(path), {"Content-Type": "application/octet-stream"})

    def dedup(self, ch):
        try:
            with open(self._p("chunks", ch)) as f:
                xh, idx = f.read().split()
        except (OSError, ValueError):
            raise HTTPError(404, "Chunk not found")
        try:
            with open(self._p("groups", xh)) as f:
                group = f.read().split()
        except OSError:
            group = [xh]
        key = secrets.token_bytes(32)
        xorbs = []
        for gx in group:  # the chunk's xorb first, then the xorbs stored after it
            _, _, hashes, _, unp = self.footer_of(gx)
            chunks, prev = [], 0
            for h, u in zip(hashes, unp):
                chunks.append((X.blake3_keyed(key, h), prev, u - prev, 0))
                prev = u
            xorbs.append({"hash": X.from_hex(gx), "chunks": chunks})
        now = int(time.time())
        body = X.build_shard([], xorbs, key, now, now + 3600)
        return Response(200, {"Content-Type": "application/octet-stream"}, body)

    # ---- uploads ----------------------------------------------------------------------------
    def put_xorb(self, req, xh):
        if not HEXRE.match(xh):
            raise HTTPError(400, "Invalid xorb hash %r" % xh)
        n = req.header("Content-Length")
        if n is not None and n.isdigit() and int(n) > MAX_XORB:
            raise HTTPError(400, "Xorb too large")
        stored = self._tmp()
        if self.helper and n is not None and n.isdigit() and int(n) > PY_LIMIT:
            src = self._tmp()  # big: straight from the socket to a file for the helper
            try:
                with open(src, "wb") as f:
                    req.body_to_file(f, limit=MAX_XORB)
                if self.has_xorb(xh):
                    return json_response({"was_inserted": False})
                r = subprocess.run([self.helper, "xorb", src, stored], capture_output=True, text=True)
            finally:
                os.unlink(src)
            if r.returncode != 0:
                raise HTTPError(400, "Invalid xorb: %s" % r.stderr.strip())
            got = json.loads(r.stdout)["hash"]
        else:
            body = req.body(MAX_XORB)
            if self.has_xorb(xh):
                return json_response({"was_inserted": False})
            got = self._py_xorb(body, stored)
        if got != xh:
            os.unlink(stored)
            raise HTTPError(400, "Xorb hash mismatch: the chunks hash to %s" % got)
        os.replace(stored, self._p("xorbs", xh))
        return json_response({"was_inserted": True})

    def _py_xorb(self, body, out):
        hashes, rend, uend, u, end = [], [], [], 0, 0
        try:
            for off, end, scheme, payload, ulen in X.iter_records(body):
                hashes.append(X.chunk_hash(X.decode_record(scheme, payload, ulen)))
                u += ulen
                rend.append(end)
                uend.append(u)
            if end != len(body):  # a footer follows: it must be exactly ours
                rl, fxh, fh, _, _ = X.parse_footer(body)
                if rl != end or fh != hashes:
                    raise X.CodecError("footer disagrees with the records")
        except X.CodecError as e:
            raise HTTPError(400, "Invalid xorb: %s" % e)
        if not hashes or len(hashes) > 8192 or u > 64 * 1024 * 1024:
            raise HTTPError(400, "Invalid xorb: %d chunks, %d bytes" % (len(hashes), u))
        xh = X.merkle_root(list(zip(hashes, [b - a for a, b in zip([0] + uend[:-1], uend)])))
        with open(out, "wb") as f:
            f.write(body[:end] + X.footer(xh, hashes, rend, uend))
        return X.to_hex(xh)

    def put_shard(self, req):
        body = req.body(MAX_SHARD)
        try:
            shard = X.parse_shard(body)
        except X.CodecError as e:
            raise HTTPError(400, "Invalid shard: %s" % e)
        for x in shard["xorbs"]:
            hx = X.to_hex(x["hash"])
            if not self.has_xorb(hx):
                raise HTTPError(400, "Shard lists xorb %s, which was not uploaded" % hx)
            _, _, hashes, _, unp = self.footer_of(hx)
            lens = [b - a for a, b in zip([0] + unp[:-1], unp)]
            if [c[0] for c in x["chunks"]] != hashes or [c[2] for c in x["chunks"]] != lens:
                raise HTTPError(400, "Shard's listing of xorb %s disagrees with the stored xorb" % hx)
        new = 0
        for f in shard["files"]:
            new += self._check_file(f)
        self._group([X.to_hex(x["hash"]) for x in shard["xorbs"]])
        for x in shard["xorbs"]:  # the global dedup index: chunks whose hash is 0 mod 1024
            hx = X.to_hex(x["hash"])
            for i, c in enumerate(x["chunks"]):
                if struct.unpack_from("<Q", c[0], 24)[0] % 1024 == 0:
                    self._register_chunk(X.to_hex(c[0]), hx, i)
        return json_response({"result": 1 if new or not shard["files"] else 0})

    def _check_file(self, f):
        fh = X.to_hex(f["hash"])
        if not (f["flags"] & X.FILE_VERIFICATION and f["flags"] & X.FILE_METADATA_EXT):
            raise HTTPError(400, "File %s: verification entries and the SHA-256 are required" % fh)
        terms, nchunks = [], 0
        for i, (xb, unpacked, s, e) in enumerate(f["terms"]):
            xh = X.to_hex(xb)
            if not self.has_xorb(xh):
                raise HTTPError(400, "File %s references xorb %s, which does not exist" % (fh, xh))
            _, _, hashes, _, unp = self.footer_of(xh)
            if not 0 <= s < e <= len(hashes):
                raise HTTPError(400, "File %s: chunk range [%d,%d) outside xorb %s" % (fh, s, e, xh))
            base = unp[s - 1] if s else 0
            if unp[e - 1] - base != unpacked:
                raise HTTPError(400, "File %s: term %d says %d bytes, the chunks hold %d" % (fh, i, unpacked, unp[e - 1] - base))
            terms.append([xh, s, e, unpacked])
            nchunks += e - s
        sha = X.to_hex(f["sha256"])  # xet-core stores MerkleHash::from_hex(sha256 hex): Xet hex = plain hex
        new = self.file_record(fh) is None or self.app.store.lfs_size(sha) is None
        tmp = self._tmp() if new else None
        try:
            # BLAKE3 over the stored chunk hashes (checked against the chunks when each xorb was
            # uploaded): in the C helper for big files, with the extraction in the same run
            if self.helper and nchunks > int(self.app.config.get("xet_py_hash_chunks") or PY_HASH_LIMIT):
                ver, got_fh, got = self._helper_terms(terms, tmp)
            else:
                ver, got_fh = self._py_term_hashes(terms)
                got = None
            for i, v in enumerate(ver):
                if v != f["verification"][i]:
                    raise HTTPError(400, "File %s: verification hash of term %d does not match" % (fh, i))
            if got_fh != fh:
                raise HTTPError(400, "File hash %s does not match its terms" % fh)
            if not new:
                return 0
            if got is None:
                got = self.extract(terms, tmp)
            if got != sha:
                raise HTTPError(400, "File %s: SHA-256 is %s, the shard says %s" % (fh, got, sha))
        except BaseException:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
            raise
        size = os.path.getsize(tmp)
        self.app.store.add_lfs_object(tmp, sha)
        self._register_file(fh, sha, size, terms)
        if terms:
            self._register_chunk(X.to_hex(self.footer_of(terms[0][0])[2][terms[0][1]]), terms[0][0], terms[0][1])
        return 1

    def _py_term_hashes(self, terms):
        """([verification hash of each term], file hash hex) in pure Python."""
        nodes, ver = [], []
        for xh, s, e, _ in terms:
            _, _, hashes, _, unp = self.footer_of(xh)
            ver.append(X.verification_hash(hashes[s:e]))
            prev = unp[s - 1] if s else 0
            for k in range(s, e):
                nodes.append((hashes[k], unp[k] - prev))
                prev = unp[k]
        return ver, X.to_hex(X.file_hash(nodes))

    def _helper_terms(self, terms, out):
        """The helper's `terms`: (verification hashes, file hash hex, sha256 hex of the file it
        wrote to out, or None when out is None)."""
        lines = "".join("%s %d %d\n" % (self._p("xorbs", t[0]), t[1], t[2]) for t in terms)
        r = subprocess.run([self.helper, "terms", out or "-"], input=lines, capture_output=True, text=True)
        if r.returncode != 0:
            raise HTTPError(500, "term check failed: %s" % r.stderr.strip())
        rows = r.stdout.split()
        ver = [bytes.fromhex(v) for v in rows[:-2]]
        return ver, rows[-2], (None if rows[-1] == "-" else rows[-1])

    def extract(self, terms, out):
        """Writes the file of these terms to out; returns its sha256 hex."""
        total = sum(t[3] for t in terms)
        if self.helper and total > PY_LIMIT:
            lines = "".join("%s %d %d\n" % (self._p("xorbs", t[0]), t[1], t[2]) for t in terms)
            r = subprocess.run([self.helper, "extract", out], input=lines, capture_output=True, text=True)
            if r.returncode != 0:
                raise HTTPError(500, "extract failed: %s" % r.stderr.strip())
            return r.stdout.strip()
        h = hashlib.sha256()
        with open(out, "wb") as f:
            for xh, s, e, _ in terms:
                rl, _, _, rec, _ = self.footer_of(xh)
                with open(self._p("xorbs", xh), "rb") as xf:
                    a = rec[s - 1] if s else 0
                    xf.seek(a)
                    blob = xf.read(rec[e - 1] - a)
                for _, _, scheme, payload, ulen in X.iter_records(blob):
                    d = X.decode_record(scheme, payload, ulen)
                    h.update(d)
                    f.write(d)
        return h.hexdigest()

    # ---- LFS batch: the xet transfer -----------------------------------------------------
    def batch_upload_action(self, req, repo, rev):
        """actions.upload of an object that needs uploading through Xet."""
        tok = json.loads(self.token_response(req, repo, "write").body)
        href = "%s/api/%ss/%s/xet-write-token/%s" % (req.host_url(), repo["type"], repo["id"],
                                                     urllib.parse.quote(rev, safe=""))
        return {"href": href, "header": {"X-Xet-Cas-Url": tok["casUrl"], "X-Xet-Access-Token": tok["accessToken"],
                                         "X-Xet-Token-Expiration": str(tok["exp"]),
                                         "X-Xet-Session-Id": secrets.token_hex(16)}}


X_MAX_BYTES = 64 * 1024 * 1024
