// A small model of two chunking rules, used by run.sh to explain boundary differences:
//   node ref_chunker.mjs FILE ACCEPT
// prints the chunk end offsets, one a line. The gear hash starts from 0 at chunk offset 8127
// (bytes before cannot reach a tested 64-bit state) and a hit is taken at chunk size >= ACCEPT.
// ACCEPT=8192 is xet-core's rule (spec/xet.md §1.3); ACCEPT=8128 models
// @huggingface/xetchunk-wasm 0.2.0, which takes a hit right after its 8127-byte skip-ahead
// (vectors/README.md §5). The gear table is read from ../shared/spec/xet.md.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const spec = readFileSync(process.env.HFHUB_SPEC || join(here, "../../../shared/spec/xet.md"), "utf8");
const table = spec.slice(spec.indexOf("XET_GEAR[256] = {")).match(/0x[0-9a-f]{16}/g).slice(0, 256);
if (table.length !== 256) throw new Error("gear table not found in the spec");
const hiT = new Uint32Array(table.map((t) => parseInt(t.slice(2, 10), 16)));
const loT = new Uint32Array(table.map((t) => parseInt(t.slice(10), 16)));

const data = readFileSync(process.argv[2]);
const accept = Number(process.argv[3]);
const MIN = 8192, MAX = 131072;
const ends = [];
let start = 0;
while (start < data.length) {
  let hi = 0, lo = 0, end = Math.min(start + MAX, data.length), cut = end;
  for (let i = start + MIN - 64 - 1; i < end; i++) {
    const b = data[i];
    const nlo = ((lo << 1) >>> 0) + loT[b];           // 64-bit (h << 1) + T[b] in 32-bit halves
    hi = (((hi << 1) | (lo >>> 31)) + hiT[b] + (nlo > 0xffffffff ? 1 : 0)) >>> 0;
    lo = nlo >>> 0;
    if ((hi >>> 16) === 0 && i - start + 1 >= accept) { cut = i + 1; break; }
  }
  ends.push(cut);
  start = cut;
}
process.stdout.write(ends.map((e) => e + "\n").join(""));
