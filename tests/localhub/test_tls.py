"""--tls-cert: both ports over TLS (for the C client's TLS transports)."""

import base64
import http.client
import os
import shutil
import ssl
import subprocess
import tempfile
import unittest
import urllib.parse

from .lhutil import LocalHub


@unittest.skipUnless(shutil.which("openssl"), "openssl not installed")
class TlsTest(unittest.TestCase):
    def test_https_hub_and_cdn(self):
        d = tempfile.mkdtemp()
        try:
            cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                            "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                           check=True, capture_output=True)
            hub = LocalHub(extra_args=["--tls-cert", cert, "--tls-key", key]).start()
            try:
                self.assertEqual(hub.ready_url, "https://127.0.0.1:%d" % hub.port)
                ctx = ssl.create_default_context(cafile=cert)
                data = os.urandom(200000)
                hub_admin = http.client.HTTPSConnection("127.0.0.1", hub.port, context=ctx, timeout=10)
                body = ('{"repo": "user/tls", "files": [{"path": "w.bin", "base64": "%s"}, '
                        '{"path": "a.txt", "content": "hello"}]}' % base64.b64encode(data).decode())
                hub_admin.request("POST", "/__localhub/seed", body=body)
                self.assertEqual(hub_admin.getresponse().read()[:10], b'{"commit":')
                hub_admin.request("GET", "/user/tls/resolve/main/a.txt")
                r = hub_admin.getresponse()
                self.assertEqual((r.status, r.read()), (200, b"hello"))
                hub_admin.request("HEAD", "/user/tls/resolve/main/w.bin")
                r = hub_admin.getresponse()
                r.read()
                loc = r.getheader("Location")
                self.assertTrue(loc.startswith("https://127.0.0.1:%d/lfs/" % hub.cdn_port), loc)
                u = urllib.parse.urlsplit(loc)
                cdn = http.client.HTTPSConnection("127.0.0.1", hub.cdn_port, context=ctx, timeout=10)
                cdn.request("GET", u.path + "?" + u.query)
                r = cdn.getresponse()
                self.assertEqual(r.read(), data)  # no sendfile through TLS: plain writes
                cdn.request("GET", u.path + "?" + u.query, headers={"Range": "bytes=10-19"})
                r = cdn.getresponse()
                self.assertEqual((r.status, r.read()), (206, data[10:20]))
                cdn.close()
                hub_admin.close()
            finally:
                hub.cleanup()
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main()
