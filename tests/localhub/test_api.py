"""Repo API: errors and auth, private/gated, info/expand, tree pagination, paths-info, listing, move."""

import re
import unittest

from .lhutil import OTHER, READ, WRITE, file_op, shared_hub, unique


def follow(hub, url, **kw):
    items = []
    pages = 0
    while url:
        r = hub.get(url, **kw)
        assert r.status == 200, r
        items += r.json()
        pages += 1
        link = r.h("Link")
        url = None
        if link:
            m = re.match(r'^<([^>]+)>; rel="next"$', link)
            assert m, link
            url = m.group(1)
    return items, pages


class ErrorsAndAuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.pub = "user/" + unique("pub")
        cls.priv = "user/" + unique("priv")
        cls.gated = "user/" + unique("gated")
        cls.hub.seed(cls.pub, [{"path": "a.txt", "content": "A"}])
        cls.hub.seed(cls.priv, [{"path": "a.txt", "content": "A"}], private=True)
        cls.hub.seed(cls.gated, [{"path": "a.txt", "content": "A"}], gated="auto")

    def check_error(self, r, status, code):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.h("X-Error-Code"), code, r)
        self.assertTrue(r.h("X-Error-Message"))
        if r.body:  # HEAD answers carry no body
            self.assertIn("error", r.json())

    def test_missing_repo(self):
        self.check_error(self.hub.get("/api/models/user/nope-nope"), 401, "RepoNotFound")
        self.check_error(self.hub.get("/api/models/user/nope-nope", token=WRITE), 404, "RepoNotFound")
        self.check_error(self.hub.get("/user/nope-nope/resolve/main/a.txt", token=WRITE), 404, "RepoNotFound")
        self.check_error(self.hub.get("/api/datasets/%s" % self.pub, token=WRITE), 404, "RepoNotFound")

    def test_private_repo(self):
        self.check_error(self.hub.get("/api/models/%s" % self.priv), 401, "RepoNotFound")
        self.check_error(self.hub.request("HEAD", "/%s/resolve/main/a.txt" % self.priv), 401, "RepoNotFound")
        self.check_error(self.hub.get("/api/models/%s" % self.priv, token=OTHER), 404, "RepoNotFound")
        self.assertEqual(self.hub.get("/api/models/%s" % self.priv, token=READ).status, 200)
        self.assertEqual(self.hub.get("/%s/resolve/main/a.txt" % self.priv, token=WRITE).body, b"A")
        # private repos are not listed for others
        ids = [m["id"] for m in self.hub.get("/api/models?search=%s" % self.priv.split("/")[1]).json()]
        self.assertEqual(ids, [])
        ids = [m["id"] for m in self.hub.get("/api/models?search=%s" % self.priv.split("/")[1], token=WRITE).json()]
        self.assertEqual(ids, [self.priv])

    def test_gated_repo(self):
        self.check_error(self.hub.get("/%s/resolve/main/a.txt" % self.gated), 401, "GatedRepo")
        self.check_error(self.hub.get("/%s/resolve/main/a.txt" % self.gated, token=OTHER), 403, "GatedRepo")
        self.assertEqual(self.hub.get("/%s/resolve/main/a.txt" % self.gated, token=WRITE).status, 200)
        info = self.hub.get("/api/models/%s" % self.gated).json()  # metadata stays public
        self.assertEqual(info["gated"], "auto")
        self.hub.admin("POST", "grant", {"repo": self.gated, "user": "other"})
        self.assertEqual(self.hub.get("/%s/resolve/main/a.txt" % self.gated, token=OTHER).body, b"A")

    def test_bad_token_and_roles(self):
        r = self.hub.get("/api/models/%s" % self.pub, token="hf_not_a_token")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.h("X-Error-Message"), "Invalid credentials in Authorization header")
        self.assertEqual(self.hub.get("/api/whoami-v2").status, 401)
        w = self.hub.get("/api/whoami-v2", token=READ).json()
        self.assertEqual((w["name"], w["auth"]["accessToken"]["role"]), ("user", "read"))
        self.assertEqual([o["name"] for o in w["orgs"]], ["acme"])
        self.assertEqual(self.hub.commit(self.pub, [file_op("b.txt", b"b")], token=READ).status, 403)
        self.assertEqual(self.hub.commit(self.pub, [file_op("b.txt", b"b")], token=OTHER).status, 403)
        self.assertEqual(self.hub.commit(self.pub, [file_op("b.txt", b"b")], token=None).status, 401)
        r = self.hub.request("POST", "/api/repos/create", token=OTHER, json_body={"name": "x", "organization": "acme"})
        self.assertEqual(r.status, 403)

    def test_unknown_revision_and_entry(self):
        self.check_error(self.hub.get("/%s/resolve/nope/a.txt" % self.pub), 404, "RevisionNotFound")
        self.check_error(self.hub.get("/api/models/%s/revision/nope" % self.pub), 404, "RevisionNotFound")
        self.check_error(self.hub.get("/api/models/%s/tree/nope" % self.pub), 404, "RevisionNotFound")
        r = self.hub.get("/%s/resolve/main/zzz.txt" % self.pub)
        self.check_error(r, 404, "EntryNotFound")
        self.assertRegex(r.h("X-Repo-Commit"), r"^[0-9a-f]{40}$")
        self.check_error(self.hub.get("/api/models/%s/tree/main/nodir" % self.pub), 404, "EntryNotFound")

    def test_create_conflict_and_settings(self):
        name = "user/" + unique("crud")
        self.hub.create_repo(name)
        r = self.hub.request("POST", "/api/repos/create", token=WRITE,
                             json_body={"name": name.split("/")[1], "organization": "user"})
        self.assertEqual(r.status, 409)
        self.assertEqual(r.json()["url"], "%s/%s" % (self.hub.url, name))
        r = self.hub.request("PUT", "/api/models/%s/settings" % name, token=WRITE, json_body={"visibility": "private"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.hub.get("/api/models/%s" % name).status, 401)
        r = self.hub.request("PUT", "/api/models/%s/settings" % name, token=WRITE, json_body={"gated": "maybe"})
        self.assertEqual(r.status, 400)
        r = self.hub.request("DELETE", "/api/repos/delete", token=WRITE,
                             json_body={"name": name.split("/")[1], "organization": "user", "type": "model"})
        self.assertEqual(r.status, 200)
        self.assertEqual(self.hub.get("/api/models/%s" % name, token=WRITE).status, 404)

    def test_space_and_dataset_urls(self):
        ds = "acme/" + unique("ds")
        r = self.hub.request("POST", "/api/repos/create", token=WRITE,
                             json_body={"name": ds.split("/")[1], "organization": "acme", "type": "dataset"})
        self.assertEqual(r.json()["url"], "%s/datasets/%s" % (self.hub.url, ds))
        self.assertEqual(self.hub.commit(ds, [file_op("d.csv", b"a,b\n")], rtype="dataset").status, 200)
        self.assertEqual(self.hub.get("/datasets/%s/resolve/main/d.csv" % ds).body, b"a,b\n")
        r = self.hub.request("POST", "/api/repos/create", token=WRITE,
                             json_body={"name": "sp", "organization": "user", "type": "space"})
        self.assertEqual(r.status, 400)  # a space needs an sdk
        r = self.hub.request("POST", "/api/repos/create", token=WRITE,
                             json_body={"name": unique("sp"), "organization": "user", "type": "space", "sdk": "gradio"})
        self.assertEqual(r.status, 200)


class InfoTreeListingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("info")
        files = [{"path": "README.md", "content": "---\nlicense: mit\ntags:\n- alpha\n- beta\npipeline_tag: "
                                                  "text-generation\nlibrary_name: transformers\n---\n# hi\n"}]
        files += [{"path": "d%d/f%d.txt" % (i % 3, i), "content": "file %d" % i} for i in range(10)]
        files += [{"path": "weights.safetensors", "size": 2000}]
        cls.commit = cls.hub.seed(cls.repo, files)["commit"]

    def test_info_and_expand(self):
        info = self.hub.get("/api/models/%s" % self.repo).json()
        self.assertEqual(info["id"], self.repo)
        self.assertEqual(info["sha"], self.commit)
        self.assertFalse(info["private"])
        self.assertEqual(info["pipeline_tag"], "text-generation")
        self.assertIn("alpha", info["tags"])
        self.assertIn("license:mit", info["tags"])
        self.assertEqual(info["cardData"]["license"], "mit")
        self.assertIn({"rfilename": "weights.safetensors"}, info["siblings"])
        info = self.hub.get("/api/models/%s/revision/main?blobs=true" % self.repo).json()
        w = [s for s in info["siblings"] if s["rfilename"] == "weights.safetensors"][0]
        self.assertEqual(w["size"], 2000)
        self.assertEqual(w["lfs"]["size"], 2000)
        self.assertRegex(w["lfs"]["sha256"], r"^[0-9a-f]{64}$")
        info = self.hub.get("/api/models/%s/revision/HEAD?expand=sha&expand=private&expand=downloads" % self.repo).json()
        self.assertEqual(set(info), {"_id", "id", "sha", "private", "downloads"})
        self.assertEqual(self.hub.get("/api/models/%s?expand=bogus" % self.repo).status, 400)

    def test_tree_levels_and_pagination(self):
        top = self.hub.get("/api/models/%s/tree/main" % self.repo).json()
        self.assertEqual([(e["type"], e["path"]) for e in top],
                         [("file", ".gitattributes"), ("file", "README.md"), ("directory", "d0"),
                          ("directory", "d1"), ("directory", "d2"), ("file", "weights.safetensors")])
        sub = self.hub.get("/api/models/%s/tree/main/d1" % self.repo).json()
        self.assertEqual([e["path"] for e in sub], ["d1/f1.txt", "d1/f4.txt", "d1/f7.txt"])
        self.assertEqual(self.hub.get("/api/models/%s/tree/main/d1%%2Ff1.txt" % self.repo).status, 404)
        full = self.hub.get("/api/models/%s/tree/main?recursive=true&expand=false" % self.repo).json()
        self.assertEqual(len(full), 3 + 10 + 3)
        self.hub.admin("POST", "config", {"tree_page_size": 4})
        try:
            items, pages = follow(self.hub, "/api/models/%s/tree/main?recursive=true&expand=false" % self.repo)
        finally:
            self.hub.admin("POST", "config", {"tree_page_size": 1000})
        self.assertEqual(pages, 4)
        self.assertEqual(items, full)
        ex = self.hub.get("/api/models/%s/tree/main?recursive=false&expand=true" % self.repo).json()
        self.assertEqual(ex[0]["lastCommit"]["id"], ex[0]["lastCommit"]["id"])
        self.assertTrue(all("lastCommit" in e for e in ex))

    def test_paths_info_json_and_form(self):
        body = {"paths": ["README.md", "d0", "missing.txt"], "expand": True}
        j = self.hub.request("POST", "/api/models/%s/paths-info/main" % self.repo, json_body=body).json()
        self.assertEqual([(e["path"], e["type"]) for e in j], [("README.md", "file"), ("d0", "directory")])
        self.assertEqual(j[0]["lastCommit"]["id"], self.commit)
        f = self.hub.request("POST", "/api/models/%s/paths-info/main" % self.repo,
                             body=b"paths=README.md&paths=d0%2Ff0.txt&expand=false",
                             headers={"Content-Type": "application/x-www-form-urlencoded"}).json()
        self.assertEqual([e["path"] for e in f], ["README.md", "d0/f0.txt"])
        self.assertNotIn("lastCommit", f[0])

    def test_listing(self):
        prefix = unique("lst")
        for i in range(5):
            self.hub.seed("acme/%s-%d" % (prefix, i), [{"path": "README.md",
                                                          "content": "---\ntags: [t%d, common]\n---\n" % (i % 2)}])
        items = self.hub.get("/api/models?search=%s&sort=createdAt&direction=-1" % prefix).json()
        self.assertEqual([m["id"] for m in items], ["acme/%s-%d" % (prefix, i) for i in (4, 3, 2, 1, 0)])
        self.assertEqual(set(items[0]), {"_id", "id", "likes", "trendingScore", "private", "downloads", "tags",
                                         "createdAt", "modelId"})
        items = self.hub.get("/api/models?search=%s&sort=id&direction=1&filter=t1" % prefix).json()
        self.assertEqual([m["id"] for m in items], ["acme/%s-1" % prefix, "acme/%s-3" % prefix])
        items = self.hub.get("/api/models?search=%s&author=acme&limit=2" % prefix).json()
        self.assertEqual(len(items), 2)
        self.assertEqual(self.hub.get("/api/models?search=%s&author=user" % prefix).json(), [])
        full = self.hub.get("/api/models?search=%s&full=true&limit=1" % prefix).json()[0]
        self.assertIn({"rfilename": "README.md"}, full["siblings"])
        self.assertRegex(full["sha"], r"^[0-9a-f]{40}$")
        ex = self.hub.get("/api/models?search=%s&expand=downloads&expand=sha&limit=1" % prefix).json()[0]
        self.assertEqual(set(ex), {"_id", "id", "downloads", "sha"})
        self.hub.admin("POST", "config", {"list_page_size": 2})
        try:
            items, pages = follow(self.hub, "/api/models?search=%s" % prefix)
        finally:
            self.hub.admin("POST", "config", {"list_page_size": 1000})
        self.assertEqual((len(items), pages), (5, 3))
        self.assertEqual(self.hub.get("/api/models?sort=bogus").status, 400)
        self.assertEqual(self.hub.get("/api/models?limit=-1").status, 400)

    def test_move_redirects(self):
        old = "user/" + unique("old")
        new = "acme/" + unique("new")
        self.hub.seed(old, [{"path": "f.txt", "content": "F"}])
        r = self.hub.request("POST", "/api/repos/move", token=WRITE, json_body={"fromRepo": old, "toRepo": new})
        self.assertEqual(r.status, 200, r)
        r = self.hub.request("HEAD", "/%s/resolve/main/f.txt" % old)
        self.assertEqual(r.status, 307)
        self.assertEqual(r.h("Location"), "/%s/resolve/main/f.txt" % new)  # relative: no host
        r = self.hub.get("/api/models/%s?expand=sha" % old)
        self.assertEqual((r.status, r.h("Location")), (307, "/api/models/%s?expand=sha" % new))
        self.assertEqual(self.hub.get(r.h("Location")).json()["id"], new)
        self.assertEqual(self.hub.get("/%s/resolve/main/f.txt" % new).body, b"F")
        # git LFS endpoints under the old name keep working (no redirect loop)
        self.hub.upload_lfs(old, b"\x00lfs via the old name")
        r = self.hub.request("POST", "/api/repos/move", token=WRITE, json_body={"fromRepo": old, "toRepo": new})
        self.assertEqual(r.status, 404)  # the old name is not a repo any more

    def test_misc_endpoints(self):
        r = self.hub.request("POST", "/api/validate-yaml", json_body={"content": "---\nlicense: mit\n---\n",
                                                                     "repoType": "model"})
        self.assertEqual(r.json(), {"errors": [], "warnings": []})
        r = self.hub.request("POST", "/api/validate-yaml", json_body={"content": "---\nlicense: mit\n",
                                                                     "repoType": "model"})
        self.assertEqual(r.status, 400)
        self.assertTrue(r.json()["errors"][0]["message"])
        r = self.hub.get("/api/agent-harnesses")
        self.assertIn("harnesses", r.json())
        g = self.hub.get("/api/models/%s" % self.repo)
        h = self.hub.request("HEAD", "/api/models/%s" % self.repo)
        self.assertEqual((h.status, h.body, h.h("Content-Length")), (200, b"", str(len(g.body))))
        self.assertEqual(self.hub.request("HEAD", "/api/models/user/nope-nope").h("X-Error-Code"), "RepoNotFound")


class AccountTest(unittest.TestCase):
    def test_user_and_org_pages(self):
        hub = shared_hub()
        o = hub.get("/api/organizations/acme/overview").json()
        self.assertEqual((o["name"], o["type"], o["numUsers"]), ("acme", "org", 1))
        self.assertEqual([m["user"] for m in hub.get("/api/organizations/acme/members").json()], ["user"])
        u = hub.get("/api/users/user/overview").json()
        self.assertEqual((u["user"], u["type"]), ("user", "user"))
        self.assertIn({"name": "acme"}, u["orgs"])
        self.assertEqual(hub.get("/api/users/acme/overview").status, 404)
        self.assertEqual(hub.get("/api/users/nobody/overview").status, 404)
        self.assertEqual(hub.get("/api/users/user/likes").json(), [])


class DuplicateAccessTest(unittest.TestCase):
    def test_duplicate_and_access_requests(self):
        hub = shared_hub()
        src = "user/" + unique("src")
        hub.seed(src, [{"path": "a.txt", "content": "A"}, {"path": "w.bin", "size": 1000}], gated="manual")
        dst = "acme/" + unique("dup")
        r = hub.request("POST", "/api/models/%s/duplicate" % src, token=WRITE, json_body={"repository": dst})
        self.assertEqual((r.status, r.json()["url"]), (200, "%s/%s" % (hub.url, dst)))
        self.assertEqual(hub.get("/%s/resolve/main/a.txt" % dst).body, b"A")
        self.assertEqual(hub.request("HEAD", "/%s/resolve/main/w.bin" % dst).status, 302)
        self.assertEqual(hub.request("POST", "/api/models/%s/duplicate" % src, token=WRITE,
                                     json_body={"repository": dst}).status, 409)
        # access requests on the gated source
        self.assertEqual(hub.get("/%s/resolve/main/a.txt" % src, token=OTHER).status, 403)
        r = hub.request("POST", "/api/models/%s/user-access-request/grant" % src, token=WRITE, json_body={"user": "other"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(hub.get("/%s/resolve/main/a.txt" % src, token=OTHER).body, b"A")
        acc = hub.get("/api/models/%s/user-access-request/accepted" % src, token=WRITE).json()
        self.assertEqual([a["user"]["user"] for a in acc], ["other"])
        r = hub.request("POST", "/api/models/%s/user-access-request/handle" % src, token=WRITE,
                        json_body={"user": "other", "status": "rejected"})
        self.assertEqual(r.status, 200)
        self.assertEqual(hub.get("/%s/resolve/main/a.txt" % src, token=OTHER).status, 403)
        self.assertEqual(hub.get("/api/models/%s/user-access-request/pending" % src, token=OTHER).status, 403)


class CollectionsTest(unittest.TestCase):
    def test_collections(self):
        hub = shared_hub()
        repo = "user/" + unique("coll")
        hub.seed(repo, [{"path": "a.txt", "content": "A"}])
        title = unique("My Collection")
        r = hub.request("POST", "/api/collections", token=WRITE, json_body={"title": title, "namespace": "acme"})
        self.assertEqual(r.status, 200, r)
        slug = r.json()["slug"]
        self.assertTrue(slug.startswith("acme/"), slug)
        r = hub.request("POST", "/api/collections", token=WRITE, json_body={"title": title, "namespace": "acme"})
        self.assertEqual((r.status, r.json()["slug"]), (409, slug))
        r = hub.request("POST", "/api/collections/%s/items" % slug, token=WRITE,
                        json_body={"item": {"id": repo, "type": "model"}, "note": "nice"})
        self.assertEqual(r.status, 200, r)
        item = r.json()["items"][0]
        self.assertEqual((item["id"], item["type"], item["note"]["text"]), (repo, "model", "nice"))
        self.assertEqual(hub.request("POST", "/api/collections/%s/items" % slug, token=WRITE,
                                     json_body={"item": {"id": repo, "type": "model"}}).status, 409)
        got = hub.get("/api/collections/%s" % slug).json()
        self.assertEqual((got["title"], got["owner"]["name"], len(got["items"])), (title, "acme", 1))
        listed = hub.get("/api/collections?owner=acme&item=models/%s" % repo).json()
        self.assertEqual([c["slug"] for c in listed], [slug])
        r = hub.request("PATCH", "/api/collections/%s" % slug, token=WRITE, json_body={"description": "d", "private": True})
        self.assertEqual(r.json()["data"]["description"], "d")
        self.assertEqual(hub.get("/api/collections/%s" % slug).status, 404)  # private now
        self.assertEqual(hub.request("PATCH", "/api/collections/%s" % slug, token=OTHER, json_body={}).status, 404)
        r = hub.request("DELETE", "/api/collections/%s/items/%s" % (slug, item["_id"]), token=WRITE)
        self.assertEqual(r.status, 200)
        self.assertEqual(hub.get("/api/collections/%s" % slug, token=WRITE).json()["items"], [])
        self.assertEqual(hub.request("DELETE", "/api/collections/%s" % slug, token=WRITE).status, 200)
        self.assertEqual(hub.get("/api/collections/%s" % slug, token=WRITE).status, 404)


class SpacesTest(unittest.TestCase):
    def test_space_runtime_secrets_variables(self):
        hub = shared_hub()
        sp = "user/" + unique("space")
        r = hub.request("POST", "/api/repos/create", token=WRITE,
                        json_body={"name": sp.split("/")[1], "organization": "user", "type": "space", "sdk": "docker"})
        self.assertEqual(r.status, 200, r)
        rt = hub.get("/api/spaces/%s/runtime" % sp).json()
        self.assertEqual((rt["stage"], rt["hardware"]["requested"]), ("BUILDING", "cpu-basic"))
        r = hub.request("POST", "/api/spaces/%s/hardware" % sp, token=WRITE, json_body={"flavor": "t4-small"})
        self.assertEqual(r.json()["hardware"]["requested"], "t4-small")
        self.assertEqual(hub.request("POST", "/api/spaces/%s/hardware" % sp, token=WRITE,
                                     json_body={"flavor": "nope"}).status, 400)
        self.assertEqual(hub.request("POST", "/api/spaces/%s/pause" % sp, token=WRITE).json()["stage"], "PAUSED")
        self.assertEqual(hub.request("POST", "/api/spaces/%s/restart" % sp, token=WRITE).json()["stage"], "RUNNING")
        self.assertEqual(hub.request("POST", "/api/spaces/%s/sleeptime" % sp, token=WRITE,
                                     json_body={"seconds": 3600}).json()["gcTimeout"], 3600)
        self.assertEqual(hub.request("POST", "/api/spaces/%s/pause" % sp, token=OTHER).status, 403)
        r = hub.request("POST", "/api/spaces/%s/variables" % sp, token=WRITE, json_body={"key": "MODE", "value": "fast"})
        self.assertEqual(r.json()["MODE"]["value"], "fast")
        r = hub.request("POST", "/api/spaces/%s/secrets" % sp, token=WRITE, json_body={"key": "TOKEN", "value": "s"})
        self.assertEqual(r.json(), {})
        secrets = hub.get("/api/spaces/%s/secrets" % sp, token=WRITE).json()
        self.assertEqual(list(secrets), ["TOKEN"])
        self.assertNotIn("value", secrets["TOKEN"])
        r = hub.request("DELETE", "/api/spaces/%s/variables" % sp, token=WRITE, json_body={"key": "MODE"})
        self.assertEqual(r.json(), {})
        info = hub.get("/api/spaces/%s" % sp).json()
        self.assertEqual((info["sdk"], info["runtime"]["stage"]), ("docker", "RUNNING"))
        self.assertIn("t4-small", [h["name"] for h in hub.get("/api/spaces/hardware").json()])


class WebhooksTest(unittest.TestCase):
    def test_webhooks(self):
        hub = shared_hub()
        body = {"watched": [{"type": "model", "name": "user/x"}], "url": "http://127.0.0.1:9/hook", "domains": ["repo"]}
        self.assertEqual(hub.request("POST", "/api/settings/webhooks", json_body=body).status, 401)
        self.assertEqual(hub.request("POST", "/api/settings/webhooks", token=READ, json_body=body).status, 403)
        r = hub.request("POST", "/api/settings/webhooks", token=WRITE, json_body=body)
        self.assertEqual(r.status, 200, r)
        w = r.json()["webhook"]
        self.assertEqual((w["url"], w["watched"], w["domains"], w["disabled"]),
                         (body["url"], body["watched"], ["repo"], False))
        self.assertIn(w["id"], [x["id"] for x in hub.get("/api/settings/webhooks", token=WRITE).json()])
        self.assertEqual(hub.get("/api/settings/webhooks", token=OTHER).json(), [])
        r = hub.request("POST", "/api/settings/webhooks/%s/disable" % w["id"], token=WRITE)
        self.assertTrue(r.json()["webhook"]["disabled"])
        r = hub.request("POST", "/api/settings/webhooks/%s" % w["id"], token=WRITE,
                        json_body={"watched": [{"type": "org", "name": "acme"}], "url": "http://127.0.0.1:9/h2"})
        self.assertEqual(r.json()["webhook"]["watched"], [{"type": "org", "name": "acme"}])
        self.assertEqual(hub.get("/api/settings/webhooks/%s" % w["id"], token=WRITE).json()["webhook"]["url"],
                         "http://127.0.0.1:9/h2")
        self.assertEqual(hub.request("POST", "/api/settings/webhooks", token=WRITE,
                                     json_body={"watched": [{"type": "bogus", "name": "x"}], "url": "u"}).status, 400)
        self.assertEqual(hub.request("DELETE", "/api/settings/webhooks/%s" % w["id"], token=WRITE).status, 200)
        self.assertEqual(hub.get("/api/settings/webhooks/%s" % w["id"], token=WRITE).status, 404)


if __name__ == "__main__":
    unittest.main()
