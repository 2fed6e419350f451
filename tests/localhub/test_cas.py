"""Xet in localhub: the pure-Python codecs against the shared vectors, Xet files from seeding,
resolve headers, tokens, reconstruction v1/v2 and presigned xorb ranges, xorb and shard uploads
with full verification, global dedup, the LFS batch `xet` transfer, LFS-only repos."""

import hashlib
import json
import os
import shutil
import struct
import subprocess
import unittest

from .lhutil import READ, WRITE, LocalHub, lfs_op, shared_hub, unique

import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tools"))
from localhub import xetcodec as X  # noqa: E402

VECTORS = os.environ.get("HFHUB_VECTORS") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "vectors")


def splitmix(seed, n):
    s, out, M = seed, bytearray(), (1 << 64) - 1
    while len(out) < n:
        s = (s + 0x9E3779B97F4A7C15) & M
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        out += struct.pack("<Q", z ^ (z >> 31))
    return bytes(out[:n])


def vec(name):
    with open(os.path.join(VECTORS, name)) as f:
        return json.load(f)


def lz4_frame(data):
    """An LZ4 frame from the lz4 CLI (content checksum on: exercises the decoder's generality)."""
    return subprocess.run(["lz4", "-c", "-q"], input=data, capture_output=True, check=True).stdout


def record(chunk, scheme):
    if scheme == 1:
        payload = lz4_frame(chunk)
    elif scheme == 2:
        g = b"".join(chunk[k::4] for k in range(4))
        payload = lz4_frame(g)
    else:
        payload = chunk
    return bytes([0]) + len(payload).to_bytes(3, "little") + bytes([scheme]) + len(chunk).to_bytes(3, "little") + payload


class CodecTest(unittest.TestCase):
    def test_blake3_keyed(self):
        v = vec("blake3/test_vectors.json")
        key = v["key"].encode()
        for c in v["cases"]:
            if c["input_len"] > 8192:
                continue
            data = bytes(i % 251 for i in range(c["input_len"]))
            self.assertEqual(X.blake3_keyed(key, data).hex(), c["keyed_hash"][:64], c["input_len"])

    def test_e2e_vectors(self):
        for c in vec("xet/e2e.json")["cases"]:
            d = splitmix(c["input"]["seed"], c["input"]["length"])
            self.assertEqual(hashlib.sha256(d).hexdigest(), c["sha256"])
            ends = X.chunk_ends(d)
            self.assertEqual(ends, c["chunk_ends"], c["name"])
            if len(d) > 300000:
                continue
            nodes, st = [], 0
            for e in ends:
                nodes.append((X.chunk_hash(d[st:e]), e - st))
                st = e
            self.assertEqual([X.to_hex(h) for h, _ in nodes], c["chunk_hashes"])
            self.assertEqual(X.to_hex(X.merkle_root(nodes)), c["xorb_hash"])
            self.assertEqual(X.to_hex(X.file_hash(nodes)), c["file_hash"])
            self.assertEqual(X.to_hex(X.verification_hash([h for h, _ in nodes])), c["verification_hash"])

    def test_hex(self):
        b = bytes(range(32))
        self.assertEqual(X.to_hex(b), "07060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918")
        self.assertEqual(X.from_hex(X.to_hex(b)), b)

    def test_lz4_and_bg4(self):
        data = (b"hello xet " * 5000) + bytes(range(256)) * 10
        for scheme in (1, 2):
            r = record(data[:100000], scheme)
            recs = list(X.iter_records(r))
            self.assertEqual(len(recs), 1)
            _, _, sc, payload, ulen = recs[0]
            self.assertEqual(X.decode_record(sc, payload, ulen), data[:100000])
        with self.assertRaises(X.CodecError):
            X.decode_record(1, b"\x04\x22\x4d\x18garbage", 10)
        with self.assertRaises(X.CodecError):
            X.decode_record(0, b"abc", 4)

    def test_shard_roundtrip(self):
        h = [X.chunk_hash(bytes([i])) for i in range(3)]
        files = [{"hash": h[0], "terms": [(h[1], 10, 0, 2)], "verification": [h[2]], "sha256": h[1]}]
        xorbs = [{"hash": h[1], "chunks": [(h[0], 0, 4, 0), (h[2], 4, 6, 0)]}]
        for foot in (False, True):
            s = X.parse_shard(X.build_shard(files, xorbs, with_footer=foot))
            self.assertEqual(s["files"][0]["terms"], [(h[1], 10, 0, 2)])
            self.assertEqual(s["files"][0]["sha256"], h[1])
            self.assertEqual(s["xorbs"][0]["chunks"][1], (h[2], 4, 6, 0))
        with self.assertRaises(X.CodecError):
            X.parse_shard(b"garbage" * 10)


