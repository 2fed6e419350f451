// Interop: the real @huggingface/hub client (pinned in package.json) against tools/localhub.
// Usage: node interop.mjs HUB_URL   (run.sh starts localhub and passes its URL)
// Prints "ok - step" / "not ok - step: error" per step and a final "N passed, N failed" line.

import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, lstat, readlink, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, basename } from "node:path";
import assert from "node:assert/strict";
import {
  createRepo, uploadFiles, listFiles, fileDownloadInfo, downloadFile, downloadFileToCacheDir,
  snapshotDownload, modelInfo, listModels, commit, deleteRepo, fileExists, pathsInfo, whoAmI,
  listCommits, countCommits, createBranch, deleteBranch, repoExists, datasetInfo, listDatasets, spaceInfo, uploadFile,
  createCollection, listCollections, deleteCollection,
} from "@huggingface/hub";

console.debug = () => {}; // downloadFileToCacheDir logs every download
const hubUrl = process.argv[2];
const accessToken = "hf_user_write_token";
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
const gitSha1 = (buf) => createHash("sha1").update(`blob ${buf.length}\0`).update(buf).digest("hex");
const suffix = randomBytes(4).toString("hex");
const repoName = `user/interop-${suffix}`;
const repo = { type: "model", name: repoName };
const creds = { accessToken, hubUrl };

