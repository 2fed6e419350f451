// interop.mjs: @huggingface/inference against localhub's router, and the same questions
// answered by the C client (its JSON answers in the file given as argv[4]).
//   node interop.mjs HUB_URL ROUTER_URL C_ANSWERS.json
import { InferenceClient } from "@huggingface/inference";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const [hub, router, cFile] = process.argv.slice(2);
const TOKEN = "hf_user_write_token";
let passed = 0, failed = 0;

// The real client hard-codes its hosts: a fetch that sends them to localhub instead.
const localFetch = (url, init) => {
  let u = String(url);
  if (u.startsWith("https://router.huggingface.co")) u = router + u.slice("https://router.huggingface.co".length);
  else if (u.startsWith("https://huggingface.co")) u = hub + u.slice("https://huggingface.co".length);
  return fetch(u, init);
};

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log("ok   " + name);
  } catch (e) {
    failed++;
    console.log("FAIL " + name + ": " + (e && e.stack ? e.stack : e));
  }
}

function eq(a, b, what) {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
}

const c = JSON.parse(readFileSync(cFile, "utf8"));
const client = new InferenceClient(TOKEN, { fetch: localFetch });
const msgs = [{ role: "user", content: "Hello from the interop test" }];

await check("chat completion (auto router)", async () => {
  const r = await client.chatCompletion({ model: "hfhub-test/echo", messages: msgs });
  eq(r.choices[0].message.content, c.chat, "content");
});
await check("chat completion streamed", async () => {
  let text = "";
  for await (const chunk of client.chatCompletionStream({ model: "hfhub-test/echo", messages: msgs })) {
    if (chunk.choices && chunk.choices.length) text += chunk.choices[0].delta.content || "";
  }
  eq(text, c.chat_stream, "streamed content");
  eq(text, c.chat, "streamed == non-streamed");
});
await check("chat completion through together (mapping)", async () => {
  const r = await client.chatCompletion({ model: "hfhub-test/echo", provider: "together", messages: msgs });
  eq(r.choices[0].message.content, c.together_chat, "content");
});
await check("feature extraction (hf-inference)", async () => {
  const r = await client.featureExtraction({ model: "hfhub-test/embed", provider: "hf-inference", inputs: "Interop from C and JS" });
  const v = Array.isArray(r[0]) ? r[0] : r;
  if (v.length !== c.embedding.length) throw new Error("dimension " + v.length);
  v.forEach((x, i) => { if (Math.abs(x - c.embedding[i]) > 1e-6) throw new Error(`value ${i}: ${x} != ${c.embedding[i]}`); });
});
await check("text to image (hf-inference)", async () => {
  const blob = await client.textToImage({ model: "hfhub-test/image", provider: "hf-inference", inputs: "an astronaut riding a horse" });
  const buf = Buffer.from(await blob.arrayBuffer());
  eq(buf.length, c.image_len, "length");
  eq(createHash("sha256").update(buf).digest("hex"), c.image_sha256, "sha256");
});
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
