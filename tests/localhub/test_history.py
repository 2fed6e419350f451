"""Git-like history: commit ids, blob ETags, git tree/commit hashing, parents, refs, pagination."""

import os
import re
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

from .lhutil import WRITE, file_op, git_blob_sha1, shared_hub, unique

HEX40 = re.compile(r"^[0-9a-f]{40}$")


class HistoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("hist")
        cls.hub.create_repo(cls.repo)

    def head(self, rev="main"):
        r = self.hub.get("/api/models/%s/revision/%s" % (self.repo, urllib.parse.quote(rev, safe="")))
        self.assertEqual(r.status, 200, r)
        return r.json()["sha"]

    def test_new_repo_has_initial_commit_with_gitattributes(self):
        sha = self.head()
        self.assertRegex(sha, HEX40)
        r = self.hub.get("/%s/resolve/main/.gitattributes" % self.repo)
        self.assertEqual(r.status, 200)
        self.assertIn(b"*.safetensors filter=lfs diff=lfs merge=lfs -text", r.body)
        self.assertEqual(r.h("X-Repo-Commit"), sha)

    def test_commit_ids_etags_and_parents(self):
        before = self.head()
        data = b"hello history\n"
        r = self.hub.commit(self.repo, [file_op("docs/readme.txt", data)], summary="add docs", parent=before)
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertTrue(j["success"])
        self.assertRegex(j["commitOid"], HEX40)
        self.assertEqual(j["commitUrl"], "%s/%s/commit/%s" % (self.hub.url, self.repo, j["commitOid"]))
        self.assertEqual(self.head(), j["commitOid"])
        # ETag of a regular file is its git blob sha1, in quotes; HEAD and GET agree
        h = self.hub.request("HEAD", "/%s/resolve/main/docs/readme.txt" % self.repo)
        self.assertEqual(h.status, 200)
        self.assertEqual(h.h("ETag"), '"%s"' % git_blob_sha1(data))
        self.assertEqual(h.h("X-Repo-Commit"), j["commitOid"])
        self.assertEqual(int(h.h("Content-Length")), len(data))
        self.assertEqual(h.body, b"")
        g = self.hub.get("/%s/resolve/main/docs/readme.txt" % self.repo)
        self.assertEqual(g.body, data)
        self.assertEqual(g.h("ETag"), h.h("ETag"))
        # the old commit still serves the old tree
        r = self.hub.get("/%s/resolve/%s/docs/readme.txt" % (self.repo, before))
        self.assertEqual(r.status, 404)
        self.assertEqual(r.h("X-Error-Code"), "EntryNotFound")
        # commits list: newest first, parent chain
        c = self.hub.get("/api/models/%s/commits/main" % self.repo).json()
        self.assertEqual(c[0]["id"], j["commitOid"])
        self.assertEqual(c[0]["title"], "add docs")
        self.assertEqual(c[1]["id"], before)
        self.assertEqual(c[0]["authors"][0]["user"], "user")
        # a stale parentCommit is refused and changes nothing
        r = self.hub.commit(self.repo, [file_op("x.txt", b"x")], parent=before)
        self.assertEqual(r.status, 412, r)
        self.assertEqual(self.head(), j["commitOid"])
        # a short prefix of the head is accepted (5..40 hex)
        r = self.hub.commit(self.repo, [file_op("y.txt", b"y")], parent=j["commitOid"][:7])
        self.assertEqual(r.status, 200, r)

    def test_revision_by_short_and_full_sha_and_head(self):
        sha = self.head()
        self.assertEqual(self.head("HEAD"), sha)
        self.assertEqual(self.head(sha), sha)
        self.assertEqual(self.head(sha[:10]), sha)
        r = self.hub.get("/api/models/%s/revision/%s" % (self.repo, "0" * 40))
        self.assertEqual(r.status, 404)
        self.assertEqual(r.h("X-Error-Code"), "RevisionNotFound")

    @unittest.skipUnless(shutil.which("git"), "git not installed")
    def test_ids_are_real_git_ids(self):
        repo = "user/" + unique("git")
        self.hub.create_repo(repo)
        files = {"a.txt": b"alpha\n", "dir/b.txt": b"beta\n", "dir/sub/c.md": b"# c\n", "dir-x": b"dash\n"}
        r = self.hub.commit(repo, [file_op(p, d) for p, d in files.items()], summary="tree test")
        self.assertEqual(r.status, 200, r)
        tree = self.hub.get("/api/models/%s/tree/main?recursive=true" % repo).json()
        dirs = {e["path"]: e["oid"] for e in tree if e["type"] == "directory"}
        ga = self.hub.get("/%s/resolve/main/.gitattributes" % repo).body
        files[".gitattributes"] = ga
        tmp = tempfile.mkdtemp()
        try:
            env = dict(os.environ, GIT_DIR=os.path.join(tmp, ".git"), GIT_WORK_TREE=tmp)
            subprocess.run(["git", "init", "-q", tmp], check=True, env=env)
            for p, d in files.items():
                os.makedirs(os.path.dirname(os.path.join(tmp, p)), exist_ok=True)
                with open(os.path.join(tmp, p), "wb") as f:
                    f.write(d)
            subprocess.run(["git", "add", "-A"], check=True, env=env, cwd=tmp)
            root = subprocess.run(["git", "write-tree"], check=True, env=env, cwd=tmp, capture_output=True,
                                  text=True).stdout.strip()
            for d in ("dir", "dir/sub"):
                want = subprocess.run(["git", "rev-parse", "%s:%s" % (root, d)], check=True, env=env, cwd=tmp,
                                      capture_output=True, text=True).stdout.strip()
                self.assertEqual(dirs[d], want, d)
        finally:
            shutil.rmtree(tmp)

    def test_branches_tags_and_prs(self):
        repo = "user/" + unique("refs")
        self.hub.create_repo(repo)
        base = self.hub.get("/api/models/%s/revision/main" % repo).json()["sha"]
        r = self.hub.request("POST", "/api/models/%s/branch/dev" % repo, token=WRITE, json_body={})
        self.assertEqual(r.status, 200, r)
        r = self.hub.request("POST", "/api/models/%s/branch/dev" % repo, token=WRITE, json_body={})
        self.assertEqual(r.status, 409)
        r = self.hub.commit(repo, [file_op("dev.txt", b"dev")], rev="dev")
        self.assertEqual(r.status, 200, r)
        dev = r.json()["commitOid"]
        self.assertEqual(self.hub.get("/%s/resolve/dev/dev.txt" % repo).body, b"dev")
        self.assertEqual(self.hub.get("/%s/resolve/main/dev.txt" % repo).status, 404)
        r = self.hub.request("POST", "/api/models/%s/tag/dev" % repo, token=WRITE,
                             json_body={"tag": "v1", "message": "first"})
        self.assertEqual(r.status, 200, r)
        r = self.hub.request("POST", "/api/models/%s/tag/main" % repo, token=WRITE, json_body={"tag": "v1"})
        self.assertEqual(r.status, 409)
        self.assertEqual(self.hub.get("/%s/resolve/v1/dev.txt" % repo).h("X-Repo-Commit"), dev)
        # commit as a PR
        r = self.hub.commit(repo, [file_op("pr.txt", b"pr")], create_pr=True)
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["pullRequestUrl"], "%s/%s/discussions/1" % (self.hub.url, repo))
        r = self.hub.get("/%s/resolve/refs%%2Fpr%%2F1/pr.txt" % repo)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.h("X-Repo-Commit"), j["commitOid"])
        self.assertEqual(self.hub.get("/%s/resolve/main/pr.txt" % repo).status, 404)
        refs = self.hub.get("/api/models/%s/refs?include_prs=1" % repo).json()
        self.assertEqual({b["name"]: b["targetCommit"] for b in refs["branches"]}, {"main": base, "dev": dev})
        self.assertEqual(refs["tags"], [{"name": "v1", "ref": "refs/tags/v1", "targetCommit": dev}])
        self.assertEqual(refs["converts"], [])
        self.assertEqual(refs["pullRequests"][0]["ref"], "refs/pr/1")
        self.assertNotIn("pullRequests", self.hub.get("/api/models/%s/refs" % repo).json())
        # commit to the PR ref, then delete tag and branch
        r = self.hub.commit(repo, [file_op("pr2.txt", b"pr2")], rev="refs/pr/1")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.hub.request("DELETE", "/api/models/%s/tag/v1" % repo, token=WRITE).status, 200)
        self.assertEqual(self.hub.request("DELETE", "/api/models/%s/tag/v1" % repo, token=WRITE).status, 404)
        self.assertEqual(self.hub.request("DELETE", "/api/models/%s/branch/dev" % repo, token=WRITE).status, 200)
        r = self.hub.get("/%s/resolve/dev/dev.txt" % repo)
        self.assertEqual(r.h("X-Error-Code"), "RevisionNotFound")

    def test_commits_pagination(self):
        repo = "user/" + unique("pages")
        self.hub.create_repo(repo)
        for i in range(5):
            self.assertEqual(self.hub.commit(repo, [file_op("f%d.txt" % i, b"%d" % i)], summary="c%d" % i).status, 200)
        r = self.hub.get("/api/models/%s/commits/main?limit=2" % repo)
        self.assertEqual(r.h("X-Total-Count"), "6")
        titles = [c["title"] for c in r.json()]
        link = r.h("Link")
        while link:
            m = re.match(r'^<([^>]+)>; rel="next"$', link)
            self.assertTrue(m, link)
            r = self.hub.get(m.group(1))
            titles += [c["title"] for c in r.json()]
            link = r.h("Link")
        self.assertEqual(titles, ["c4", "c3", "c2", "c1", "c0", "initial commit"])

    def test_deletes_and_folders(self):
        repo = "user/" + unique("del")
        self.hub.create_repo(repo)
        ops = [file_op("keep.txt", b"k"), file_op("logs/a.txt", b"a"), file_op("logs/deep/b.txt", b"b")]
        self.assertEqual(self.hub.commit(repo, ops).status, 200)
        r = self.hub.commit(repo, [{"key": "deletedFolder", "value": {"path": "logs/"}},
                                   {"key": "deletedFile", "value": {"path": "keep.txt"}}])
        self.assertEqual(r.status, 200, r)
        files = [e["path"] for e in self.hub.get("/api/models/%s/tree/main?recursive=true" % repo).json()]
        self.assertEqual(files, [".gitattributes"])
        r = self.hub.commit(repo, [{"key": "deletedFile", "value": {"path": "keep.txt"}}])
        self.assertEqual(r.status, 404)
        self.assertIn("A file with this name doesn't exist", r.json()["error"])


