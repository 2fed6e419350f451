"""Fault injection (each kind, on the hub and the CDN port) and the request log."""

import base64
import json
import os
import socket
import time
import unittest
import urllib.parse

from .lhutil import WRITE, shared_hub, unique


def raw_get(port, path, extra=b""):
    """GET over a fresh socket. Returns (status line + headers, body bytes, reset?, t_first_byte, t_total)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    t0 = time.time()
    s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + b"\r\n")
    data = b""
    reset = False
    t_first = None
    try:
        while True:
            chunk = s.recv(65536)
            if t_first is None:
                t_first = time.time() - t0
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                head, body = data.split(b"\r\n\r\n", 1)
                cl = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if cl and len(body) >= int(cl[0].split(b":")[1]):
                    break
    except ConnectionResetError:
        reset = True
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body, reset, t_first, time.time() - t0


class FaultTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        cls.repo = "user/" + unique("faults")
        cls.data = os.urandom(4096)
        cls.hub.seed(cls.repo, [{"path": "w.bin", "base64": base64.b64encode(cls.data).decode()},
                                {"path": "t.txt", "content": "x" * 4096}])

    def tearDown(self):
        self.hub.admin("DELETE", "faults")

    def fault(self, **spec):
        return self.hub.admin("POST", "faults", spec)["id"]

    def cdn_path(self):
        loc = self.hub.request("HEAD", "/%s/resolve/main/w.bin" % self.repo).h("Location")
        u = urllib.parse.urlsplit(loc)
        return u.path + "?" + u.query

    def test_status_with_retry_after_and_count(self):
        self.fault(kind="status", status=503, retry_after=7, pattern=r"/resolve/main/t\.txt$", count=2)
        for _ in range(2):
            r = self.hub.get("/%s/resolve/main/t.txt" % self.repo)
            self.assertEqual((r.status, r.h("Retry-After")), (503, "7"))
        self.assertEqual(self.hub.get("/%s/resolve/main/t.txt" % self.repo).status, 200)
        self.fault(kind="status", status=429, retry_after=3, ratelimit=True, pattern="/api/models/", method="GET")
        r = self.hub.get("/api/models/%s" % self.repo)
        self.assertEqual((r.status, r.h("Retry-After"), r.h("RateLimit")), (429, "3", '"api";r=0;t=3'))
        self.fault(kind="status", status=500, pattern="/api/models/.*/commit/", method="POST")
        head = self.hub.get("/api/models/%s" % self.repo).json()["sha"]
        r = self.hub.commit(self.repo, [])
        self.assertEqual(r.status, 500)
        self.assertEqual(self.hub.get("/api/models/%s" % self.repo).json()["sha"], head)  # not applied
        listed = self.hub.admin("GET", "faults")
        self.assertEqual([f["hits"] for f in listed], [2, 1, 1])

    def test_status_on_cdn(self):
        path = self.cdn_path()
        self.fault(kind="status", status=503, retry_after=1, server="cdn", pattern="^/lfs/")
        self.assertEqual(self.hub.get("/%s/resolve/main/t.txt" % self.repo).status, 200)  # hub unaffected
        r = self.hub.request("GET", path, port=self.hub.cdn_port)
        self.assertEqual((r.status, r.h("Retry-After")), (503, "1"))
        self.assertEqual(self.hub.request("GET", path, port=self.hub.cdn_port).body, self.data)

    def test_reset_and_truncate(self):
        for server, port, path in (("hub", self.hub.port, "/%s/resolve/main/t.txt" % self.repo),
                                   ("cdn", self.hub.cdn_port, self.cdn_path())):
            self.fault(kind="reset", after_bytes=1000, server=server, pattern=".")
            head, body, reset, _, _ = raw_get(port, path)
            self.assertTrue(reset, server)
            self.assertLessEqual(len(body), 1000)
            self.fault(kind="truncate", after_bytes=1000, server=server, pattern=".")
            head, body, reset, _, _ = raw_get(port, path)
            self.assertFalse(reset)
            self.assertIn(b"Content-Length: 4096", head)
            self.assertEqual(len(body), 1000, server)
            head, body, reset, _, _ = raw_get(port, path)  # count 1: back to normal
            self.assertEqual(len(body), 4096)

    def test_reset_while_receiving_request_body(self):
        self.fault(kind="reset", on="request", after_bytes=10, pattern="/commit/")
        s = socket.create_connection(("127.0.0.1", self.hub.port), timeout=20)
        body = b"x" * 2000000
        s.sendall(b"POST /api/models/%s/commit/main HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                  b"Authorization: Bearer %s\r\n\r\n" % (self.repo.encode(), len(body), WRITE.encode()))
        failed = False
        try:
            s.sendall(body)
            failed = s.recv(100) == b""
        except (ConnectionResetError, BrokenPipeError):
            failed = True
        s.close()
        self.assertTrue(failed)

    def test_delays(self):
        path = "/%s/resolve/main/t.txt" % self.repo
        self.fault(kind="delay_headers", seconds=1.0, pattern="t.txt")
        _, body, _, t_first, total = raw_get(self.hub.port, path)
        self.assertGreaterEqual(t_first, 0.95)
        self.assertEqual(len(body), 4096)
        self.fault(kind="delay_body", seconds=1.5, pattern="^/lfs/", server="cdn")
        head, body, _, t_first, total = raw_get(self.hub.cdn_port, self.cdn_path())
        self.assertLess(t_first, 1.0)  # the headers came before the delay
        self.assertIn(b" 200 ", head.split(b"\r\n")[0])
        self.assertGreaterEqual(total, 1.45)
        self.assertEqual(body, self.data)

    def test_corrupt(self):
        self.fault(kind="corrupt", offset=10, length=3, pattern="^/lfs/", server="cdn")
        r = self.hub.request("GET", self.cdn_path(), port=self.hub.cdn_port)
        self.assertEqual(len(r.body), len(self.data))
        diff = [i for i in range(len(self.data)) if r.body[i] != self.data[i]]
        self.assertEqual(diff, [10, 11, 12])
        self.fault(kind="corrupt", pattern="t.txt")
        r = self.hub.get("/%s/resolve/main/t.txt" % self.repo)
        self.assertEqual(r.body[0], ord("x") ^ 0xFF)

    def test_no_range(self):
        rng = {"Range": "bytes=100-199"}
        r = self.hub.request("GET", self.cdn_path(), port=self.hub.cdn_port, headers=rng)
        self.assertEqual((r.status, r.body), (206, self.data[100:200]))
        self.fault(kind="no_range", pattern="^/lfs/", server="cdn")
        r = self.hub.request("GET", self.cdn_path(), port=self.hub.cdn_port, headers=rng)
        self.assertEqual((r.status, r.body), (200, self.data))

    def test_expire_kind(self):
        path = self.cdn_path()
        self.fault(kind="expire", server="cdn", pattern="^/lfs/")
        r = self.hub.request("GET", path, port=self.hub.cdn_port)
        self.assertEqual(r.status, 403)
        self.assertIn(b"expired", r.body)
        self.assertEqual(self.hub.request("GET", path, port=self.hub.cdn_port).status, 200)

    def test_bad_fault_specs(self):
        for spec in ({"kind": "nope"}, {"kind": "status", "pattern": "("}, {"kind": "reset", "server": "x"},
                     {"kind": "status", "count": "many"}):
            r = self.hub.request("POST", "/__localhub/faults", json_body=spec)
            self.assertEqual(r.status, 400, spec)

    def test_request_log(self):
        seq = self.hub.admin("DELETE", "log")["seq"]
        self.hub.get("/%s/resolve/main/t.txt" % self.repo, token=WRITE, headers={"Range": "bytes=0-9"})
        self.hub.request("GET", self.cdn_path(), port=self.hub.cdn_port)
        log = self.hub.admin("GET", "log?since=%d" % seq)
        hub_entries = [e for e in log if e["server"] == "hub"]
        cdn_entries = self.hub.admin("GET", "log?since=%d&server=cdn" % seq)
        e = [x for x in hub_entries if x["path"].endswith("/t.txt") and x["method"] == "GET"][-1]
        self.assertEqual(e["status"], 206)
        self.assertEqual(e["bytes"], 10)
        self.assertEqual(e["headers"]["range"], "bytes=0-9")
        self.assertEqual(e["headers"]["authorization"], "Bearer " + WRITE)
        self.assertEqual(e["response_headers"]["content-range"], "bytes 0-9/4096")
        self.assertTrue(cdn_entries)
        self.assertTrue(all(x["server"] == "cdn" for x in cdn_entries))
        self.assertEqual(cdn_entries[-1]["bytes"], 4096)
        self.assertNotIn("authorization", cdn_entries[-1]["headers"])
        # the same entries are in the JSON-lines file
        with open(os.path.join(self.hub.root, "requests.jsonl")) as f:
            in_file = [json.loads(line) for line in f]
        self.assertEqual([x for x in in_file if x["seq"] == e["seq"]], [e])
        filtered = self.hub.admin("GET", "log?since=%d&path=t%%5C.txt&method=GET" % seq)
        self.assertTrue(filtered and all("t.txt" in x["path"] for x in filtered))


class EncodingTest(unittest.TestCase):
    def test_chunked_and_gzip(self):
        import gzip
        import http.client
        hub = shared_hub()
        repo = "user/" + unique("enc")
        text = "".join("line %d\n" % i for i in range(3000)).encode()
        hub.seed(repo, [{"path": "t.txt", "content": text.decode()}])
        hub.admin("POST", "faults", {"kind": "chunked", "pattern": "t.txt", "chunk_size": 1000})
        hub.admin("POST", "faults", {"kind": "gzip", "pattern": "t.txt"})
        hub.admin("POST", "faults", {"kind": "gzip", "pattern": "t.txt"})
        try:
            c = http.client.HTTPConnection("127.0.0.1", hub.port, timeout=10)
            c.request("GET", "/%s/resolve/main/t.txt" % repo)
            r = c.getresponse()
            self.assertEqual(r.getheader("Transfer-Encoding"), "chunked")
            self.assertIsNone(r.getheader("Content-Length"))
            self.assertEqual(r.read(), text)  # http.client decodes chunked
            c.request("GET", "/%s/resolve/main/t.txt" % repo, headers={"Accept-Encoding": "gzip"})
            r = c.getresponse()
            self.assertEqual(r.getheader("Content-Encoding"), "gzip")
            self.assertEqual(gzip.decompress(r.read()), text)
            c.request("GET", "/%s/resolve/main/t.txt" % repo, headers={"Accept-Encoding": "identity"})
            r = c.getresponse()  # gzip only when accepted; still chunked, connection still usable
            self.assertIsNone(r.getheader("Content-Encoding"))
            self.assertEqual(r.read(), text)
            c.request("GET", "/%s/resolve/main/t.txt" % repo)
            r = c.getresponse()
            self.assertEqual(r.getheader("Content-Length"), str(len(text)))
            self.assertEqual(r.read(), text)
            c.close()
        finally:
            hub.admin("DELETE", "faults")


if __name__ == "__main__":
    unittest.main()