// Files: a small text file (regular), a small binary (LFS, basic PUT), a large binary above
// the multipart threshold run.sh gives localhub (LFS, multipart), a nested text file.
const small = Buffer.from("hello from @huggingface/hub\n");
const nested = Buffer.from(JSON.stringify({ a: 1, b: [1, 2, 3] }) + "\n");
const bin = randomBytes(200_000);
const large = randomBytes(12 * 1024 * 1024 + 123);
const files = {
  "README.md": Buffer.from("---\nlicense: apache-2.0\ntags:\n- interop\n---\n# interop\n"),
  "small.txt": small,
  "conf/nested/config.json": nested,
  "weights.bin": bin,
  "large.safetensors": large,
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

async function admin(path, init) {
  const r = await fetch(`${hubUrl}/__localhub/${path}`, init);
  assert.ok(r.ok, `admin ${path}: ${r.status}`);
  return r.json();
}

async function blobBuffer(blob) {
  return Buffer.from(await blob.arrayBuffer());
}

async function expectApiError(promise, status, label) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${label}: expected an error`);
  assert.equal(err.statusCode, status, `${label}: ${err.message}`);
  return err;
}

const cacheDir = await mkdtemp(join(tmpdir(), "hfhub-interop-cache-"));
let firstCommit;
let logStart = 0;
await step("localhub admin API reachable", async () => {
  logStart = (await admin("log", { method: "DELETE" })).seq;
});

await step("whoAmI", async () => {
  const me = await whoAmI({ ...creds });
  assert.equal(me.name, "user");
  assert.equal(me.auth.accessToken.role, "write");
});

await step("createRepo", async () => {
  const out = await createRepo({ repo, ...creds });
  assert.equal(out.repoUrl, `${hubUrl}/${repoName}`);
  assert.match(out.id, /^[0-9a-f]{24}$/);
  assert.equal(await repoExists({ repo, hubUrl }), true);
  await expectApiError(createRepo({ repo, ...creds }), 409, "second createRepo");
});

await step("uploadFiles (regular + LFS basic + LFS multipart, useXet: false)", async () => {
  const out = await uploadFiles({
    repo, ...creds, useXet: false, commitTitle: "upload interop files",
    files: Object.entries(files).map(([path, buf]) => ({ path, content: new Blob([buf]) })),
  });
  assert.match(out.commit.oid, /^[0-9a-f]{40}$/);
  assert.equal(out.commit.url, `${hubUrl}/${repoName}/commit/${out.commit.oid}`);
  firstCommit = out.commit.oid;
  // what went over the wire: one single PUT (weights.bin) and >1 part PUTs (large file)
  const puts = await admin(`log?since=${logStart}&server=cdn&method=PUT`);
  const single = puts.filter((e) => e.path.startsWith("/upload/"));
  const parts = puts.filter((e) => e.path.startsWith("/multipart/"));
  assert.equal(single.length, 1, "single-part PUTs");
  assert.equal(single[0].path.split("?")[0], `/upload/${sha256(bin)}`);
  assert.ok(parts.length >= 2, `multipart parts: ${parts.length}`);
  assert.ok(parts.every((e) => e.status === 200 && !("authorization" in e.headers)));
  const commits = await admin(`log?since=${logStart}&server=hub&method=POST&path=/commit/`);
  assert.equal(commits.length, 1);
  assert.equal(commits[0].headers["content-type"], "application/x-ndjson");
});

await step("listFiles recursive", async () => {
  const entries = [];
  for await (const e of listFiles({ repo, recursive: true, hubUrl, accessToken })) entries.push(e);
  const fileEntries = Object.fromEntries(entries.filter((e) => e.type === "file").map((e) => [e.path, e]));
  assert.deepEqual(Object.keys(fileEntries).sort(), [".gitattributes", ...Object.keys(files)].sort());
  assert.deepEqual(entries.filter((e) => e.type === "directory").map((e) => e.path).sort(), ["conf", "conf/nested"]);
  for (const [path, buf] of Object.entries(files)) {
    assert.equal(fileEntries[path].size, buf.length, path);
  }
  assert.equal(fileEntries["small.txt"].oid, gitSha1(small));
  assert.equal(fileEntries["small.txt"].lfs, undefined);
  assert.equal(fileEntries["weights.bin"].lfs.oid, sha256(bin));
  assert.equal(fileEntries["large.safetensors"].lfs.oid, sha256(large));
  assert.equal(fileEntries["large.safetensors"].lfs.size, large.length);
});

await step("fileDownloadInfo", async () => {
  const reg = await fileDownloadInfo({ repo, path: "small.txt", hubUrl });
  assert.equal(reg.size, small.length);
  assert.equal(reg.etag.replaceAll('"', ""), gitSha1(small));
  assert.equal(reg.url, `${hubUrl}/${repoName}/resolve/main/small.txt`);
  const lfs = await fileDownloadInfo({ repo, path: "large.safetensors", hubUrl, accessToken });
  assert.equal(lfs.size, large.length);
  assert.equal(lfs.etag.replaceAll('"', ""), sha256(large));
  assert.equal(lfs.xet, undefined);
});

await step("downloadFile (content by SHA-256)", async () => {
  for (const path of ["small.txt", "conf/nested/config.json", "weights.bin", "large.safetensors"]) {
    const blob = await downloadFile({ repo, path, hubUrl, accessToken });
    assert.ok(blob, path);
    assert.equal(sha256(await blobBuffer(blob)), sha256(files[path]), path);
  }
  // a token must never reach the CDN: localhub's CDN refuses Authorization with a 400
  const cdnGets = await admin(`log?since=${logStart}&server=cdn&method=GET`);
  assert.ok(cdnGets.length >= 2);
  assert.ok(cdnGets.every((e) => !("authorization" in e.headers) && e.status < 400), JSON.stringify(cdnGets.map((e) => e.status)));
});

await step("downloadFileToCacheDir", async () => {
  const p = await downloadFileToCacheDir({ repo, path: "weights.bin", hubUrl, accessToken, cacheDir });
  const folder = join(cacheDir, `models--user--interop-${suffix}`);
  assert.equal(p, join(folder, "snapshots", firstCommit, "weights.bin"));
  assert.ok((await lstat(p)).isSymbolicLink());
  assert.equal(basename(await readlink(p)), sha256(bin));
  assert.equal(sha256(await readFile(p)), sha256(bin));
  const q = await downloadFileToCacheDir({ repo, path: "small.txt", hubUrl, accessToken, cacheDir });
  assert.equal(basename(await readlink(q)), gitSha1(small));
  assert.deepEqual(await readFile(q), small);
});

await step("snapshotDownload", async () => {
  const snapCache = await mkdtemp(join(tmpdir(), "hfhub-interop-snap-"));
  try {
    const dir = await snapshotDownload({ repo, hubUrl, accessToken, cacheDir: snapCache });
    const folder = join(snapCache, `models--user--interop-${suffix}`);
    assert.equal(dir, join(folder, "snapshots", firstCommit));
    assert.equal((await readFile(join(folder, "refs", "main"), "utf8")), firstCommit);
    for (const [path, buf] of Object.entries(files)) {
      assert.equal(sha256(await readFile(join(dir, path))), sha256(buf), path);
    }
    const blobs = await readdir(join(folder, "blobs"));
    assert.ok(blobs.includes(sha256(large)) && blobs.includes(gitSha1(small)));
  } finally {
    await rm(snapCache, { recursive: true, force: true });
  }
});

await step("modelInfo", async () => {
  const info = await modelInfo({ name: repoName, hubUrl, additionalFields: ["sha", "tags", "filePaths"] });
  assert.equal(info.name, repoName);
  assert.equal(info.private, false);
  assert.equal(info.gated, false);
  assert.equal(info.sha, firstCommit);
  assert.ok(info.tags.includes("interop"));
  assert.ok(info.tags.includes("license:apache-2.0"));
  assert.ok(info.filePaths.includes("large.safetensors"));
  assert.ok(info.updatedAt instanceof Date && !isNaN(info.updatedAt));
});

await step("listModels with search", async () => {
  const found = [];
  for await (const m of listModels({ search: { query: `interop-${suffix}` }, hubUrl })) found.push(m.name);
  assert.deepEqual(found, [repoName]);
  const none = [];
  for await (const m of listModels({ search: { query: `interop-${suffix}`, owner: "acme" }, hubUrl })) none.push(m);
  assert.equal(none.length, 0);
});

await step("commit with deletes (+ parentCommit, branch)", async () => {
  const out = await commit({
    repo, ...creds, title: "delete and add", parentCommit: firstCommit, useXet: false,
    operations: [
      { operation: "delete", path: "small.txt" },
      { operation: "delete", path: "conf/nested/config.json" },
      { operation: "addOrUpdate", path: "added.txt", content: new Blob(["added\n"]) },
    ],
  });
  const paths = [];
  for await (const e of listFiles({ repo, recursive: true, hubUrl })) if (e.type === "file") paths.push(e.path);
  assert.deepEqual(paths.sort(), [".gitattributes", "README.md", "added.txt", "large.safetensors", "weights.bin"]);
  const history = [];
  for await (const c of listCommits({ repo, hubUrl })) history.push(c);
  assert.deepEqual(history.map((c) => c.title), ["delete and add", "upload interop files", "initial commit"]);
  assert.equal(history[0].oid, out.commit.oid);
  assert.equal(await countCommits({ repo, hubUrl }), 3);
  // a stale parentCommit is refused
  await expectApiError(commit({ repo, ...creds, title: "stale", parentCommit: firstCommit, useXet: false,
    operations: [{ operation: "addOrUpdate", path: "x.txt", content: new Blob(["x"]) }] }), 412, "stale parent");
  await createBranch({ repo, ...creds, branch: "dev" });
  await commit({ repo, ...creds, title: "on dev", branch: "dev", useXet: false,
    operations: [{ operation: "addOrUpdate", path: "dev.txt", content: new Blob(["dev"]) }] });
  assert.equal(await fileExists({ repo, path: "dev.txt", revision: "dev", hubUrl }), true);
  assert.equal(await fileExists({ repo, path: "dev.txt", hubUrl }), false);
  await deleteBranch({ repo, ...creds, branch: "dev" });
});

await step("uploadFiles with the default useXet: falls back to LFS (localhub offers no Xet)", async () => {
  const data = randomBytes(70_000);
  await uploadFiles({ repo, ...creds, files: [{ path: "xet-fallback.bin", content: new Blob([data]) }] });
  const blob = await downloadFile({ repo, path: "xet-fallback.bin", hubUrl });
  assert.equal(sha256(await blobBuffer(blob)), sha256(data));
  const info = await pathsInfo({ repo, paths: ["xet-fallback.bin"], hubUrl });
  assert.equal(info[0].lfs.oid, sha256(data));
  // the repo is Xet-enabled: like the Hub, localhub stores the LFS object in Xet too, and the
  // tree item carries its Xet hash (the one resolve sends as X-Xet-Hash)
  assert.match(info[0].xetHash, /^[0-9a-f]{64}$/);
});

await step("pathsInfo", async () => {
  const info = await pathsInfo({ repo, paths: ["weights.bin", "added.txt"], expand: true, hubUrl });
  assert.equal(info.length, 2);
  const w = info.find((i) => i.path === "weights.bin");
  assert.equal(w.lfs.oid, sha256(bin));
  assert.equal(w.lastCommit.id, firstCommit);
  assert.ok(w.lastCommit.date instanceof Date);
});

await step("missing file: downloadFile null, fileExists false", async () => {
  assert.equal(await downloadFile({ repo, path: "nope.txt", hubUrl }), null);
  assert.equal(await fileDownloadInfo({ repo, path: "nope/deeper.bin", hubUrl }), null);
  assert.equal(await fileExists({ repo, path: "nope.txt", hubUrl }), false);
});

await step("private repo: errors without a token, works with one", async () => {
  const priv = { type: "model", name: `user/interop-private-${suffix}` };
  await createRepo({ repo: priv, ...creds, private: true });
  await uploadFiles({ repo: priv, ...creds, useXet: false, files: [{ path: "p.txt", content: new Blob(["secret"]) }] });
  await expectApiError(modelInfo({ name: priv.name, hubUrl }), 401, "modelInfo without token");
  await expectApiError(downloadFile({ repo: priv, path: "p.txt", hubUrl }), 401, "downloadFile without token");
  await expectApiError(downloadFile({ repo: priv, path: "p.txt", hubUrl, accessToken: "hf_other_write_token" }), 404,
    "downloadFile with another user's token");
  const blob = await downloadFile({ repo: priv, path: "p.txt", ...creds });
  assert.equal(await blob.text(), "secret");
  assert.equal((await modelInfo({ name: priv.name, ...creds })).private, true);
  await deleteRepo({ repo: priv, ...creds });
});

await step("gated repo: 401 without a token, 403 without access, content with access", async () => {
  const gated = { type: "model", name: `user/interop-gated-${suffix}` };
  await createRepo({ repo: gated, ...creds });
  await uploadFiles({ repo: gated, ...creds, useXet: false, files: [{ path: "g.txt", content: new Blob(["gated"]) }] });
  const r = await fetch(`${hubUrl}/api/models/${gated.name}/settings`, { method: "PUT",
    headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ gated: "manual" }) });
  assert.equal(r.status, 200);
  assert.equal((await modelInfo({ name: gated.name, hubUrl })).gated, "manual"); // metadata stays public
  const e1 = await expectApiError(downloadFile({ repo: gated, path: "g.txt", hubUrl }), 401, "gated, no token");
  assert.match(e1.message, /restricted/);
  await expectApiError(downloadFile({ repo: gated, path: "g.txt", hubUrl, accessToken: "hf_other_write_token" }), 403,
    "gated, no access");
  assert.equal(await (await downloadFile({ repo: gated, path: "g.txt", ...creds })).text(), "gated");
  await deleteRepo({ repo: gated, ...creds });
});

await step("pull request: uploadFiles isPullRequest, download from refs/pr/1", async () => {
  const out = await uploadFiles({ repo, ...creds, useXet: false, isPullRequest: true, commitTitle: "a PR",
    files: [{ path: "pr.txt", content: new Blob(["from a PR\n"]) }] });
  assert.equal(out.pullRequestUrl, `${hubUrl}/${repoName}/discussions/1`);
  const blob = await downloadFile({ repo, path: "pr.txt", revision: "refs/pr/1", hubUrl });
  assert.equal(await blob.text(), "from a PR\n");
  assert.equal(await fileExists({ repo, path: "pr.txt", hubUrl }), false);
});

await step("dataset: createRepo, uploadFile, datasetInfo, listDatasets, snapshotDownload", async () => {
  const ds = { type: "dataset", name: `acme/interop-ds-${suffix}` };
  await createRepo({ repo: ds, ...creds });
  const rows = Buffer.from("a,b\n1,2\n");
  const parquet = randomBytes(5000);
  await uploadFile({ repo: ds, ...creds, useXet: false, file: { path: "data/train.csv", content: new Blob([rows]) } });
  await uploadFile({ repo: ds, ...creds, useXet: false, file: { path: "data/train.parquet", content: new Blob([parquet]) } });
  const info = await datasetInfo({ name: ds.name, hubUrl, additionalFields: ["sha"] });
  assert.equal(info.name, ds.name);
  assert.match(info.sha, /^[0-9a-f]{40}$/);
  const names = [];
  for await (const d of listDatasets({ search: { query: `interop-ds-${suffix}` }, hubUrl })) names.push(d.name);
  assert.deepEqual(names, [ds.name]);
  const snapCache = await mkdtemp(join(tmpdir(), "hfhub-interop-ds-"));
  try {
    const dir = await snapshotDownload({ repo: ds, hubUrl, cacheDir: snapCache });
    assert.equal(dir, join(snapCache, `datasets--acme--interop-ds-${suffix}`, "snapshots", info.sha));
    assert.deepEqual(await readFile(join(dir, "data/train.csv")), rows);
    assert.equal(sha256(await readFile(join(dir, "data/train.parquet"))), sha256(parquet));
  } finally {
    await rm(snapCache, { recursive: true, force: true });
  }
  const paths = [];
  for await (const e of listFiles({ repo: ds, recursive: true, hubUrl })) paths.push([e.path, !!e.lfs]);
  assert.deepEqual(paths.filter(([p]) => p.startsWith("data/")),
    [["data/train.csv", false], ["data/train.parquet", true]]);
  await deleteRepo({ repo: ds, ...creds });
});

await step("space: createRepo (sdk static), spaceInfo", async () => {
  const sp = { type: "space", name: `user/interop-space-${suffix}` };
  const out = await createRepo({ repo: sp, ...creds });
  assert.equal(out.repoUrl, `${hubUrl}/spaces/${sp.name}`);
  const info = await spaceInfo({ name: sp.name, hubUrl, additionalFields: ["sha"] });
  assert.equal(info.sdk, "static");
  assert.match(info.sha, /^[0-9a-f]{40}$/);
  await deleteRepo({ repo: sp, ...creds });
});

await step("collections: createCollection, listCollections, deleteCollection", async () => {
  // (addCollectionItem/collectionInfo exist in the sources but are not exported by 2.17.5:
  //  the item is added with a plain request, as those functions would send it)
  const { slug } = await createCollection({ ...creds, collection: { title: `interop ${suffix}`, namespace: "acme",
    description: "made by the interop test" } });
  assert.match(slug, /^acme\//);
  const add = await fetch(`${hubUrl}/api/collections/${slug}/items`, { method: "POST",
    headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ item: { type: "model", id: repoName }, note: "the interop model" }) });
  assert.equal(add.status, 200);
  const found = [];
  for await (const c of listCollections({ search: { owner: ["acme"], item: [`models/${repoName}`] }, hubUrl })) {
    found.push(c.slug);
    assert.equal(c.items[0].id, repoName);
    assert.equal(c.owner.name, "acme");
  }
  assert.deepEqual(found, [slug]);
  await deleteCollection({ ...creds, slug });
  const none = [];
  for await (const c of listCollections({ search: { owner: ["acme"], q: `interop ${suffix}` }, hubUrl })) none.push(c);
  assert.equal(none.length, 0);
});

await step("deleteRepo", async () => {
  await deleteRepo({ repo, ...creds });
  assert.equal(await repoExists({ repo, hubUrl }), false);
  await expectApiError(modelInfo({ name: repoName, ...creds }), 404, "modelInfo after delete");
  await expectApiError(deleteRepo({ repo, ...creds }), 404, "second deleteRepo");
});

await rm(cacheDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
