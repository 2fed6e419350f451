"""Buckets (hub-api §5.12): CRUD and its errors, NDJSON batch checked against the CAS, tree,
paths-info, Xet tokens, resolve with Xet headers."""

import base64
import hashlib
import json
import unittest

from .lhutil import READ, WRITE, shared_hub, unique


def ndjson(*ops):
    return b"".join(json.dumps(o).encode() + b"\n" for o in ops)


class BucketsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        # a file in the CAS: seeded through a Xet repo
        cls.data = bytes((i * 7 + 3) % 251 for i in range(50000))
        repo = "user/" + unique("bsrc")
        cls.hub.seed(repo, [{"path": "f.bin", "base64": base64.b64encode(cls.data).decode()}], xet=True)
        cls.fh = cls.hub.request("HEAD", "/%s/resolve/main/f.bin" % repo).h("X-Xet-Hash")

    def create(self, name, body=None, token=WRITE):
        return self.hub.request("POST", "/api/buckets/" + name, json_body=body or {}, token=token)

    def batch(self, bid, data, token=WRITE, ctype="application/x-ndjson"):
        return self.hub.request("POST", "/api/buckets/%s/batch" % bid, body=data,
                                headers={"Content-Type": ctype}, token=token)

    def test_crud_and_errors(self):
        name = unique("b")
        r = self.create("user/" + name, {"private": True})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["url"].endswith("/buckets/user/" + name))
        r = self.create("user/" + name)
        self.assertEqual(r.status, 409)
        self.assertEqual(self.create("me/" + unique("m")).status, 200)   # "me": the caller
        self.assertEqual(self.create("user/" + name + "x", token=None).status, 401)
        self.assertEqual(self.create("user/" + name + "y", token=READ).status, 403)
        self.assertEqual(self.create("user/bad%20name!").status, 400)
        self.assertEqual(self.create("user/z", {"private": "yes"}).status, 400)
        info = self.hub.get("/api/buckets/user/" + name, token=WRITE).json()
        self.assertEqual(sorted(info), ["createdAt", "id", "private", "size", "totalFiles"])
        self.assertEqual((info["id"], info["private"], info["size"], info["totalFiles"]), ("user/" + name, True, 0, 0))
        r = self.hub.get("/api/buckets/user/" + name)   # private: not found for others
        self.assertEqual((r.status, r.h("X-Error-Code")), (404, "RepoNotFound"))
        ids = [b["id"] for b in self.hub.get("/api/buckets/me", token=WRITE).json()]
        self.assertIn("user/" + name, ids)
        self.assertNotIn("user/" + name, [b["id"] for b in self.hub.get("/api/buckets/user").json()])
        self.assertEqual(self.hub.request("DELETE", "/api/buckets/user/" + name, token=READ).status, 403)
        self.assertEqual(self.hub.request("DELETE", "/api/buckets/user/" + name, token=WRITE).status, 200)
        r = self.hub.request("DELETE", "/api/buckets/user/" + name, token=WRITE)
        self.assertEqual((r.status, r.h("X-Error-Code")), (404, "RepoNotFound"))
        self.assertEqual(self.hub.get("/api/buckets/user/%s/tree" % name, token=WRITE).status, 404)

    def test_batch_tree_paths_info_resolve(self):
        bid = "user/" + unique("b")
        self.assertEqual(self.create(bid).status, 200)
        add = {"type": "addFile", "path": "d/e/f.bin", "xetHash": self.fh, "size": len(self.data), "mtime": 1700000000000}
        r = self.batch(bid, ndjson(add, dict(add, path="top.bin", contentType="application/octet-stream")))
        self.assertEqual(r.status, 200, r)
        # checked against the CAS, and all-or-nothing
        bad = dict(add, path="x.bin", xetHash="0" * 64)
        self.assertEqual(self.batch(bid, ndjson(dict(add, path="y.bin"), bad)).status, 400)
        self.assertEqual(self.batch(bid, ndjson(dict(add, path="z.bin", size=1))).status, 400)
        self.assertEqual(self.batch(bid, ndjson(dict(add, path="../up"))).status, 400)
        self.assertEqual(self.batch(bid, b"{not json\n").status, 400)
        self.assertEqual(self.batch(bid, ndjson(add), ctype="application/json").status, 400)
        self.assertEqual(self.batch(bid, ndjson(add), token=READ).status, 403)
        root = self.hub.get("/api/buckets/%s/tree" % bid, token=WRITE).json()
        self.assertEqual([(e["type"], e["path"]) for e in root], [("directory", "d"), ("file", "top.bin")])
        f = root[1]
        self.assertEqual((f["size"], f["xetHash"]), (len(self.data), self.fh))
        self.assertEqual(sorted(f), ["mtime", "path", "size", "type", "uploadedAt", "xetHash"])
        self.assertTrue(f["mtime"].startswith("2023-11-14T22:13:20"))
        rec = self.hub.get("/api/buckets/%s/tree?recursive=true" % bid, token=WRITE).json()
        self.assertEqual([e["path"] for e in rec], ["d/e/f.bin", "top.bin"])
        sub = self.hub.get("/api/buckets/%s/tree/d%%2Fe" % bid, token=WRITE).json()
        self.assertEqual([e["path"] for e in sub], ["d/e/f.bin"])
        r = self.hub.request("POST", "/api/buckets/%s/paths-info" % bid, json_body={"paths": ["top.bin", "nope"]},
                             token=WRITE)
        self.assertEqual([e["path"] for e in r.json()], ["top.bin"])
        info = self.hub.get("/api/buckets/" + bid, token=WRITE).json()
        self.assertEqual((info["size"], info["totalFiles"]), (2 * len(self.data), 2))
        # resolve: Xet headers, the bytes behind the redirect
        r = self.hub.request("GET", "/buckets/%s/resolve/d/e/f.bin" % bid, token=WRITE)
        self.assertEqual(r.status, 302)
        self.assertEqual((r.h("X-Xet-Hash"), r.h("X-Linked-Size")), (self.fh, str(len(self.data))))
        self.assertIn('/api/buckets/%s/xet-read-token>; rel="xet-auth"' % bid, r.h("Link"))
        self.assertIn('/v1/reconstructions/%s>; rel="xet-reconstruction-info"' % self.fh, r.h("Link"))
        loc = r.h("Location")
        import urllib.parse
        u = urllib.parse.urlsplit(loc)
        got = self.hub.request("GET", u.path + "?" + u.query, port=u.port)
        self.assertEqual(hashlib.sha256(got.body).hexdigest(), hashlib.sha256(self.data).hexdigest())
        self.assertEqual(self.hub.request("GET", "/buckets/%s/resolve/nope" % bid, token=WRITE).h("X-Error-Code"),
                         "EntryNotFound")
        # delete lines
        self.assertEqual(self.batch(bid, ndjson({"type": "deleteFile", "path": "top.bin"})).status, 200)
        self.assertEqual(self.hub.get("/api/buckets/" + bid, token=WRITE).json()["totalFiles"], 1)

    def test_xet_tokens(self):
        bid = "user/" + unique("b")
        self.assertEqual(self.create(bid).status, 200)
        r = self.hub.get("/api/buckets/%s/xet-write-token" % bid, token=WRITE)
        self.assertEqual(r.status, 200)
        self.assertEqual(sorted(r.json()), ["accessToken", "casUrl", "exp"])
        self.assertEqual(self.hub.get("/api/buckets/%s/xet-write-token" % bid, token=READ).status, 403)
        self.assertEqual(self.hub.get("/api/buckets/%s/xet-read-token" % bid, token=READ).status, 200)
        r = self.hub.get("/api/buckets/user/%s/xet-read-token" % unique("none"), token=WRITE)
        self.assertEqual((r.status, r.h("X-Error-Code")), (404, "RepoNotFound"))


if __name__ == "__main__":
    unittest.main()
