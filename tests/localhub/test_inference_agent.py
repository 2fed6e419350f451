"""The router's scripted tool-calling model ("agent"): turns picked from the system message's
script, OpenAI's chunk format for tool calls, the history rules of a strict provider."""

import json
import os
import unittest

from .lhutil import WRITE, shared_hub
from .test_inference import sse_events

SCRIPT = [
    {"text": "Adding now.", "calls": [{"name": "add", "arguments": {"a": 2, "b": 3}}]},
    {"calls": [{"name": "b_echo", "arguments": {"message": "5"}}, {"name": "task_complete"}]},
]


class AgentModelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = shared_hub()
        with open(os.path.join(cls.hub.root, "ports.json")) as f:
            cls.router = json.load(f)["router_url"]

    def chat(self, messages, **kw):
        body = {"model": "hfhub-test/agent", "messages": messages}
        body.update(kw)
        return self.hub.request("POST", self.router + "/v1/chat/completions", json_body=body, token=WRITE)

    def system(self):
        return {"role": "system", "content": "You are scripted.\nlocalhub-script: " + json.dumps(SCRIPT)}

    def test_streamed_turns(self):
        msgs = [self.system(), {"role": "user", "content": "go"}]
        r = self.chat(msgs, stream=True, stream_options={"include_usage": True})
        self.assertEqual(r.status, 200, r)
        ev = sse_events(r.body)
        self.assertEqual(ev[-1], "[DONE]")
        chunks = [json.loads(e) for e in ev[:-1]]
        self.assertEqual(chunks[0]["choices"][0]["delta"], {"role": "assistant", "content": ""})
        deltas = [c["choices"][0]["delta"] for c in chunks if c["choices"]]
        self.assertEqual("".join(d.get("content") or "" for d in deltas), "Adding now.")
        first = [d for d in deltas if "tool_calls" in d][0]["tool_calls"][0]
        self.assertEqual(first, {"index": 0, "id": "call_1_1", "type": "function",
                                 "function": {"name": "add", "arguments": ""}})
        pieces = [d["tool_calls"][0] for d in deltas if "tool_calls" in d][1:]
        self.assertEqual(len(pieces), 3)
        self.assertTrue(all(set(p) == {"index", "function"} for p in pieces))
        self.assertEqual(json.loads("".join(p["function"]["arguments"] for p in pieces)), {"a": 2, "b": 3})
        self.assertEqual(chunks[-2]["choices"][0]["finish_reason"], "tool_calls")
        self.assertEqual(chunks[-1]["choices"], [])
        self.assertIn("usage", chunks[-1])
        # turn 2: two calls, indexes 0 and 1
        msgs += [{"role": "assistant", "content": "Adding now.", "tool_calls": [
            {"id": "call_1_1", "type": "function", "function": {"name": "add", "arguments": "{\"a\": 2, \"b\": 3}"}}]},
            {"role": "tool", "tool_call_id": "call_1_1", "content": "5"}]
        j = self.chat(msgs).json()
        calls = j["choices"][0]["message"]["tool_calls"]
        self.assertEqual([(c["id"], c["function"]["name"], c["function"]["arguments"]) for c in calls],
                         [("call_2_1", "b_echo", "{\"message\": \"5\"}"), ("call_2_2", "task_complete", "{}")])
        # past the script: "Done."; a new user message starts it again
        msgs += [j["choices"][0]["message"], {"role": "tool", "tool_call_id": "call_2_1", "content": "Echo: 5"},
                 {"role": "tool", "tool_call_id": "call_2_2", "content": ""}]
        self.assertEqual(self.chat(msgs).json()["choices"][0]["message"]["content"], "Done.")
        j = self.chat(msgs + [{"role": "user", "content": "again"}]).json()
        self.assertEqual(j["choices"][0]["message"]["tool_calls"][0]["id"], "call_1_1")

    def test_strict_history(self):
        call = {"id": "c1", "type": "function", "function": {"name": "add", "arguments": "{}"}}
        r = self.chat([self.system(), {"role": "user", "content": "go"},
                       {"role": "assistant", "content": "", "tool_calls": [call]}, {"role": "user", "content": "x"}])
        self.assertEqual(r.status, 400)
        self.assertIn("did not have response messages: c1", r.json()["error"]["message"])
        r = self.chat([self.system(), {"role": "user", "content": "go"}, {"role": "tool", "tool_call_id": "zz", "content": ""}])
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["error"]["type"], "invalid_request_error")

    def test_no_script_and_bad_script(self):
        j = self.chat([{"role": "user", "content": "go"}]).json()
        self.assertIn("No localhub-script directive", j["choices"][0]["message"]["content"])
        r = self.chat([{"role": "system", "content": "localhub-script: [nope"}, {"role": "user", "content": "go"}])
        self.assertEqual(r.status, 400)

    def test_script_per_user_message(self):
        script = {"go": [{"calls": [{"name": "add", "arguments": "{not json"}]}], "*": [{"text": "Other."}]}
        sysmsg = {"role": "system", "content": "localhub-script: " + json.dumps(script)}
        j = self.chat([sysmsg, {"role": "user", "content": "go"}]).json()
        self.assertEqual(j["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"], "{not json")
        j = self.chat([sysmsg, {"role": "user", "content": "something"}]).json()
        self.assertEqual(j["choices"][0]["message"]["content"], "Other.")


if __name__ == "__main__":
    unittest.main()
