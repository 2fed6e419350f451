"""Jobs and Inference Endpoints emulation: state machines, SSE logs/metrics, faults."""

import http.client
import json
import time
import unittest

from .lhutil import READ, WRITE, LocalHub

FAST = ["--compute-timing", "job_scheduling_s=0.05", "--compute-timing", "job_line_s=0.02",
        "--compute-timing", "endpoint_pending_s=0.05", "--compute-timing", "endpoint_init_s=0.1",
        "--compute-timing", "jobs_page_size=2"]


def sse_data(body):
    out = []
    for block in body.decode().split("\n\n"):
        for line in block.split("\n"):
            if line.startswith("data: {"):
                out.append(json.loads(line[6:]))
    return out


class ComputeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = LocalHub(extra_args=FAST).start()

    @classmethod
    def tearDownClass(cls):
        cls.hub.cleanup()

    def wait_stage(self, ns, jid, stages, limit=10):
        deadline = time.time() + limit
        while time.time() < deadline:
            info = self.hub.get("/api/jobs/%s/%s" % (ns, jid), token=WRITE).json()
            if info["status"]["stage"] in stages:
                return info
            time.sleep(0.02)
        self.fail("job %s never reached %s" % (jid, stages))

    def run_job(self, spec, ns="user", token=WRITE):
        r = self.hub.request("POST", "/api/jobs/" + ns, json_body=spec, token=token)
        return r

    def test_job_lifecycle_and_logs(self):
        r = self.run_job({"dockerImage": "python:3.12", "command": ["echo", "hello", "world"],
                          "labels": {"name": "t1"}})
        self.assertEqual(r.status, 200, r)
        info = r.json()
        self.assertEqual(info["status"]["stage"], "SCHEDULING")
        self.assertEqual(info["owner"]["name"], "user")
        self.assertEqual(info["flavor"], "cpu-basic")
        done = self.wait_stage("user", info["id"], ("COMPLETED",))
        self.assertIsNotNone(done["finishedAt"])
        logs = self.hub.get("/api/jobs/user/%s/logs" % info["id"], token=WRITE)
        self.assertEqual(logs.h("content-type"), "text/event-stream")
        lines = [e["data"] for e in sse_data(logs.body)]
        self.assertTrue(lines[0].startswith("===== Job started at "))
        self.assertEqual(lines[1:], ["hello world"])
        tail = self.hub.get("/api/jobs/user/%s/logs?tail=1" % info["id"], token=WRITE)
        self.assertEqual([e["data"] for e in sse_data(tail.body)], ["hello world"])

    def test_live_stream_in_order(self):
        info = self.run_job({"dockerImage": "alpine", "command": ["sh"], "environment": {"LOCALHUB_LINES": "20"}}).json()
        logs = self.hub.get("/api/jobs/user/%s/logs" % info["id"], token=WRITE)  # streams while running
        lines = [e["data"] for e in sse_data(logs.body)]
        self.assertEqual(lines[1:], ["line %d" % i for i in range(1, 21)])
        ts = [e["timestamp"] for e in sse_data(logs.body)]
        self.assertEqual(ts, sorted(ts))
        self.assertEqual(self.wait_stage("user", info["id"], ("COMPLETED",))["status"]["stage"], "COMPLETED")

    def test_error_cancel_timeout(self):
        e = self.run_job({"dockerImage": "alpine", "command": ["false"], "environment": {"LOCALHUB_EXIT": "3"}}).json()
        info = self.wait_stage("user", e["id"], ("ERROR",))
        self.assertIn("exit code: 3", info["status"]["message"])
        c = self.run_job({"dockerImage": "alpine", "command": ["x"], "environment": {"LOCALHUB_LINES": "1000"}}).json()
        r = self.hub.request("POST", "/api/jobs/user/%s/cancel" % c["id"], token=WRITE)
        self.assertEqual(r.status, 200)
        self.assertEqual(self.wait_stage("user", c["id"], ("CANCELED",))["status"]["stage"], "CANCELED")
        t = self.run_job({"dockerImage": "alpine", "command": ["x"], "timeoutSeconds": 0.1,
                          "environment": {"LOCALHUB_LINES": "1000"}}).json()
        self.assertEqual(self.wait_stage("user", t["id"], ("ERROR",))["status"]["message"], "Job timeout")

    def test_bad_input_and_auth(self):
        r = self.run_job({"dockerImage": "alpine", "command": ["x"], "flavor": "gpu-huge"})
        self.assertEqual(r.status, 400)
        self.assertIn("Invalid flavor", r.json()["error"])
        self.assertEqual(self.run_job({"command": ["x"]}).status, 400)
        self.assertEqual(self.run_job({"dockerImage": "a", "environment": {"A": 1}}).status, 400)
        self.assertEqual(self.run_job({"dockerImage": "a"}, token=None).status, 401)
        self.assertEqual(self.run_job({"dockerImage": "a"}, token=READ).status, 403)
        self.assertEqual(self.run_job({"dockerImage": "a"}, ns="other").status, 403)
        self.assertEqual(self.hub.get("/api/jobs/user/nope", token=WRITE).status, 404)

    def test_list_filters_pagination_hardware(self):
        ids = [self.run_job({"dockerImage": "a", "command": ["x"], "labels": {"env": "prod" if i else "dev"}},
                            ns="acme").json()["id"] for i in range(3)]
        r = self.hub.get("/api/jobs/acme", token=WRITE)
        self.assertEqual(len(r.json()), 2)
        self.assertIn('rel="next"', r.h("link"))
        nxt = r.h("link").split(">")[0][1:]
        self.assertEqual(len(self.hub.get(nxt, token=WRITE).json()), 1)
        r = self.hub.get("/api/jobs/acme?label=env%3Ddev", token=WRITE)
        self.assertEqual([j["id"] for j in r.json()], [ids[0]])
        hw = self.hub.get("/api/jobs/hardware").json()
        self.assertIn("cpu-basic", [h["name"] for h in hw])

    def test_dropped_log_stream(self):
        info = self.run_job({"dockerImage": "a", "command": ["x"], "environment": {"LOCALHUB_LINES": "5"}}).json()
        self.wait_stage("user", info["id"], ("COMPLETED",))
        self.hub.admin("POST", "compute", {"drop_logs": 3})
        conn = http.client.HTTPConnection("127.0.0.1", self.hub.port, timeout=10)
        conn.request("GET", "/api/jobs/user/%s/logs" % info["id"], headers={"Authorization": "Bearer " + WRITE})
        resp = conn.getresponse()
        with self.assertRaises((http.client.IncompleteRead, ConnectionError)):
            resp.read()
        conn.close()
        r = self.hub.get("/api/jobs/user/%s/logs" % info["id"], token=WRITE)
        self.assertEqual(len(sse_data(r.body)), 6)

    def test_metrics(self):
        info = self.run_job({"dockerImage": "a", "command": ["x"], "environment": {"LOCALHUB_LINES": "10"}}).json()
        self.wait_stage("user", info["id"], ("RUNNING",))
        r = self.hub.get("/api/jobs/user/%s/metrics" % info["id"], token=WRITE)
        ev = sse_data(r.body)
        self.assertTrue(ev and "cpu_usage_pct" in ev[0])

    def test_scheduled(self):
        spec = {"dockerImage": "a", "command": ["echo", "hi"]}
        r = self.hub.request("POST", "/api/scheduled-jobs/user", token=WRITE,
                             json_body={"jobSpec": spec, "schedule": "@hourly"})
        self.assertEqual(r.status, 200, r)
        sid = r.json()["id"]
        self.assertEqual(self.hub.request("POST", "/api/scheduled-jobs/user", token=WRITE,
                                          json_body={"jobSpec": spec, "schedule": "sometimes"}).status, 400)
        self.assertTrue(self.hub.request("POST", "/api/scheduled-jobs/user/%s/suspend" % sid, token=WRITE).json()["suspend"])
        self.assertFalse(self.hub.request("POST", "/api/scheduled-jobs/user/%s/resume" % sid, token=WRITE).json()["suspend"])
        j = self.hub.request("POST", "/api/scheduled-jobs/user/%s/run" % sid, token=WRITE).json()
        self.assertEqual(self.hub.get("/api/scheduled-jobs/user/" + sid, token=WRITE).json()["status"]["lastJob"]["id"], j["id"])
        self.assertIn(sid, [s["id"] for s in self.hub.get("/api/scheduled-jobs/user", token=WRITE).json()])
        self.assertEqual(self.hub.request("DELETE", "/api/scheduled-jobs/user/" + sid, token=WRITE).status, 200)
        self.assertEqual(self.hub.get("/api/scheduled-jobs/user/" + sid, token=WRITE).status, 404)

    # ---- endpoints ---------------------------------------------------------------------
    def ep_body(self, name):
        return {"accountId": None, "name": name, "type": "protected",
                "provider": {"vendor": "aws", "region": "us-east-1"},
                "compute": {"accelerator": "cpu", "instanceType": "intel-icl", "instanceSize": "x2",
                            "scaling": {"minReplica": 0, "maxReplica": 1, "scaleToZeroTimeout": None}},
                "model": {"repository": "openai-community/gpt2", "framework": "pytorch", "task": "text-generation",
                          "image": {"huggingface": {}}}}

    def wait_state(self, name, states, limit=10):
        deadline = time.time() + limit
        while time.time() < deadline:
            ep = self.hub.get("/v2/endpoint/user/" + name, token=WRITE).json()
            if ep["status"]["state"] in states:
                return ep
            time.sleep(0.02)
        self.fail("endpoint %s never reached %s" % (name, states))

    def chat(self, url, token=WRITE):
        return self.hub.request("POST", url + "/v1/chat/completions", token=token,
                                json_body={"model": "tgi", "messages": [{"role": "user", "content": "hi"}]})

    def test_endpoint_lifecycle(self):
        r = self.hub.request("POST", "/v2/endpoint/user", json_body=self.ep_body("ep-one"), token=WRITE)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"]["state"], "pending")
        self.assertIsNone(r.json()["status"]["url"])
        self.assertEqual(self.hub.request("POST", "/v2/endpoint/user", json_body=self.ep_body("ep-one"),
                                          token=WRITE).status, 409)
        ep = self.wait_state("ep-one", ("running",))
        url = ep["status"]["url"]
        self.assertEqual(self.hub.get(url + "/health", token=WRITE).status, 200)
        self.assertEqual(self.chat(url, token=None).status, 401)
        ans = self.chat(url).json()
        self.assertEqual(ans["choices"][0]["message"]["content"], "Hello from ep-one: hi")
        self.assertEqual(self.hub.request("POST", "/v2/endpoint/user/ep-one/resume", token=WRITE).status, 400)
        p = self.hub.request("POST", "/v2/endpoint/user/ep-one/pause", token=WRITE).json()
        self.assertEqual(p["status"]["state"], "paused")
        self.assertEqual(self.hub.get(url + "/health", token=WRITE).status, 503)
        self.hub.request("POST", "/v2/endpoint/user/ep-one/resume", token=WRITE)
        self.wait_state("ep-one", ("running",))
        z = self.hub.request("POST", "/v2/endpoint/user/ep-one/scale-to-zero", token=WRITE).json()
        self.assertEqual(z["status"]["state"], "scaledToZero")
        self.assertEqual(self.chat(url).status, 503)  # wakes it up
        self.wait_state("ep-one", ("running",))
        u = self.hub.request("PUT", "/v2/endpoint/user/ep-one", token=WRITE,
                             json_body={"compute": {"instanceSize": "x4"}}).json()
        self.assertEqual(u["status"]["state"], "updating")
        self.assertEqual(u["compute"]["instanceType"], "intel-icl")
        self.assertEqual(u["compute"]["instanceSize"], "x4")
        items = self.hub.get("/v2/endpoint/user", token=WRITE).json()["items"]
        self.assertIn("ep-one", [e["name"] for e in items])
        self.assertEqual(self.hub.request("DELETE", "/v2/endpoint/user/ep-one", token=WRITE).status, 200)
        self.assertEqual(self.hub.get("/v2/endpoint/user/ep-one", token=WRITE).status, 404)

    def test_endpoint_failures(self):
        self.hub.admin("POST", "compute", {"inject": {"ep-bad": "failed", "ep-stuck": "stuck", "ep-upd": "updateFailed"}})
        for n in ("ep-bad", "ep-stuck", "ep-upd"):
            self.assertEqual(self.hub.request("POST", "/v2/endpoint/user", json_body=self.ep_body(n), token=WRITE).status, 200)
        self.wait_state("ep-bad", ("failed",))
        time.sleep(0.3)
        self.assertEqual(self.hub.get("/v2/endpoint/user/ep-stuck", token=WRITE).json()["status"]["state"], "initializing")
        self.wait_state("ep-upd", ("running",))
        self.hub.request("PUT", "/v2/endpoint/user/ep-upd", token=WRITE, json_body={"model": {"env": {"A": "1"}}})
        self.wait_state("ep-upd", ("updateFailed",))
        bad = self.ep_body("Bad_Name")
        self.assertEqual(self.hub.request("POST", "/v2/endpoint/user", json_body=bad, token=WRITE).status, 400)
        bodies = self.hub.admin("GET", "compute")["bodies"]
        self.assertIn({"kind": "endpoint", "body": self.ep_body("ep-bad")}, bodies)

    def test_catalog_and_provider(self):
        models = self.hub.get("/api/catalog/repo-list").json()["models"]
        self.assertIn("openai-community/gpt2", models)
        r = self.hub.request("POST", "/api/catalog/deploy", token=WRITE,
                             json_body={"namespace": "user", "repoId": "openai-community/gpt2", "endpointName": "cat-ep"})
        self.assertEqual(r.json()["endpoint"]["name"], "cat-ep")
        prov = self.hub.get("/v2/provider/user", token=WRITE).json()
        self.assertEqual(prov["vendors"][0]["name"], "aws")


if __name__ == "__main__":
    unittest.main()
