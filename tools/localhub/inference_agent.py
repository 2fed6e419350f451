"""The router's scripted tool-calling model for agent tests: models whose name holds "agent"
(e.g. "hfhub-test/agent").

The script is a directive line in the system message (the agent's prompt):

    localhub-script: [TURN, TURN, ...]

a JSON array where TURN is {"text": "...", "calls": [{"name": "add", "arguments": {...}}],
"hold": true}, every key optional; or an object mapping the text of a user message to such an
array ("*": any other), so that each run of an agent follows its own script. The model plays
turn k when the messages hold k assistant messages after the last user message; past the end
of the script (or with no script for that user message) it answers "Done.". A call's
"arguments" may be an object (sent as its JSON text) or a string (sent verbatim, so a test can
script invalid JSON). With "hold", the turn's chunks are sent without a finish chunk and the
stream is held open (SSE comments every 0.1 s, at most 30 s) until the client goes away: a
client that aborts mid-stream must close the connection.

Like OpenAI's API the model is strict about the history (400 invalid_request_error): every
assistant tool call must be answered by a tool message before the next assistant or user
message, and a tool message must answer a call of the assistant message before it.

Streaming follows OpenAI's chunk format: a role-only first chunk
({"role": "assistant", "content": ""}), the text word by word, each tool call as a chunk with
index, id, type and name and empty arguments followed by the arguments in three pieces carrying
only the index, then a chunk with an empty delta and finish_reason "tool_calls" or "stop",
then (with stream_options.include_usage) a usage chunk, then [DONE].
"""

import json
import time

from .httpcore import HTTPError, Response, StreamBody, json_response

DIRECTIVE = "localhub-script:"


def _bad(message, param="messages"):
    body = json.dumps({"error": {"message": message, "type": "invalid_request_error",
                                 "param": param, "code": None}}).encode()
    return HTTPError(400, message, headers={"Content-Type": "application/json"}, body=body)


def _script(msgs):
    """The turns for the last user message: a list, or None without a directive."""
    last_user = ""
    for m in msgs:
        if isinstance(m, dict) and m.get("role") == "user":
            last_user = text_of(m.get("content"))
    for m in msgs:
        if isinstance(m, dict) and m.get("role") == "system" and isinstance(m.get("content"), str):
            for line in m["content"].splitlines():
                if line.strip().startswith(DIRECTIVE):
                    try:
                        script = json.loads(line.strip()[len(DIRECTIVE):])
                    except ValueError as e:
                        raise _bad("localhub-script is not JSON: %s" % e)
                    turns = script.get(last_user, script.get("*", [])) if isinstance(script, dict) else script
                    if not isinstance(turns, list) or not all(isinstance(t, dict) for t in turns):
                        raise _bad("localhub-script: turns must be an array of objects")
                    return turns
    return None


