"""Community routes: discussion events (comment, edit, hide, title/status changes, merge),
discussion paging, access-request statuses, Space storage, JSON bodies in the request log."""

import unittest

from .lhutil import OTHER, READ, WRITE, shared_hub, unique


class DiscussionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("disc")
        cls.hub.seed(cls.repo, [{"path": "a.txt", "content": "A"}])
        cls.base = "/api/models/%s/discussions" % cls.repo

    def post(self, path, body, token=WRITE):
        return self.hub.request("POST", self.base + path, json_body=body, token=token)

    def test_events(self):
        r = self.post("", {"title": "T", "description": "first", "pullRequest": False})
        self.assertEqual(r.status, 200, r)
        num = r.json()["num"]
        d = self.hub.get("%s/%d" % (self.base, num), token=READ).json()
        self.assertEqual([e["type"] for e in d["events"]], ["comment"])
        self.assertNotIn("changes", d)  # not a pull request
        first = d["events"][0]["id"]
        ev = self.post("/%d/comment" % num, {"comment": "hello"}).json()["newMessage"]
        self.assertEqual(ev["data"]["latest"]["raw"], "hello")
        up = self.post("/%d/comment/%s/edit" % (num, first), {"content": "edited"}).json()["updatedComment"]
        self.assertTrue(up["data"]["edited"])
        self.assertEqual(up["data"]["latest"]["raw"], "edited")
        up = self.post("/%d/comment/%s/hide" % (num, first), None).json()["updatedComment"]
        self.assertTrue(up["data"]["hidden"])
        t = self.post("/%d/title" % num, {"title": "T2"}).json()["newTitle"]
        self.assertEqual((t["data"]["from"], t["data"]["to"]), ("T", "T2"))
        s = self.post("/%d/status" % num, {"status": "closed", "comment": "bye"}).json()["newStatus"]
        self.assertEqual(s["data"]["status"], "closed")
        d = self.hub.get("%s/%d" % (self.base, num), token=READ).json()
        self.assertEqual([e["type"] for e in d["events"]], ["comment", "comment", "title-change", "comment", "status-change"])
        self.assertEqual(self.post("/%d/comment/ffff/edit" % num, {"content": "x"}).status, 404)
        self.assertEqual(self.post("/%d/comment" % num, {"comment": "x"}, token=READ).status, 403)
        self.assertEqual(self.post("/%d/status" % num, {"status": "merged"}).status, 400)

    def test_merge_and_paging(self):
        num = self.post("", {"title": "PR", "pullRequest": True}).json()["num"]
        r = self.post("/%d/merge" % num, {"comment": "merging"})
        self.assertEqual(r.status, 200, r)
        d = self.hub.get("%s/%d" % (self.base, num), token=READ).json()
        self.assertEqual(d["status"], "merged")
        self.assertEqual(len(d["changes"]["mergeCommitId"]), 40)
        self.assertEqual(d["events"][-1]["data"]["status"], "merged")
        self.hub.admin("POST", "config", {"discussions_page_size": 1})
        try:
            page = self.hub.get(self.base + "?p=1&status=closed", token=READ).json()
            self.assertEqual(page["start"], 1)
            self.assertEqual(len(page["discussions"]), 1)
            self.assertGreaterEqual(page["count"], 2)
            self.assertEqual(self.hub.get(self.base + "?status=weird", token=READ).status, 400)
        finally:
            self.hub.admin("POST", "config", {"discussions_page_size": 50})

    def test_log_keeps_json_bodies(self):
        self.hub.admin("DELETE", "log")
        self.post("", {"title": "Logged"})
        entries = self.hub.admin("GET", "log?method=POST")
        self.assertEqual(entries[-1]["body"], '{"title": "Logged"}')


class AccessRequestsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("gated")
        cls.hub.seed(cls.repo, [{"path": "a.txt", "content": "A"}], gated="manual")
        cls.base = "/api/models/%s/user-access-request" % cls.repo

    def users(self, status):
        r = self.hub.get("%s/%s" % (self.base, status), token=WRITE)
        self.assertEqual(r.status, 200, r)
        return [(x["user"]["user"], x["status"]) for x in r.json()]

    def test_statuses(self):
        self.assertEqual(self.hub.request("POST", self.base + "/handle", json_body={"user": "other", "status": "accepted"},
                                          token=WRITE).status, 404)  # no request yet
        self.assertEqual(self.hub.request("POST", self.base + "/grant", json_body={"user": "other"}, token=WRITE).status, 200)
        self.assertEqual(self.users("accepted"), [("other", "accepted")])
        self.assertEqual(self.hub.get("/api/models/%s/auth-check" % self.repo, token=OTHER).status, 200)
        self.hub.request("POST", self.base + "/handle", json_body={"user": "other", "status": "rejected",
                                                                   "rejectionReason": "no"}, token=WRITE)
        self.assertEqual(self.users("rejected"), [("other", "rejected")])
        self.assertEqual(self.users("accepted"), [])
        self.assertNotEqual(self.hub.get("/api/models/%s/auth-check" % self.repo, token=OTHER).status, 200)
        self.hub.request("POST", self.base + "/handle", json_body={"user": "other", "status": "pending"}, token=WRITE)
        self.assertEqual(self.users("pending"), [("other", "pending")])
        self.assertEqual(self.hub.get(self.base + "/pending", token=READ).status, 403)


class SpaceStorageTest(unittest.TestCase):
    def test_storage(self):
        hub = shared_hub()
        sp = "user/" + unique("sp")
        hub.seed(sp, [{"path": "app.py", "content": "x"}], type="space")
        base = "/api/spaces/%s/storage" % sp
        r = hub.request("POST", base, json_body={"tier": "medium"}, token=WRITE)
        self.assertEqual(r.json()["storage"], "medium")
        self.assertEqual(hub.request("POST", base, json_body={"tier": "huge"}, token=WRITE).status, 400)
        self.assertIsNone(hub.request("DELETE", base, token=WRITE).json()["storage"])
        r = hub.request("POST", "/api/spaces/%s/restart?factory=true" % sp, token=WRITE)
        self.assertNotIn("factoryReboot", r.json())


if __name__ == "__main__":
    unittest.main()
