"""Random commits (adds, overwrites, deletes, folder deletes, LFS and regular) checked after each
step against a plain dict model: tree listing, paths-info, resolve, ETags, history length."""

import hashlib
import random
import unittest
import urllib.parse

from .lhutil import file_op, git_blob_sha1, lfs_op, shared_hub, unique


class ModelBasedTest(unittest.TestCase):
    def test_random_commit_sequences(self):
        hub = shared_hub()
        rnd = random.Random(1234)
        repo = "user/" + unique("mb")
        hub.create_repo(repo)
        ga = hub.get("/%s/resolve/main/.gitattributes" % repo).body
        model = {".gitattributes": ("regular", ga)}
        names = ["a", "b", "c", "d"]
        ncommits = 1
        for step in range(40):
            ops = []
            planned = dict(model)
            for _ in range(rnd.randint(1, 4)):
                kind = rnd.random()
                existing = [p for p in planned if p != ".gitattributes"]
                if kind < 0.55 or not existing:
                    depth = rnd.randint(0, 2)
                    path = "/".join(rnd.choice(names) + "d" for _ in range(depth)) + ("/" if depth else "") + \
                        rnd.choice(names) + rnd.choice([".txt", ".bin"])
                    if any(p.startswith(path + "/") for p in planned) or \
                            any(path.startswith(p + "/") for p in planned):
                        continue  # would be a file/folder conflict
                    if path.endswith(".bin"):
                        data = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 300))) + b"\x00"
                        sha = hub.upload_lfs(repo, data)
                        ops.append(lfs_op(path, sha, len(data)))
                        planned[path] = ("lfs", data)
                    else:
                        data = ("step %d %s %d\n" % (step, path, rnd.randint(0, 3))).encode()
                        ops.append(file_op(path, data))
                        planned[path] = ("regular", data)
                elif kind < 0.85:
                    path = rnd.choice(existing)
                    ops.append({"key": "deletedFile", "value": {"path": path}})
                    del planned[path]
                else:
                    dirs = sorted({p.rsplit("/", 1)[0] for p in existing if "/" in p})
                    if not dirs:
                        continue
                    d = rnd.choice(dirs)
                    ops.append({"key": "deletedFolder", "value": {"path": d + "/"}})
                    for p in [p for p in planned if p.startswith(d + "/")]:
                        del planned[p]
            if not ops:
                continue
            r = hub.commit(repo, ops, summary="step %d" % step)
            self.assertEqual(r.status, 200, (step, ops, r))
            ncommits += 1
            model = planned
            head = r.json()["commitOid"]
            self.check(hub, repo, model, head)
        hist = hub.get("/api/models/%s/commits/main?limit=1000" % repo).json()
        self.assertEqual(len(hist), ncommits)

    def check(self, hub, repo, model, head):
        tree = hub.get("/api/models/%s/tree/main?recursive=true&expand=false" % repo).json()
        files = {e["path"]: e for e in tree if e["type"] == "file"}
        dirs = {e["path"] for e in tree if e["type"] == "directory"}
        self.assertEqual(set(files), set(model))
        want_dirs = {"/".join(p.split("/")[:i]) for p in model for i in range(1, p.count("/") + 1)}
        self.assertEqual(dirs, want_dirs)
        for p, (kind, data) in model.items():
            e = files[p]
            self.assertEqual(e["size"], len(data), p)
            if kind == "lfs":
                self.assertEqual(e["lfs"]["oid"], hashlib.sha256(data).hexdigest())
            else:
                self.assertNotIn("lfs", e)
                self.assertEqual(e["oid"], git_blob_sha1(data))
        # spot-check resolve on a few files
        for p in sorted(model)[:3]:
            kind, data = model[p]
            r = hub.request("HEAD", "/%s/resolve/main/%s" % (repo, urllib.parse.quote(p)))
            self.assertEqual(r.h("X-Repo-Commit"), head)
            if kind == "lfs":
                self.assertEqual(r.status, 302)
                self.assertEqual(hub.get(r.h("Location")).body, data)
            else:
                self.assertEqual(hub.get("/%s/resolve/main/%s" % (repo, p)).body, data)


if __name__ == "__main__":
    unittest.main()