class Client:
    """A minimal Xet client over the CAS routes, written from the spec (for the tests)."""

    def __init__(self, hub, repo, scope="read", rtype="model"):
        self.hub = hub
        r = hub.get("/api/%ss/%s/xet-%s-token/main" % (rtype, repo, scope), token=WRITE)
        assert r.status == 200, r
        j = r.json()
        assert r.h("X-Xet-Access-Token") == j["accessToken"] and r.h("X-Xet-Cas-Url") == j["casUrl"]
        self.token, self.cas = j["accessToken"], j["casUrl"]

    def cas_req(self, method, path, **kw):
        return self.hub.request(method, self.cas + path, token=self.token, **kw)

    def download(self, fh, rng=None, version="v1"):
        r = self.cas_req("GET", "/%s/reconstructions/%s" % (version, fh), headers={"Range": rng} if rng else None)
        assert r.status == 200, r
        j = r.json()
        out, blobs = bytearray(), {}
        for t in j["terms"]:
            if version == "v1":
                fi = [f for f in j["fetch_info"][t["hash"]]
                      if f["range"]["start"] <= t["range"]["start"] and f["range"]["end"] >= t["range"]["end"]][0]
                url, rs, br = fi["url"], fi["range"]["start"], fi["url_range"]
            else:
                ent = [(x["url"], rr) for x in j["xorbs"][t["hash"]] for rr in x["ranges"]
                       if rr["chunks"]["start"] <= t["range"]["start"] and rr["chunks"]["end"] >= t["range"]["end"]][0]
                url, rs, br = ent[0], ent[1]["chunks"]["start"], ent[1]["bytes"]
            if url not in blobs:
                g = self.hub.get(url, headers={"Range": "bytes=%d-%d" % (br["start"], br["end"])})
                assert g.status == 206, g
                blobs[url] = [X.decode_record(s, p, u) for _, _, s, p, u in X.iter_records(g.body)]
            chunks = blobs[url][t["range"]["start"] - rs:t["range"]["end"] - rs]
            data = b"".join(chunks)
            assert len(data) == t["unpacked_length"]
            out += data
        skip = j["offset_into_first_range"]
        return bytes(out[skip:]), j


class XetSeedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("xet")
        cls.data = splitmix(11, 700000)
        cls.sha = hashlib.sha256(cls.data).hexdigest()
        import base64
        cls.hub.seed(cls.repo, [{"path": "w.bin", "base64": base64.b64encode(cls.data).decode()}], xet=True)
        r = cls.hub.request("HEAD", "/%s/resolve/main/w.bin" % cls.repo)
        cls.resolve = r

    def test_resolve_headers(self):
        r = self.resolve
        self.assertEqual(r.status, 302)
        fh = r.h("X-Xet-Hash")
        self.assertRegex(fh, "^[0-9a-f]{64}$")
        expected = X.to_hex(X.file_hash([(X.chunk_hash(self.data[a:b]), b - a) for a, b in
                                         zip([0] + X.chunk_ends(self.data)[:-1], X.chunk_ends(self.data))]))
        self.assertEqual(fh, expected)
        link = r.h("Link")
        self.assertIn('/cas/v1/reconstructions/%s>; rel="xet-reconstruction-info"' % fh, link)
        self.assertIn('/api/models/%s/xet-read-token/' % self.repo, link)
        self.assertIn('rel="xet-auth"', link)
        self.assertEqual(r.h("X-Linked-Etag"), '"%s"' % self.sha)

    def test_full_and_ranges(self):
        c = Client(self.hub, self.repo)
        fh = self.resolve.h("X-Xet-Hash")
        for version in ("v1", "v2"):
            data, _ = c.download(fh, version=version)
            self.assertEqual(data, self.data)
        for a, b in ((0, 0), (100000, 300000), (699990, 699999), (5, 10 ** 9), (131071, 131072)):
            data, j = c.download(fh, "bytes=%d-%d" % (a, b))
            self.assertEqual(data[:b - a + 1], self.data[a:b + 1], (a, b))
        r = c.cas_req("GET", "/v1/reconstructions/%s" % fh, headers={"Range": "bytes=700000-"})
        self.assertEqual(r.status, 416)
        r = c.cas_req("GET", "/v1/reconstructions/%s" % ("0" * 64))
        self.assertEqual(r.status, 404)

    def test_transfer_demands_exact_range(self):
        c = Client(self.hub, self.repo)
        j = c.cas_req("GET", "/v1/reconstructions/%s" % self.resolve.h("X-Xet-Hash")).json()
        fi = list(j["fetch_info"].values())[0][0]
        url, br = fi["url"], fi["url_range"]
        self.assertEqual(self.hub.get(url).status, 403)
        self.assertEqual(self.hub.get(url, headers={"Range": "bytes=0-%d" % (br["end"] - 1)}).status, 403)
        g = self.hub.get(url, headers={"Range": "bytes=%d-%d" % (br["start"], br["end"])})
        self.assertEqual(g.status, 206)
        self.assertEqual(len(g.body), br["end"] - br["start"] + 1)
        self.hub.admin("POST", "cdn/expire")
        self.assertEqual(self.hub.get(url, headers={"Range": "bytes=%d-%d" % (br["start"], br["end"])}).status, 403)

    def test_tokens(self):
        c = Client(self.hub, self.repo)
        fh = self.resolve.h("X-Xet-Hash")
        self.assertEqual(self.hub.request("GET", c.cas + "/v1/reconstructions/" + fh).status, 401)
        self.assertEqual(self.hub.request("GET", c.cas + "/v1/reconstructions/" + fh, token="xet_bogus").status, 401)
        self.assertEqual(c.cas_req("GET", "/v1/reconstructions/" + fh).status, 200)
        self.hub.admin("POST", "xet/expire-tokens")
        self.assertEqual(c.cas_req("GET", "/v1/reconstructions/" + fh).status, 401)
        # a read token cannot write; a read-only Hub token gets no write token
        c = Client(self.hub, self.repo)
        self.assertEqual(c.cas_req("POST", "/v1/shards", body=b"x").status, 403)
        r = self.hub.get("/api/models/%s/xet-write-token/main" % self.repo, token=READ)
        self.assertEqual(r.status, 403)

    def test_tree_and_paths_info_xet_hash(self):
        fh = self.resolve.h("X-Xet-Hash")
        tree = self.hub.get("/api/models/%s/tree/main?recursive=false&expand=false" % self.repo, token=WRITE).json()
        item = [e for e in tree if e["path"] == "w.bin"][0]
        self.assertEqual(item["xetHash"], fh)
        self.assertEqual(list(item)[:6], ["type", "oid", "size", "path", "lfs", "xetHash"])
        r = self.hub.request("POST", "/api/models/%s/paths-info/main" % self.repo, body=b"paths=w.bin&expand=true",
                             headers={"Content-Type": "application/x-www-form-urlencoded"}, token=WRITE)
        self.assertEqual(r.json()[0]["xetHash"], fh)
        import base64
        repo = "user/" + unique("lfsonly")  # LFS files of a repo without Xet: no xetHash
        self.hub.seed(repo, [{"path": "w.bin", "base64": base64.b64encode(b"\1" * 3000).decode()}], xet=False)
        tree = self.hub.get("/api/models/%s/tree/main" % repo, token=WRITE).json()
        self.assertNotIn("xetHash", [e for e in tree if e["path"] == "w.bin"][0])

    def test_global_dedup(self):
        c = Client(self.hub, self.repo)
        first = X.chunk_hash(self.data[:X.chunk_ends(self.data)[0]])
        r = c.cas_req("GET", "/v1/chunks/default-merkledb/" + X.to_hex(first))
        self.assertEqual(r.status, 200)
        s = X.parse_shard(r.body)
        self.assertEqual(s["files"], [])
        key = s["footer"]["hmac_key"]
        self.assertNotEqual(key, bytes(32))
        self.assertIn(X.blake3_keyed(key, first), [ch[0] for ch in s["xorbs"][0]["chunks"]])
        self.assertEqual(c.cas_req("GET", "/v1/chunks/default/" + X.to_hex(first)).status, 200)
        self.assertEqual(c.cas_req("GET", "/v1/chunks/default/" + "1" * 64).status, 404)

    def test_lfs_only_repo(self):
        import base64
        repo = "user/" + unique("lfsonly")
        self.hub.seed(repo, [{"path": "w.bin", "base64": base64.b64encode(b"\0" * 3000).decode()}], xet=False)
        r = self.hub.request("HEAD", "/%s/resolve/main/w.bin" % repo)
        self.assertEqual(r.status, 302)
        self.assertIsNone(r.h("X-Xet-Hash"))
        self.assertEqual(self.hub.get("/api/models/%s/xet-read-token/main" % repo, token=WRITE).status, 400)


