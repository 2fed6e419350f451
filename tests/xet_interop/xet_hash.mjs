// The oracle side of tests/xet_interop/run.sh: the output of build/xet-hash, computed with
// @huggingface/xetchunk-wasm (an independent implementation of the chunker and the hashes).
//
//   node xet_hash.mjs FILE [--chunks]             the package chunks and hashes FILE
//   node xet_hash.mjs FILE --ends ENDS [--chunks] the package hashes FILE cut at the given
//                                                 chunk ends (one decimal end offset a line),
//                                                 with its own BLAKE3 (@huggingface/blake3-jit)
import { openSync, readSync, closeSync, readFileSync } from "node:fs";
import {
  createChunker, nextBlock, finalize, hashToHex, xorbHash, fileHash, verificationHash,
} from "@huggingface/xetchunk-wasm";
import { Hasher } from "@huggingface/blake3-jit";

// The Xet data (chunk) key: spec/xet.md §2.1.
const DATA_KEY = new Uint8Array([
  102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28,
  157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41,
]);

const args = process.argv.slice(2);
const path = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--ends");
const listChunks = args.includes("--chunks");
const endsIdx = args.indexOf("--ends");
if (!path) {
  console.error("usage: node xet_hash.mjs FILE [--chunks] [--ends ENDS]");
  process.exit(2);
}

// Streams the file in 1 MiB blocks, calling fn(block, offset).
function eachBlock(fn) {
  const fd = openSync(path, "r");
  const buf = new Uint8Array(1 << 20);
  let off = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    fn(buf.subarray(0, n), off);
    off += n;
  }
  closeSync(fd);
  return off;
}

const chunks = [];
let size;
if (endsIdx < 0) {
  const chunker = createChunker();
  size = eachBlock((block) => { for (const c of nextBlock(chunker, block)) chunks.push(c); });
  const last = finalize(chunker);
  if (last) chunks.push(last);
} else {
  const ends = readFileSync(args[endsIdx + 1], "utf8").split(/\s+/).filter(Boolean).map(Number);
  const hasher = Hasher.newKeyed(DATA_KEY);
  let i = 0, start = 0;
  hasher.reset();
  size = eachBlock((block, off) => {
    let p = 0;
    while (p < block.length) {
      const take = Math.min(block.length - p, ends[i] - (off + p));
      hasher.update(block.subarray(p, p + take));
      p += take;
      if (off + p === ends[i]) {
        chunks.push({ hash: hasher.finalize(32), length: ends[i] - start });
        hasher.reset();
        start = ends[i];
        i++;
      }
    }
  });
  if (i !== ends.length) throw new Error("chunk ends do not match the file");
}

let out = "";
if (listChunks) {
  let off = 0;
  for (const c of chunks) {
    out += `${off} ${c.length} ${hashToHex(c.hash)}\n`;
    off += c.length;
  }
}
out += JSON.stringify({
  size,
  nchunks: chunks.length,
  xorbHash: hashToHex(xorbHash(chunks)),
  fileHash: hashToHex(fileHash(chunks)),
  verificationHash: hashToHex(verificationHash(chunks.map((c) => c.hash))),
}) + "\n";
process.stdout.write(out);
