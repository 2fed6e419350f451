"""Restart persistence, SIGTERM shutdown, and bad input (Hub error codes, state unchanged)."""

import os
import signal
import unittest

from .lhutil import (WRITE, LocalHub, file_op, git_blob_sha1, lfs_op, shared_hub, snapshot_state, unique)


class PersistenceTest(unittest.TestCase):
    def test_restart_keeps_everything(self):
        hub = LocalHub().start()
        try:
            hub.create_repo("user/keep")
            hub.create_repo("user/secret", private=True)
            data = os.urandom(50000)
            sha = hub.upload_lfs("user/keep", data)
            r = hub.commit("user/keep", [file_op("a.txt", b"A"), lfs_op("w.bin", sha, len(data))])
            self.assertEqual(r.status, 200)
            cid = r.json()["commitOid"]
            hub.request("POST", "/api/models/user/keep/branch/dev", token=WRITE, json_body={})
            hub.request("POST", "/api/models/user/keep/tag/main", token=WRITE, json_body={"tag": "v1"})
            hub.get("/user/keep/resolve/main/a.txt")
            hub.request("POST", "/api/repos/move", token=WRITE, json_body={"fromRepo": "user/keep",
                                                                          "toRepo": "user/kept"})
            old_port = hub.port
            proc = hub.proc
            hub.stop()
            self.assertEqual(proc.returncode, 0)  # clean exit on SIGTERM
            hub.start()
            self.assertNotEqual(hub.port, 0)
            info = hub.get("/api/models/user/kept/revision/main?blobs=true").json()
            self.assertEqual(info["sha"], cid)
            self.assertEqual(hub.get("/user/kept/resolve/main/a.txt").body, b"A")
            self.assertEqual(hub.get("/user/kept/resolve/v1/a.txt").h("X-Repo-Commit"), cid)
            self.assertEqual(hub.get("/user/kept/resolve/dev/a.txt").status, 200)
            h = hub.request("HEAD", "/user/kept/resolve/main/w.bin")
            self.assertEqual(h.h("X-Linked-Etag"), '"%s"' % sha)
            self.assertEqual(hub.get(h.h("Location")).body, data)
            self.assertEqual(hub.request("HEAD", "/user/keep/resolve/main/a.txt").status, 307)
            self.assertEqual(hub.get("/api/models/user/secret").status, 401)
            self.assertEqual(hub.get("/api/models/user/secret", token=WRITE).status, 200)
            self.assertGreaterEqual(info["downloads"], 1)
            del old_port
        finally:
            hub.cleanup()

    def test_sigterm_with_open_keepalive_connection(self):
        hub = LocalHub().start()
        try:
            self.assertEqual(hub.get("/api/whoami-v2", token=WRITE).status, 200)  # connection stays open
            hub.proc.send_signal(signal.SIGTERM)
            self.assertEqual(hub.proc.wait(10), 0)
        finally:
            hub.cleanup()


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("bad")
        cls.hub.seed(cls.repo, [{"path": "keep.txt", "content": "keep"}])

    def assert_no_trace(self, r, status, code=None, contains=None):
        self.assertEqual(r.status, status, r)
        if code:
            self.assertEqual(r.h("X-Error-Code"), code)
        self.assertTrue(r.h("X-Error-Message"), r)
        err = r.json()["error"]
        if contains:
            self.assertIn(contains, err)

    def run_bad(self, ops=None, raw=None, status=400, code=None, contains=None, **kw):
        before = snapshot_state(self.hub.root)
        r = self.hub.commit(self.repo, ops or [], raw=raw, **kw)
        self.assert_no_trace(r, status, code, contains)
        self.assertEqual(snapshot_state(self.hub.root), before)
        return r

    def test_malformed_ndjson(self):
        self.run_bad(raw=b'{"key": "header", "value": {"summary": "x"}}\n{not json}\n', contains="Malformed NDJSON")
        self.run_bad(raw=b'{"key": "file", "value": {"path": "a"}}\n', contains="header")
        self.run_bad(raw=b"", contains="header")
        self.run_bad(raw=b'{"key": "header", "value": {"summary": "x"}}\n["a"]\n', contains="Malformed")
        self.run_bad(raw=b'{"key": "header", "value": {"summary": "x"}}\n{"key": "rename", "value": {"path": "a"}}\n',
                     contains="Unknown operation")
        self.run_bad(raw=b'{"key": "header", "value": {"summary": ""}}\n', contains="summary")

    def test_bad_base64(self):
        op = {"key": "file", "value": {"path": "a.txt", "content": "!!!not base64!!!", "encoding": "base64"}}
        self.run_bad([file_op("good.txt", b"good"), op], contains="Invalid base64")

    def test_path_traversal(self):
        for p in ("../evil.txt", "a/../../evil.txt", "/etc/passwd", ".git/config", "a/.git/hooks/x", "a//b",
                  "./a", "C:\\x", "a\\b", "bad\x01name"):
            self.run_bad([file_op("good.txt", b"good"), file_op(p, b"x")], contains="Invalid path")
        r = self.hub.request("POST", "/api/models/%s/preupload/main" % self.repo, token=WRITE,
                             json_body={"files": [{"path": "../x", "size": 1, "sample": "eA=="}]})
        self.assert_no_trace(r, 400, contains="Invalid path")

    def test_sizes(self):
        for size in (-1, 10 ** 14, "12", 1.5, None):
            r = self.hub.request("POST", "/api/models/%s/preupload/main" % self.repo, token=WRITE,
                                 json_body={"files": [{"path": "x.bin", "size": size, "sample": ""}]})
            self.assert_no_trace(r, 400, contains="size")
        self.run_bad([lfs_op("x.bin", "ab" * 32, -5)], contains="negative")
        self.run_bad([lfs_op("x.bin", "ab" * 32, 10 ** 14)], contains="maximum")
        self.run_bad([lfs_op("x.bin", "xyz", 5)], contains="oid")
        # an uploaded object with a wrong announced size
        data = b"\x00" * 100
        sha = self.hub.upload_lfs(self.repo, data)
        self.run_bad([lfs_op("x.bin", sha, 99)], contains="size")
        # regular content that must be LFS is refused
        self.run_bad([file_op("x.bin", b"\x00\x01\x02")], contains="binary")

    def test_unknown_revisions_and_deletes(self):
        self.run_bad([file_op("a.txt", b"a")], rev="nope", status=404, code="RevisionNotFound")
        self.run_bad([{"key": "deletedFile", "value": {"path": "missing.txt"}}], status=404,
                     contains="A file with this name doesn't exist")
        self.run_bad([{"key": "deletedFolder", "value": {"path": "nodir/"}}], status=404)
        # file/folder conflicts
        self.run_bad([file_op("keep.txt/inner", b"x")], contains="is a file")
        self.run_bad([file_op("d/x", b"x"), file_op("d", b"y")], contains="is a file")
        self.run_bad([file_op("z.txt", b"z")], parent="0" * 40, status=412)

    def test_bad_json_bodies(self):
        for url in ("/api/repos/create", "/api/models/%s/preupload/main" % self.repo,
                    "/%s.git/info/lfs/objects/batch" % self.repo):
            r = self.hub.request("POST", url, token=WRITE, body=b"{oops", headers={"Content-Type": "application/json"})
            self.assertEqual(r.status, 400, (url, r))
            self.assertIn("error", r.json())
        r = self.hub.request("POST", "/api/repos/create", token=WRITE, json_body={"name": "../x", "organization": "user"})
        self.assertEqual(r.status, 400)
        r = self.hub.request("POST", "/api/repos/create", token=WRITE, json_body={"name": "ok", "organization": "user",
                                                                                   "type": "bogus"})
        self.assertEqual(r.status, 400)

    def test_good_commit_still_works(self):
        r = self.hub.commit(self.repo, [file_op("fine.txt", b"fine")])
        self.assertEqual(r.status, 200)
        self.assertEqual(self.hub.request("HEAD", "/%s/resolve/main/fine.txt" % self.repo).h("ETag"),
                         '"%s"' % git_blob_sha1(b"fine"))


if __name__ == "__main__":
    unittest.main()