def make_upload(files, scheme=1):
    """Client side of an upload, from the spec: one xorb holding every file's chunks (no dedup).
    -> (xorb hex, records, shard bytes, [(file hex, sha256)])."""
    chunks, per_file = [], []
    for d in files:
        ends = X.chunk_ends(d)
        cs = [d[a:b] for a, b in zip([0] + ends[:-1], ends)]
        per_file.append((len(chunks), len(chunks) + len(cs), d))
        chunks += cs
    hashes = [X.chunk_hash(c) for c in chunks]
    xh = X.merkle_root(list(zip(hashes, [len(c) for c in chunks])))
    records = b"".join(record(c, scheme if i % 2 == 0 else 0) for i, c in enumerate(chunks))
    sfiles, ids = [], []
    for s, e, d in per_file:
        fh = X.file_hash(list(zip(hashes[s:e], [len(c) for c in chunks[s:e]])))
        sha = hashlib.sha256(d).hexdigest()
        sfiles.append({"hash": fh, "terms": [(xh, len(d), s, e)], "verification": [X.verification_hash(hashes[s:e])],
                       "sha256": X.from_hex(sha)})  # as xet-core: the sha256 hex parsed as a Xet hash
        ids.append((X.to_hex(fh), sha))
    pos, xchunks = 0, []
    for h, c in zip(hashes, chunks):
        xchunks.append((h, pos, len(c), 0))
        pos += len(c)
    shard = X.build_shard(sfiles, [{"hash": xh, "chunks": xchunks}], with_footer=False)
    return X.to_hex(xh), records, shard, ids, sfiles, xchunks


class XetUploadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("xetup")
        cls.hub.create_repo(cls.repo)

    def test_upload_commit_download(self):
        a = (b"some text that compresses well " * 9000)[:250000]
        b = splitmix(21, 90000)
        xh, records, shard, ids, _, _ = make_upload([a, b])
        c = Client(self.hub, self.repo, "write")
        r = c.cas_req("POST", "/v1/xorbs/default/" + xh, body=records)
        self.assertEqual((r.status, r.json()), (200, {"was_inserted": True}))
        r = c.cas_req("POST", "/v1/xorbs/default/" + xh, body=records)
        self.assertEqual(r.json(), {"was_inserted": False})
        r = c.cas_req("POST", "/v1/shards", body=shard)
        self.assertEqual((r.status, r.json()), (200, {"result": 1}), r)
        r = c.cas_req("POST", "/v1/shards", body=shard)
        self.assertEqual(r.json(), {"result": 0})
        r = self.hub.commit(self.repo, [lfs_op("a.txt.bin", ids[0][1], len(a)), lfs_op("b.bin", ids[1][1], len(b))])
        self.assertEqual(r.status, 200, r)
        for name, d, (fh, sha) in (("a.txt.bin", a, ids[0]), ("b.bin", b, ids[1])):
            h = self.hub.request("HEAD", "/%s/resolve/main/%s" % (self.repo, name))
            self.assertEqual(h.h("X-Xet-Hash"), fh)
            self.assertEqual(Client(self.hub, self.repo).download(fh)[0], d)
            loc = h.h("Location")  # the plain (LFS bridge) path serves the same bytes
            self.assertEqual(self.hub.get(loc).body, d)

    def test_bad_xorbs(self):
        d = splitmix(22, 50000)
        xh, records, _, _, _, _ = make_upload([d])
        c = Client(self.hub, self.repo, "write")
        self.assertEqual(c.cas_req("POST", "/v1/xorbs/default/" + "0" * 64, body=records).status, 400)
        bad = bytearray(records)
        bad[-1] ^= 1
        self.assertEqual(c.cas_req("POST", "/v1/xorbs/default/" + xh, body=bytes(bad)).status, 400)
        self.assertEqual(c.cas_req("POST", "/v1/xorbs/default/" + xh, body=b"garbage").status, 400)
        self.assertEqual(c.cas_req("POST", "/v1/xorbs/default/" + xh, body=records[:-5]).status, 400)
        self.assertEqual(c.cas_req("POST", "/v1/xorbs/default/xyz", body=records).status, 400)
        # with a footer: accepted
        hashes = []
        rend, uend, u = [], [], 0
        for off, end, s, p, ul in X.iter_records(records):
            hashes.append(X.chunk_hash(X.decode_record(s, p, ul)))
            u += ul
            rend.append(end)
            uend.append(u)
        foot = X.footer(X.from_hex(xh), hashes, rend, uend)
        self.assertEqual(c.cas_req("POST", "/v1/xorbs/default/" + xh, body=records + foot).json(),
                         {"was_inserted": True})

    def test_bad_shards(self):
        self.check_bad_shards(splitmix(23, 60000))

    def check_bad_shards(self, d):
        xh, records, shard, ids, sfiles, xchunks = make_upload([d])
        c = Client(self.hub, self.repo, "write")
        # xorb not uploaded yet
        self.assertEqual(c.cas_req("POST", "/v1/shards", body=shard).status, 400)
        self.assertEqual(c.cas_req("POST", "/v1/xorbs/default/" + xh, body=records).status, 200)
        xorbs = [{"hash": X.from_hex(xh), "chunks": xchunks}]

        def post(files, xs=xorbs):
            return c.cas_req("POST", "/v1/shards", body=X.build_shard(files, xs, with_footer=False)).status

        f = dict(sfiles[0])
        self.assertEqual(post([dict(f, verification=[bytes(32)])]), 400)           # verification
        self.assertEqual(post([dict(f, sha256=bytes(32))]), 400)                   # sha256 link
        self.assertEqual(post([dict(f, hash=bytes(32))]), 400)                     # file hash
        t = f["terms"][0]
        self.assertEqual(post([dict(f, terms=[(t[0], t[1] + 1, t[2], t[3])])]), 400)  # unpacked bytes
        self.assertEqual(post([dict(f, terms=[(t[0], t[1], t[2], t[3] + 1)])]), 400)  # past the xorb
        self.assertEqual(post([dict(f, verification=None)]), 400)                  # flags required
        self.assertEqual(post([f], [{"hash": X.from_hex(xh), "chunks": xchunks[:-1]}]), 400)  # listing
        self.assertEqual(c.cas_req("POST", "/v1/shards", body=b"garbage" * 20).status, 400)
        self.assertEqual(post([f]), 200)

    def test_lfs_batch_xet_transfer(self):
        body = {"operation": "upload", "transfers": ["basic", "multipart", "xet"], "hash_algo": "sha_256",
                "ref": {"name": "main"}, "objects": [{"oid": "ab" * 32, "size": 10}]}
        r = self.hub.request("POST", "/%s.git/info/lfs/objects/batch" % self.repo, token=WRITE, json_body=body,
                             headers={"Accept": "application/vnd.git-lfs+json"})
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["transfer"], "xet")
        up = j["objects"][0]["actions"]["upload"]
        self.assertIn("/api/models/%s/xet-write-token/main" % self.repo, up["href"])
        for k in ("X-Xet-Cas-Url", "X-Xet-Access-Token", "X-Xet-Token-Expiration", "X-Xet-Session-Id"):
            self.assertIn(k, up["header"])
        body["transfers"] = ["basic"]
        r = self.hub.request("POST", "/%s.git/info/lfs/objects/batch" % self.repo, token=WRITE, json_body=body)
        self.assertEqual(r.json()["transfer"], "basic")