def text_of(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def _check_history(msgs):
    """OpenAI's rules on tool calls and tool messages."""
    pending, answerable = [], set()
    for m in msgs:
        role = m.get("role") if isinstance(m, dict) else None
        if role == "tool":
            tid = m.get("tool_call_id")
            if tid not in answerable:
                raise _bad("Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                           "message with 'tool_calls'.", "messages.[].role")
            answerable.discard(tid)
            if tid in pending:
                pending.remove(tid)
            continue
        if pending:
            raise _bad("An assistant message with 'tool_calls' must be followed by tool messages responding to "
                       "each 'tool_call_id'. The following tool_call_ids did not have response messages: %s"
                       % ", ".join(pending), "messages.[].role")
        answerable = set()
        if role == "assistant":
            for c in m.get("tool_calls") or []:
                cid = c.get("id") if isinstance(c, dict) else None
                if not cid:
                    raise _bad("Missing required parameter: 'messages.[].tool_calls.[].id'.")
                pending.append(cid)
                answerable.add(cid)
    if pending:
        raise _bad("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                   "'tool_call_id'. The following tool_call_ids did not have response messages: %s"
                   % ", ".join(pending), "messages.[].role")


def _turn_index(msgs):
    n = 0
    for m in msgs:
        role = m.get("role") if isinstance(m, dict) else None
        if role == "user":
            n = 0
        elif role == "assistant":
            n += 1
    return n


def _pieces(text):
    """Words with their leading space, so the pieces join back to the text."""
    out, cur = [], ""
    for ch in text:
        if ch == " " and cur:
            out.append(cur)
            cur = ""
        cur += ch
    if cur:
        out.append(cur)
    return out


def chat(model, data):
    """The answer of an "agent" model to a chat request (data already checked for model and
    messages)."""
    msgs = data["messages"]
    _check_history(msgs)
    turns = _script(msgs)
    k = _turn_index(msgs)
    if turns is None:
        turn = {"text": "No localhub-script directive in the system message."}
    else:
        turn = turns[k] if k < len(turns) else {"text": "Done."}
    text = turn.get("text") or ""
    calls = []
    if not isinstance(turn.get("calls") or [], list) or not all(isinstance(c, dict) for c in turn.get("calls") or []):
        raise _bad("localhub-script: a turn's \"calls\" must be an array of objects")
    for i, c in enumerate(turn.get("calls") or []):
        args = c.get("arguments", {})
        calls.append({"id": "call_%d_%d" % (k + 1, i + 1), "type": "function",
                      "function": {"name": c.get("name", ""),
                                   "arguments": args if isinstance(args, str) else json.dumps(args)}})
    finish = "tool_calls" if calls else "stop"
    usage = {"prompt_tokens": len(msgs), "completion_tokens": len(text.split()) + len(calls),
             "total_tokens": len(msgs) + len(text.split()) + len(calls)}
    cid = "chatcmpl-agent-%d" % (k + 1)
    if not data.get("stream"):
        msg = {"role": "assistant", "content": text or None}
        if calls:
            msg["tool_calls"] = calls
        return json_response({"id": cid, "object": "chat.completion", "created": 1735000000, "model": model,
                              "choices": [{"index": 0, "message": msg, "finish_reason": finish, "logprobs": None}],
                              "usage": usage})
    include = isinstance(data.get("stream_options"), dict) and data["stream_options"].get("include_usage")
    return _stream(cid, model, text, calls, finish, usage if include else None, bool(turn.get("hold")))


def _stream(cid, model, text, calls, finish, usage, hold):
    base = {"id": cid, "object": "chat.completion.chunk", "created": 1735000000, "model": model,
            "system_fingerprint": "localhub"}
    events = []

    def chunk(delta, fin=None):
        c = dict(base, choices=[{"index": 0, "delta": delta, "logprobs": None, "finish_reason": fin}])
        events.append(json.dumps(c, separators=(",", ":")))

    chunk({"role": "assistant", "content": ""})
    for w in _pieces(text):
        chunk({"content": w})
    for i, call in enumerate(calls):
        chunk({"tool_calls": [{"index": i, "id": call["id"], "type": "function",
                               "function": {"name": call["function"]["name"], "arguments": ""}}]})
        args = call["function"]["arguments"]
        third = max(1, (len(args) + 2) // 3)
        for j in range(0, len(args), third):
            chunk({"tool_calls": [{"index": i, "function": {"arguments": args[j:j + third]}}]})
    if not hold:
        chunk({}, finish)
        if usage:
            events.append(json.dumps(dict(base, choices=[], usage=usage), separators=(",", ":")))
        events.append("[DONE]")
    body = "".join("data: %s\n\n" % e for e in events).encode()

    def pieces():
        yield body
        if hold:
            end = time.time() + 30
            while time.time() < end:
                time.sleep(0.1)
                yield b": holding\n\n"

    return Response(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "Transfer-Encoding": "chunked"},
                    StreamBody(pieces()))
