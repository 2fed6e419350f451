"""Likes, follows and synthetic listings (tools/localhub/apiinfo.py)."""

import unittest

from .lhutil import WRITE, LocalHub, unique
from .test_api import follow


class ApiInfoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = LocalHub().start()  # its own: the synthetic listing changes /api/models
        cls.repo = "user/" + unique("liked")
        cls.hub.seed(cls.repo, [{"path": "a.txt", "content": "A"}])
        cls.hub.admin("POST", "like", {"user": "user", "repo": cls.repo})
        cls.hub.admin("POST", "like", {"user": "other", "repo": cls.repo})
        cls.hub.admin("POST", "follow", {"user": "other", "target": "user"})
        cls.hub.admin("POST", "follow", {"user": "user", "target": "acme"})

    @classmethod
    def tearDownClass(cls):
        cls.hub.cleanup()

    def test_likers_and_likes(self):
        items, _ = follow(self.hub, "/api/models/%s/likers" % self.repo)
        self.assertEqual(sorted(i["user"] for i in items), ["other", "user"])
        info = self.hub.get("/api/models/%s" % self.repo).json()
        self.assertEqual(info["likes"], 2)
        items, _ = follow(self.hub, "/api/users/user/likes")
        self.assertIn({"name": self.repo, "type": "model"}, [i["repo"] for i in items])

    def test_unlike(self):
        repo = "user/" + unique("unliked")
        self.hub.seed(repo, [{"path": "a.txt", "content": "A"}])
        self.hub.admin("POST", "like", {"user": "user", "repo": repo})
        self.assertEqual(self.hub.request("DELETE", "/api/models/%s/like" % repo).status, 401)
        self.assertEqual(self.hub.request("DELETE", "/api/models/%s/like" % repo, token=WRITE).status, 200)
        self.assertEqual(self.hub.get("/api/models/%s/likers" % repo).json(), [])
        self.assertEqual(self.hub.get("/api/models/%s" % repo).json()["likes"], 0)

    def test_follows(self):
        self.assertEqual([i["user"] for i in self.hub.get("/api/users/user/followers").json()], ["other"])
        self.assertEqual([i["user"] for i in self.hub.get("/api/users/user/following").json()], ["acme"])
        self.assertEqual([i["user"] for i in self.hub.get("/api/organizations/acme/followers").json()], ["user"])
        ov = self.hub.get("/api/users/user/overview").json()
        self.assertEqual((ov["numFollowers"], ov["numFollowing"]), (1, 1))

    def test_synthetic_listing(self):
        self.hub.admin("POST", "config", {"list_page_size": 100})
        self.hub.admin("POST", "synthetic", {"type": "model", "count": 250})
        try:
            items, pages = follow(self.hub, "/api/models")
            ids = [i["id"] for i in items]
            self.assertEqual(len(ids), len(set(ids)))
            self.assertEqual(sum(1 for i in ids if i.startswith("synthetic/model-")), 250)
            self.assertEqual(pages, (len(ids) + 99) // 100)
            items, _ = follow(self.hub, "/api/models?limit=30")
            self.assertEqual(len(items), 30)
            self.assertTrue(all(not i["id"].startswith("synthetic/") for i in follow(self.hub, "/api/models?author=user")[0]))
        finally:
            self.hub.admin("POST", "synthetic", {"type": "model", "count": 0})
            self.hub.admin("POST", "config", {"list_page_size": 1000})