@unittest.skipUnless(os.access(os.path.join(os.path.dirname(__file__), "..", "..", "build", "localhub-xet"), os.X_OK),
                     "build/localhub-xet not built")
class HelperTest(unittest.TestCase):
    """The C helper and the pure-Python path store the same file the same way (hashes, bytes)."""

    def test_helper_matches_python(self):
        import base64
        hub = shared_hub()
        repo = "user/" + unique("xethelper")
        data = splitmix(31, 3 * 1024 * 1024)  # above the helper threshold
        hub.seed(repo, [{"path": "big.bin", "base64": base64.b64encode(data).decode()}], xet=True)
        fh = hub.request("HEAD", "/%s/resolve/main/big.bin" % repo).h("X-Xet-Hash")
        c = Client(hub, repo)
        self.assertEqual(c.download(fh, "bytes=1000000-1100000")[0][:100001], data[1000000:1100001])
        j = c.cas_req("GET", "/v1/reconstructions/" + fh).json()
        self.assertEqual(j["offset_into_first_range"], 0)
        c2 = Client(hub, repo, "write")  # re-upload through the helper's xorb check
        xh, records, shard, ids, _, _ = make_upload([data[:2500000]], scheme=0)
        self.assertEqual(c2.cas_req("POST", "/v1/xorbs/default/" + xh, body=records).status, 200)
        self.assertEqual(c2.cas_req("POST", "/v1/shards", body=shard).status, 200)
        self.assertEqual(c.download(ids[0][0], "bytes=2000000-2000099")[0][:100], data[2000000:2000100])

    def test_bad_shards_helper(self):
        """The shard checks done by the helper (term and file hashes, SHA-256) reject the same."""
        hub = shared_hub()
        self.assertEqual(hub.request("POST", "/__localhub/config", json_body={"xet_py_hash_chunks": 1}).status, 200)
        try:
            t = XetUploadTest("test_bad_shards")
            t.hub, t.repo = hub, "user/" + unique("xethelper")
            hub.create_repo(t.repo)
            t.check_bad_shards(splitmix(24, 300000))
        finally:
            hub.request("POST", "/__localhub/config", json_body={"xet_py_hash_chunks": 64})


if __name__ == "__main__":
    unittest.main()
