"""Keep-alive without small-write stalls: a naive server (headers and body in separate writes,
Nagle on) stalls ~40 ms per request on delayed ACKs; localhub must stay far below that."""

import http.client
import socket
import time
import unittest

from .lhutil import shared_hub, unique


class KeepAliveTest(unittest.TestCase):
    def test_sequential_requests_on_one_connection_are_fast(self):
        hub = shared_hub()
        repo = "user/" + unique("ka")
        hub.seed(repo, [{"path": "small.txt", "content": "s" * 500},
                        {"path": "big.txt", "content": "b" * (100 * 1024)}])
        c = http.client.HTTPConnection("127.0.0.1", hub.port, timeout=10)
        c.connect()
        c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        local_port = c.sock.getsockname()[1]
        timings = {}
        for path, n in (("small.txt", 100), ("big.txt", 40)):
            for method in ("HEAD", "GET"):
                t0 = time.time()
                for _ in range(n):
                    c.request(method, "/%s/resolve/main/%s" % (repo, path))
                    r = c.getresponse()
                    r.read()
                    self.assertEqual(r.status, 200)
                timings[(method, path)] = (time.time() - t0) / n
        self.assertEqual(c.sock.getsockname()[1], local_port)  # one connection all along
        c.close()
        for k, mean in timings.items():
            self.assertLess(mean, 0.015, "%s %s: %.1f ms per request" % (k[0], k[1], mean * 1000))


if __name__ == "__main__":
    unittest.main()