class UnicodePathTest(unittest.TestCase):
    def test_spaces_and_unicode_in_paths(self):
        hub = shared_hub()
        repo = "user/" + unique("uni")
        hub.create_repo(repo)
        path = "dir with space/\u00fcber \u6587\u4ef6.txt"
        self.assertEqual(hub.commit(repo, [file_op(path, "h\u00e9".encode())]).status, 200)
        url = "/%s/resolve/main/%s" % (repo, urllib.parse.quote(path))
        r = hub.get(url)
        self.assertEqual((r.status, r.body), (200, "h\u00e9".encode()))
        self.assertIn("filename*=UTF-8''%s" % urllib.parse.quote(path.split("/")[-1], safe=""),
                      r.h("Content-Disposition"))
        tree = hub.get("/api/models/%s/tree/main/%s" % (repo, urllib.parse.quote("dir with space", safe=""))).json()
        self.assertEqual([e["path"] for e in tree], [path])
        r = hub.get("/%s/resolve/main/%s" % (repo, urllib.parse.quote("dir with space/nope \u00fc")))
        self.assertEqual(r.h("X-Error-Code"), "EntryNotFound")


class DiscussionsSquashTest(unittest.TestCase):
    def test_pr_discussion_merge_and_squash(self):
        hub = shared_hub()
        repo = "user/" + unique("disc")
        hub.create_repo(repo)
        r = hub.request("POST", "/api/models/%s/discussions" % repo, token=WRITE,
                        json_body={"title": "my PR", "description": "d", "pullRequest": True})
        self.assertEqual(r.status, 200, r)
        num = r.json()["num"]
        self.assertEqual(hub.commit(repo, [file_op("from-pr.txt", b"pr")], rev="refs/pr/%d" % num).status, 200)
        lst = hub.get("/api/models/%s/discussions?type=pull_request" % repo).json()
        self.assertEqual((lst["count"], lst["discussions"][0]["num"], lst["discussions"][0]["isPullRequest"]),
                         (1, num, True))
        d = hub.get("/api/models/%s/discussions/%d" % (repo, num)).json()
        self.assertEqual(d["changes"]["base"], "refs/heads/main")
        r = hub.request("POST", "/api/models/%s/discussions/%d/merge" % (repo, num), token=WRITE, json_body={})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(hub.get("/%s/resolve/main/from-pr.txt" % repo).body, b"pr")
        d = hub.get("/api/models/%s/discussions/%d" % (repo, num)).json()
        self.assertEqual(d["status"], "merged")
        self.assertRegex(d["changes"]["mergeCommitId"], HEX40)
        self.assertEqual(hub.get("/api/models/%s/commits-count/main" % repo).json()["count"], 2)
        r = hub.request("POST", "/api/models/%s/super-squash/main" % repo, token=WRITE, json_body={"message": "squash"})
        self.assertEqual(r.status, 200, r)
        commits = hub.get("/api/models/%s/commits/main" % repo).json()
        self.assertEqual([c["title"] for c in commits], ["squash"])
        self.assertEqual(hub.get("/%s/resolve/main/from-pr.txt" % repo).body, b"pr")


if __name__ == "__main__":
    unittest.main()
