// Commit/upload interop: the C `hf` CLI and the real @huggingface/hub client share a localhub.
// Usage: node commit_interop.mjs HUB_URL HF_BINARY   (run.sh passes both)
//  1. upload with C (`hf upload`: regular, LFS basic, LFS multipart, non-ASCII path), download
//     with @huggingface/hub, compare SHA-256;
//  2. upload with @huggingface/hub (useXet: false), download with C (`hf download`), compare.
// Prints "ok - step" / "not ok - step: error" and a final "N passed, N failed" line.

import { createHash, randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { promisify } from "node:util";
import assert from "node:assert/strict";
import { downloadFile, uploadFiles, createRepo, listFiles } from "@huggingface/hub";

const run = promisify(execFile);
const [hubUrl, hfBin] = process.argv.slice(2);
const accessToken = "hf_user_write_token";
const creds = { accessToken, hubUrl };
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
const suffix = randomBytes(4).toString("hex");

// Above run.sh's --multipart-threshold (8 MiB) so the large file takes the multipart path.
const files = {
  "small.txt": Buffer.from("uploaded by hfhub (C)\n"),
  "weights.bin": randomBytes(300_000),
  "big/large.safetensors": randomBytes(9 * 1024 * 1024 + 77),
  "dir with space/ünïcödé.json": Buffer.from('{"ok": true}\n'),
  "empty.txt": Buffer.alloc(0),
};

let passed = 0;
let failed = 0;
async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(`not ok - ${name}: ${err && err.stack ? err.stack.split("\n").slice(0, 4).join(" | ") : err}`);
  }
}

const work = await mkdtemp(join(tmpdir(), "hfhub-commit-interop-"));
const env = { PATH: process.env.PATH, HOME: work, HF_HOME: join(work, "hfhome"), HF_ENDPOINT: hubUrl,
  HF_TOKEN: accessToken, NO_COLOR: "1", HF_HUB_DISABLE_PROGRESS_BARS: "1" };
const hf = (args) => run(hfBin, args, { env, cwd: work, maxBuffer: 1 << 24 });

const cRepo = `user/c-upload-${suffix}`;
await step("C `hf upload` of a folder (regular, LFS basic, LFS multipart, non-ASCII paths, empty file)", async () => {
  for (const [p, buf] of Object.entries(files)) {
    await mkdir(dirname(join(work, "up", p)), { recursive: true });
    await writeFile(join(work, "up", p), buf);
  }
  const { stdout } = await hf(["upload", cRepo, join(work, "up"), ".", "--commit-message", "from C", "--quiet"]);
  assert.equal(stdout.trim(), `${hubUrl}/${cRepo}/tree/main/.`);
});

await step("@huggingface/hub lists and downloads what C uploaded (SHA-256 equal)", async () => {
  const seen = [];
  for await (const f of listFiles({ repo: { type: "model", name: cRepo }, recursive: true, ...creds })) {
    if (f.type === "file") seen.push(f.path);
  }
  for (const [p, buf] of Object.entries(files)) {
    assert.ok(seen.includes(p), `listed: ${p}`);
    // downloadFile sizes a file from `Content-Range` of a "Range: bytes=0-0" GET, which an
    // empty file cannot satisfy: the JS client cannot download empty files (from any Hub)
    if (!buf.length) continue;
    const blob = await downloadFile({ repo: { type: "model", name: cRepo }, path: p, ...creds });
    assert.ok(blob, `download ${p}`);
    const got = Buffer.from(await blob.arrayBuffer());
    assert.equal(sha256(got), sha256(buf), p);
  }
});

const jsRepo = `user/js-upload-${suffix}`;
await step("@huggingface/hub uploadFiles (useXet: false), C `hf download` (SHA-256 equal)", async () => {
  await createRepo({ repo: { type: "model", name: jsRepo }, ...creds });
  await uploadFiles({
    repo: { type: "model", name: jsRepo }, ...creds, useXet: false, commitTitle: "from JS",
    files: Object.entries(files).map(([path, buf]) => ({ path, content: new Blob([buf]) })),
  });
  for (const [p, buf] of Object.entries(files)) {
    const { stdout } = await hf(["download", jsRepo, p, "--quiet"]);
    const got = await readFile(stdout.trim());
    assert.equal(sha256(got), sha256(buf), p);
  }
});

await rm(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
