"""Parallel clients: downloads, listings and commits at the same time stay consistent."""

import threading
import unittest

from .lhutil import LocalHub, file_op, shared_hub, unique


class ConcurrencyTest(unittest.TestCase):
    def test_parallel_reads_and_commits(self):
        hub = shared_hub()
        repo = "user/" + unique("conc")
        hub.seed(repo, [{"path": "f%d.txt" % i, "content": "x%d" % i} for i in range(20)] +
                 [{"path": "w.bin", "size": 100000}])
        errors = []

        def reader(k):
            h = LocalHub(root=hub.root)  # own connections, same server
            h.port, h.cdn_port, h.url = hub.port, hub.cdn_port, hub.url
            try:
                for i in range(25):
                    r = h.get("/%s/resolve/main/f%d.txt" % (repo, (i + k) % 20))
                    if r.status != 200 or r.body != b"x%d" % ((i + k) % 20):
                        errors.append(("get", r.status))
                    r = h.request("HEAD", "/%s/resolve/main/w.bin" % repo)
                    if r.status != 302:
                        errors.append(("head", r.status))
                    elif len(h.get(r.h("Location")).body) != 100000:
                        errors.append(("cdn", r.status))
                    r = h.get("/api/models/%s/tree/main?recursive=true" % repo)
                    if r.status != 200:
                        errors.append(("tree", r.status))
            except Exception as e:  # pragma: no cover - reported below
                errors.append(("exc", repr(e)))
            finally:
                for c in h.conns.values():
                    c.close()

        def writer(k):
            h = LocalHub(root=hub.root)
            h.port, h.cdn_port, h.url = hub.port, hub.cdn_port, hub.url
            try:
                for i in range(10):
                    r = h.commit(repo, [file_op("w%d/%d.txt" % (k, i), b"%d-%d" % (k, i))], summary="w%d-%d" % (k, i))
                    if r.status != 200:
                        errors.append(("commit", r.status, r.body[:100]))
            except Exception as e:  # pragma: no cover
                errors.append(("exc", repr(e)))
            finally:
                for c in h.conns.values():
                    c.close()

        threads = [threading.Thread(target=reader, args=(k,)) for k in range(6)]
        threads += [threading.Thread(target=writer, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        commits = hub.get("/api/models/%s/commits/main?limit=100" % repo).json()
        self.assertEqual(len(commits), 2 + 20)  # initial + seed + 20 writes, linear history
        files = [e["path"] for e in hub.get("/api/models/%s/tree/main?recursive=true" % repo).json()
                 if e["type"] == "file"]
        self.assertEqual(len([p for p in files if p.startswith("w0/") or p.startswith("w1/")]), 20)


if __name__ == "__main__":
    unittest.main()
