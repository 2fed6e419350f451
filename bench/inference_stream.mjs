// inference_stream.mjs: the same measurement as inference_stream.c with @huggingface/inference
// (from tests/inference_interop/node_modules). Prints per run "deltas cpu_ms latency_us".
//   node bench/inference_stream.mjs HUB ROUTER N RUNS
import { InferenceClient } from "../tests/inference_interop/node_modules/@huggingface/inference/dist/esm/index.js";

const [hub, router, n, runs] = process.argv.slice(2);
const localFetch = (url, init) => {
  let u = String(url);
  if (u.startsWith("https://router.huggingface.co")) u = router + u.slice("https://router.huggingface.co".length);
  else if (u.startsWith("https://huggingface.co")) u = hub + u.slice("https://huggingface.co".length);
  return fetch(u, init);
};
const client = new InferenceClient("hf_user_write_token", { fetch: localFetch });
for (let i = 0; i < Number(runs); i++) {
  let deltas = 0, latency = 0;
  const c0 = process.cpuUsage();
  for await (const chunk of client.chatCompletionStream({ model: `hfhub-test/echo-bench${n}`, messages: [{ role: "user", content: "bench" }] })) {
    const content = chunk.choices && chunk.choices.length ? chunk.choices[0].delta.content : null;
    if (!content) continue;
    deltas++;
    if (content[0] === "@") latency = ((performance.timeOrigin + performance.now()) / 1e3 - Number(content.slice(1))) * 1e6;
  }
  const c = process.cpuUsage(c0);
  console.log(`${deltas} ${((c.user + c.system) / 1e3).toFixed(3)} ${latency.toFixed(1)}`);
}
