"""Upload-mode decision, LFS batch (basic + multipart), CDN signatures, expiry, ranges, auth refusal."""

import base64
import hashlib
import json
import os
import unittest
import urllib.parse

from .lhutil import WRITE, READ, LocalHub, file_op, git_blob_sha1, lfs_op, shared_hub, unique


def preupload(hub, repo, files, **extra):
    body = {"files": [{"path": p, "size": len(d) if size is None else size,
                       "sample": base64.b64encode(d[:512]).decode()} for p, d, size in files]}
    body.update(extra)
    return hub.request("POST", "/api/models/%s/preupload/main" % repo, token=WRITE, json_body=body)


class UploadModeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("mode")
        cls.hub.create_repo(cls.repo)

    def test_decisions(self):
        big = 11 * 1024 * 1024
        r = preupload(self.hub, self.repo, [
            ("config.json", b'{"a": 1}', None),                 # text -> regular
            ("model.safetensors", b'{"a": 1}', None),           # .gitattributes pattern -> lfs
            ("deep/dir/w.bin", b"text only", None),             # *.bin matches at any depth
            ("saved_model/x/y.txt", b"t", None),                # saved_model/**/* -> lfs
            ("blob.dat", b"\x00\x01\x02binary", None),          # NUL in sample -> lfs
            ("latin1.txt", b"caf\xe9 au lait", None),           # not UTF-8 -> lfs
            ("utf8.txt", "café".encode(), None),                # UTF-8 -> regular
            ("huge.txt", b"a" * 512, big),                      # > 10 MiB -> lfs
            ("empty.bin", b"", None),                           # empty: always regular
        ])
        self.assertEqual(r.status, 200, r)
        modes = {f["path"]: f["uploadMode"] for f in r.json()["files"]}
        self.assertEqual(modes, {"config.json": "regular", "model.safetensors": "lfs", "deep/dir/w.bin": "lfs",
                                 "saved_model/x/y.txt": "lfs", "blob.dat": "lfs", "latin1.txt": "lfs",
                                 "utf8.txt": "regular", "huge.txt": "lfs", "empty.bin": "regular"})
        for f in r.json()["files"]:
            self.assertIs(f["shouldIgnore"], False)
            self.assertNotIn("oid", f)
        self.assertRegex(r.json()["commitOid"], r"^[0-9a-f]{40}$")

    def test_gitattributes_of_the_repo_and_of_the_request(self):
        repo = "user/" + unique("attrs")
        self.hub.create_repo(repo)
        ga = b"*.txt filter=lfs diff=lfs merge=lfs -text\n*.bin -filter\n"
        self.assertEqual(self.hub.commit(repo, [file_op(".gitattributes", ga)]).status, 200)
        r = preupload(self.hub, repo, [("a.txt", b"hello", None), ("b.bin", b"hello", None)])
        modes = {f["path"]: f["uploadMode"] for f in r.json()["files"]}
        self.assertEqual(modes, {"a.txt": "lfs", "b.bin": "regular"})
        # the JS client sends the .gitattributes it is about to commit
        r = preupload(self.hub, repo, [("a.txt", b"hello", None)], gitAttributes="*.md filter=lfs\n")
        self.assertEqual(r.json()["files"][0]["uploadMode"], "regular")
        # gitIgnore
        r = preupload(self.hub, repo, [("logs/x.log", b"l", None), ("keep.py", b"k", None)], gitIgnore="*.log\n")
        ign = {f["path"]: f["shouldIgnore"] for f in r.json()["files"]}
        self.assertEqual(ign, {"logs/x.log": True, "keep.py": False})

    def test_existing_files_report_their_oid(self):
        repo = "user/" + unique("oid")
        self.hub.create_repo(repo)
        data = os.urandom(1000)
        sha = self.hub.upload_lfs(repo, data)
        self.assertEqual(self.hub.commit(repo, [file_op("r.txt", b"reg"), lfs_op("w.bin", sha, len(data))]).status, 200)
        r = preupload(self.hub, repo, [("r.txt", b"reg", None), ("w.bin", data, None)])
        oids = {f["path"]: f.get("oid") for f in r.json()["files"]}
        self.assertEqual(oids, {"r.txt": git_blob_sha1(b"reg"), "w.bin": sha})


class LfsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("lfs")
        cls.hub.create_repo(cls.repo)

    def batch(self, objects, token=WRITE, transfers=("basic",), repo=None):
        return self.hub.request("POST", "/%s.git/info/lfs/objects/batch" % (repo or self.repo), token=token,
                                headers={"Content-Type": "application/vnd.git-lfs+json",
                                         "Accept": "application/vnd.git-lfs+json"},
                                body=json.dumps({"operation": "upload", "transfers": list(transfers),
                                                 "objects": objects, "hash_algo": "sha256"}).encode())

    def test_basic_upload_resolve_and_cdn(self):
        data = os.urandom(300000)
        sha = self.hub.upload_lfs(self.repo, data, transfers=("basic",))
        r = self.hub.commit(self.repo, [lfs_op("weights/model.bin", sha, len(data))])
        self.assertEqual(r.status, 200, r)
        ptr = ("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n" % (sha, len(data))).encode()
        h = self.hub.request("HEAD", "/%s/resolve/main/weights/model.bin" % self.repo)
        self.assertEqual(h.status, 302)
        self.assertEqual(h.h("X-Linked-Etag"), '"%s"' % sha)
        self.assertEqual(h.h("X-Linked-Size"), str(len(data)))
        self.assertEqual(h.h("ETag"), '"%s"' % git_blob_sha1(ptr))
        self.assertEqual(h.h("X-Repo-Commit"), r.json()["commitOid"])
        loc = h.h("Location")
        self.assertTrue(loc.startswith("http://127.0.0.1:%d/lfs/%s?" % (self.hub.cdn_port, sha)), loc)
        g = self.hub.get(loc)
        self.assertEqual(g.status, 200)
        self.assertEqual(hashlib.sha256(g.body).hexdigest(), sha)
        self.assertEqual(g.h("ETag"), '"%s"' % sha)
        # ranges on the CDN, including the JS probe bytes=0-0
        g = self.hub.get(loc, headers={"Range": "bytes=0-0"})
        self.assertEqual((g.status, g.h("Content-Range"), g.body), (206, "bytes 0-0/%d" % len(data), data[:1]))
        g = self.hub.get(loc, headers={"Range": "bytes=100-"})
        self.assertEqual((g.status, g.body), (206, data[100:]))
        g = self.hub.get(loc, headers={"Range": "bytes=-10"})
        self.assertEqual((g.status, g.body), (206, data[-10:]))
        g = self.hub.get(loc, headers={"Range": "bytes=%d-" % len(data)})
        self.assertEqual((g.status, g.h("Content-Range")), (416, "bytes */%d" % len(data)))
        # raw returns the pointer; tree shows lfs info
        self.assertEqual(self.hub.get("/%s/raw/main/weights/model.bin" % self.repo).body, ptr)
        pi = self.hub.request("POST", "/api/models/%s/paths-info/main" % self.repo, token=WRITE,
                              body=b"paths=weights%2Fmodel.bin&expand=true",
                              headers={"Content-Type": "application/x-www-form-urlencoded"}).json()
        self.assertEqual(pi[0]["lfs"], {"oid": sha, "size": len(data), "pointerSize": len(ptr)})
        self.assertEqual(pi[0]["lastCommit"]["id"], r.json()["commitOid"])
        # a second batch for the same object needs no upload
        j = self.batch([{"oid": sha, "size": len(data)}]).json()
        self.assertNotIn("actions", j["objects"][0])

    def test_multipart(self):
        hub = LocalHub(extra_args=["--multipart-threshold", "100000", "--multipart-chunk-size", "40000"]).start()
        try:
            repo = "user/mp"
            hub.create_repo(repo)
            data = os.urandom(100001)
            sha = hashlib.sha256(data).hexdigest()
            r = hub.request("POST", "/%s.git/info/lfs/objects/batch" % repo, token=WRITE,
                            headers={"Content-Type": "application/vnd.git-lfs+json"},
                            body=json.dumps({"operation": "upload", "transfers": ["basic", "multipart"],
                                             "objects": [{"oid": sha, "size": len(data)}]}).encode())
            j = r.json()
            self.assertEqual(j["transfer"], "multipart")
            hdr = j["objects"][0]["actions"]["upload"]["header"]
            self.assertEqual(hdr["chunk_size"], "40000")
            self.assertEqual(sorted(k for k in hdr if k.isdigit()), ["1", "2", "3"])
            etags = {}
            for k in ("1", "2", "3"):
                i = int(k) - 1
                pr = hub.request("PUT", hdr[k], body=data[i * 40000:(i + 1) * 40000])
                self.assertEqual(pr.status, 200, pr)
                self.assertEqual(pr.h("ETag"), '"%s"' % hashlib.md5(data[i * 40000:(i + 1) * 40000]).hexdigest())
                etags[k] = pr.h("ETag")
            href = j["objects"][0]["actions"]["upload"]["href"]
            # a wrong etag is refused, nothing stored
            bad = {"oid": sha, "parts": [{"partNumber": int(k), "etag": '"00"' if k == "2" else etags[k]}
                                         for k in ("1", "2", "3")]}
            cr = hub.request("POST", href, body=json.dumps(bad).encode())
            self.assertEqual(cr.status, 400, cr)
            self.assertFalse(os.path.exists(os.path.join(hub.root, "lfs", sha)))
            good = {"oid": sha, "parts": [{"partNumber": int(k), "etag": etags[k]} for k in ("1", "2", "3")]}
            cr = hub.request("POST", href, body=json.dumps(good).encode())
            self.assertEqual(cr.status, 200, cr)
            with open(os.path.join(hub.root, "lfs", sha), "rb") as f:
                self.assertEqual(f.read(), data)
            # below the threshold: basic, even when multipart is offered
            small = os.urandom(1000)
            r = hub.request("POST", "/%s.git/info/lfs/objects/batch" % repo, token=WRITE,
                            json_body={"operation": "upload", "transfers": ["basic", "multipart"],
                                       "objects": [{"oid": hashlib.sha256(small).hexdigest(), "size": 1000}]})
            self.assertEqual(r.json()["transfer"], "basic")
            self.assertEqual(r.json()["objects"][0]["actions"]["upload"]["header"], {})
        finally:
            hub.cleanup()

    def test_wrong_sha_or_size_is_refused(self):
        data = os.urandom(5000)
        sha = hashlib.sha256(data).hexdigest()
        j = self.batch([{"oid": sha, "size": len(data)}]).json()
        href = j["objects"][0]["actions"]["upload"]["href"]
        r = self.hub.request("PUT", href, body=data[:-1] + b"X")
        self.assertEqual(r.status, 400)
        self.assertIn("SHA-256 mismatch", r.body.decode())
        r = self.hub.request("PUT", href, body=data[:-1])
        self.assertEqual(r.status, 400)
        self.assertFalse(os.path.exists(os.path.join(self.hub.root, "lfs", sha)))
        # committing the never-uploaded object fails and leaves the branch alone
        head = self.hub.get("/api/models/%s/revision/main" % self.repo).json()["sha"]
        r = self.hub.commit(self.repo, [lfs_op("x.bin", sha, len(data))])
        self.assertEqual(r.status, 400)
        self.assertEqual(self.hub.get("/api/models/%s/revision/main" % self.repo).json()["sha"], head)
        # verify of a missing object fails
        v = self.hub.request("POST", j["objects"][0]["actions"]["verify"]["href"], token=WRITE,
                             json_body={"oid": sha, "size": len(data)})
        self.assertEqual(v.status, 404)

    def test_batch_download_operation(self):
        data = os.urandom(2048)
        sha = self.hub.upload_lfs(self.repo, data)
        r = self.hub.request("POST", "/%s.git/info/lfs/objects/batch" % self.repo, token=READ,
                             json_body={"operation": "download", "transfers": ["basic"],
                                        "objects": [{"oid": sha, "size": len(data)}, {"oid": "0" * 64, "size": 1}]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.h("Content-Type"), "application/vnd.git-lfs+json")
        ok, missing = r.json()["objects"]
        self.assertEqual(self.hub.get(ok["actions"]["download"]["href"]).body, data)
        self.assertEqual(missing["error"]["code"], 404)

    def test_batch_object_errors(self):
        j = self.batch([{"oid": "ab" * 32, "size": -1}, {"oid": "nothex", "size": 1},
                        {"oid": "cd" * 32, "size": 10 ** 15}, {"oid": "ef" * 32, "size": 1.5}]).json()
        for o in j["objects"]:
            self.assertEqual(o["error"]["code"], 422, o)
            self.assertIsInstance(o["error"]["message"], str)
            self.assertNotIn("actions", o)

    def test_batch_needs_write(self):
        r = self.batch([{"oid": "ab" * 32, "size": 1}], token=READ)
        self.assertEqual(r.status, 403)
        r = self.batch([{"oid": "ab" * 32, "size": 1}], token=None)
        self.assertEqual(r.status, 401)


class CdnTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("cdn")
        cls.data = os.urandom(4096)
        cls.hub.seed(cls.repo, [{"path": "w.bin", "base64": base64.b64encode(cls.data).decode()}])

    def location(self):
        h = self.hub.request("HEAD", "/%s/resolve/main/w.bin" % self.repo)
        self.assertEqual(h.status, 302)
        return h.h("Location")

    def test_signed_url_works_and_tampering_fails(self):
        loc = self.location()
        self.assertEqual(self.hub.get(loc).body, self.data)
        u = urllib.parse.urlsplit(loc)
        q = urllib.parse.parse_qs(u.query)
        q["exp"] = [str(int(q["exp"][0]) + 1000)]
        bad = "%s://%s%s?%s" % (u.scheme, u.netloc, u.path, urllib.parse.urlencode({k: v[0] for k, v in q.items()}))
        r = self.hub.get(bad)
        self.assertEqual(r.status, 403)
        self.assertIn(b"SignatureDoesNotMatch", r.body)
        # another object with this signature: refused
        other = loc.replace("/lfs/", "/lfs/0", 1).replace("/lfs/0" + "", "/lfs/0", 1)
        self.assertEqual(self.hub.get(other).status, 403)
        # without any signature
        self.assertEqual(self.hub.get("%s://%s%s" % (u.scheme, u.netloc, u.path)).status, 403)

    def test_authorization_header_is_refused(self):
        loc = self.location()
        r = self.hub.get(loc, token=WRITE)
        self.assertEqual(r.status, 400)
        self.assertIn(b"InvalidArgument", r.body)

    def test_expire_now(self):
        loc = self.location()
        self.assertEqual(self.hub.get(loc).status, 200)
        self.hub.admin("POST", "cdn/expire")
        r = self.hub.get(loc)
        self.assertEqual(r.status, 403)
        self.assertIn(b"Request has expired", r.body)
        self.assertEqual(self.hub.get(self.location()).status, 200)  # a fresh URL works

    def test_time_expiry(self):
        self.hub.admin("POST", "config", {"cdn_url_ttl": 1})
        try:
            loc = self.location()
        finally:
            self.hub.admin("POST", "config", {"cdn_url_ttl": 3600})
        exp = int(urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)["exp"][0])
        import time
        time.sleep(max(0.0, exp - time.time()) + 1.1)
        self.assertEqual(self.hub.get(loc).status, 403)


class CdnUrlTest(unittest.TestCase):
    def test_cdn_url_redirects_to_the_flat_blob_directory(self):
        hub = LocalHub(extra_args=["--cdn-url", "http://127.0.0.1:9/lfs/"]).start()
        try:
            data = os.urandom(3000)
            hub.seed("user/n", [{"path": "w.bin", "base64": base64.b64encode(data).decode()}])
            sha = hashlib.sha256(data).hexdigest()
            h = hub.request("HEAD", "/user/n/resolve/main/w.bin")
            self.assertEqual(h.status, 302)
            self.assertEqual(h.h("Location"), "http://127.0.0.1:9/lfs/%s?name=w.bin" % sha)
            with open(os.path.join(hub.root, "lfs", sha), "rb") as f:  # what nginx would serve
                self.assertEqual(f.read(), data)
        finally:
            hub.cleanup()


if __name__ == "__main__":
    unittest.main()
