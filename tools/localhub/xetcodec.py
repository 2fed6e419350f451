"""Xet codecs in pure Python (stdlib only): BLAKE3 (keyed), the gearhash chunker, merkle /
xorb / file / verification hashes, Xet hex, LZ4 frame decoding, byte grouping, xorb records
and footer, shards. Facts: shared/spec/xet.md §1-§4. Slow (pure Python): localhub uses the
C helper (xethelper.py) for big inputs and this module for small ones and for the checks."""

import struct

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF

# ---- BLAKE3 ----------------------------------------------------------------------------
_IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19)
_PERM = (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8)
_CHUNK_START, _CHUNK_END, _PARENT, _ROOT, _KEYED = 1, 2, 4, 8, 16


def _compress(cv, m, counter, blen, flags):
    v = list(cv) + list(_IV[:4]) + [counter & M32, (counter >> 32) & M32, blen, flags]
    m = list(m)

    def g(a, b, c, d, x, y):
        v[a] = (v[a] + v[b] + x) & M32
        t = v[d] ^ v[a]
        v[d] = ((t >> 16) | (t << 16)) & M32
        v[c] = (v[c] + v[d]) & M32
        t = v[b] ^ v[c]
        v[b] = ((t >> 12) | (t << 20)) & M32
        v[a] = (v[a] + v[b] + y) & M32
        t = v[d] ^ v[a]
        v[d] = ((t >> 8) | (t << 24)) & M32
        v[c] = (v[c] + v[d]) & M32
        t = v[b] ^ v[c]
        v[b] = ((t >> 7) | (t << 25)) & M32

    for r in range(7):
        g(0, 4, 8, 12, m[0], m[1])
        g(1, 5, 9, 13, m[2], m[3])
        g(2, 6, 10, 14, m[4], m[5])
        g(3, 7, 11, 15, m[6], m[7])
        g(0, 5, 10, 15, m[8], m[9])
        g(1, 6, 11, 12, m[10], m[11])
        g(2, 7, 8, 13, m[12], m[13])
        g(3, 4, 9, 14, m[14], m[15])
        if r < 6:
            m = [m[i] for i in _PERM]
    return [v[i] ^ v[i + 8] for i in range(8)]


def _chunk_cv(key, data, counter, root):
    cv = key
    nblocks = max(1, (len(data) + 63) // 64)
    for j in range(nblocks):
        block = data[64 * j:64 * j + 64]
        flags = _KEYED | (_CHUNK_START if j == 0 else 0)
        if j == nblocks - 1:
            flags |= _CHUNK_END | (_ROOT if root else 0)
        words = struct.unpack("<16I", block.ljust(64, b"\0"))
        cv = _compress(cv, words, counter, len(block), flags)
    return cv


def blake3_keyed(key, data):
    """BLAKE3 keyed hash (32-byte key) of data, 32-byte output."""
    data = bytes(data)
    k = struct.unpack("<8I", key)
    n = max(1, (len(data) + 1023) // 1024)
    if n == 1:
        return struct.pack("<8I", *_chunk_cv(k, data, 0, True))
    stack = []
    for i in range(n - 1):
        cv = _chunk_cv(k, data[1024 * i:1024 * i + 1024], i, False)
        total = i + 1
        while total & 1 == 0:
            cv = _compress(k, stack.pop() + cv, 0, 64, _KEYED | _PARENT)
            total >>= 1
        stack.append(cv)
    cv = _chunk_cv(k, data[1024 * (n - 1):], n - 1, False)
    while stack:
        left = stack.pop()
        cv = _compress(k, left + cv, 0, 64, _KEYED | _PARENT | (0 if stack else _ROOT))
    return struct.pack("<8I", *cv)


# ---- keys, hex, merkle ---------------------------------------------------------------------
DATA_KEY = bytes([102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28,
                  157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41])
NODE_KEY = bytes([1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138, 2, 230,
                  93, 221, 83, 111, 55, 199, 109, 210, 248, 99, 82, 230, 74, 83, 113, 63])
VERIFICATION_KEY = bytes([127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165, 195, 243,
                          164, 205, 38, 213, 181, 219, 73, 230, 65, 36, 152, 127, 40, 251, 148, 195])
ZERO_KEY = bytes(32)


def to_hex(h):
    """Xet hex: four little-endian u64 words, each printed big-endian."""
    return "".join(h[8 * w:8 * w + 8][::-1].hex() for w in range(4))


def from_hex(s):
    if not isinstance(s, str) or len(s) != 64:
        raise ValueError("a Xet hash is 64 hex characters")
    b = bytes.fromhex(s.lower())
    return b"".join(b[8 * w:8 * w + 8][::-1] for w in range(4))


def chunk_hash(data):
    return blake3_keyed(DATA_KEY, data)


def _cut(nodes):
    n = len(nodes)
    if n <= 2:
        return n
    end = min(9, n)
    for i in range(2, end):
        if struct.unpack_from("<Q", nodes[i][0], 24)[0] % 4 == 0:
            return i + 1
    return end


def merkle_root(nodes):
    """Aggregated hash of [(hash32, size)]."""
    if not nodes:
        return bytes(32)
    nodes = list(nodes)
    while len(nodes) > 1:
        out, i = [], 0
        while i < len(nodes):
            c = i + _cut(nodes[i:i + 9])
            grp = nodes[i:c]
            text = "".join("%s : %d\n" % (to_hex(h), s) for h, s in grp).encode()
            out.append((blake3_keyed(NODE_KEY, text), sum(s for _, s in grp)))
            i = c
        nodes = out
    return nodes[0][0]


def file_hash(nodes):
    if not nodes:
        return bytes(32)
    return blake3_keyed(ZERO_KEY, merkle_root(nodes))


def verification_hash(hashes):
    return blake3_keyed(VERIFICATION_KEY, b"".join(hashes))


# ---- chunker ---------------------------------------------------------------------------------
MIN_CHUNK, MAX_CHUNK, MASK = 8192, 131072, 0xFFFF000000000000
GEAR = (
    0xb088d3a9e840f559, 0x5652c7f739ed20d6, 0x45b28969898972ab, 0x6b0a89d5b68ec777,
    0x368f573e8b7a31b7, 0x1dc636dce936d94b, 0x207a4c4e5554d5b6, 0xa474b34628239acb,
    0x3b06a83e1ca3b912, 0x90e78d6c2f02baf7, 0xe1c92df7150d9a8a, 0x8e95053a1086d3ad,
    0x5a2ef4f1b83a0722, 0xa50fac949f807fae, 0x0e7303eb80d8d681, 0x99b07edc1570ad0f,
    0x689d2fb555fd3076, 0x00005082119ea468, 0xc4b08306a88fcc28, 0x3eb0678af6374afd,
    0xf19f87ab86ad7436, 0xf2129fbfbe6bc736, 0x481149575c98a4ed, 0x0000010695477bc5,
    0x1fba37801a9ceacc, 0x3bf06fd663a49b6d, 0x99687e9782e3874b, 0x79a10673aa50d8e3,
    0xe4accf9e6211f420, 0x2520e71f87579071, 0x2bd5d3fd781a8a9b, 0x00de4dcddd11c873,
    0xeaa9311c5a87392f, 0xdb748eb617bc40ff, 0xaf579a8df620bf6f, 0x86a6e5da1b09c2b1,
    0xcc2fc30ac322a12e, 0x355e2afec1f74267, 0x2d99c8f4c021a47b, 0xbade4b4a9404cfc3,
    0xf7b518721d707d69, 0x3286b6587bf32c20, 0x0000b68886af270c, 0xa115d6e4db8a9079,
    0x484f7e9c97b2e199, 0xccca7bb75713e301, 0xbf2584a62bb0f160, 0xade7e813625dbcc8,
    0x000070940d87955a, 0x8ae69108139e626f, 0xbd776ad72fde38a2, 0xfb6b001fc2fcc0cf,
    0xc7a474b8e67bc427, 0xbaf6f11610eb5d58, 0x09cb1f5b6de770d1, 0xb0b219e6977d4c47,
    0x00ccbc386ea7ad4a, 0xcc849d0adf973f01, 0x73a3ef7d016af770, 0xc807d2d386bdbdfe,
    0x7f2ac9966c791730, 0xd037a86bc6c504da, 0xf3f17c661eaa609d, 0xaca626b04daae687,
    0x755a99374f4a5b07, 0x90837ee65b2caede, 0x6ee8ad93fd560785, 0x0000d9e11053edd8,
    0x9e063bb2d21cdbd7, 0x07ab77f12a01d2b2, 0xec550255e6641b44, 0x78fb94a8449c14c6,
    0xc7510e1bc6c0f5f5, 0x0000320b36e4cae3, 0x827c33262c8b1a2d, 0x14675f0b48ea4144,
    0x267bd3a6498deceb, 0xf1916ff982f5035e, 0x86221b7ff434fb88, 0x9dbecee7386f49d8,
    0xea58f8cac80f8f4a, 0x008d198692fc64d8, 0x6d38704fbabf9a36, 0xe032cb07d1e7be4c,
    0x228d21f6ad450890, 0x635cb1bfc02589a5, 0x4620a1739ca2ce71, 0xa7e7dfe3aae5fb58,
    0x0c10ca932b3c0deb, 0x2727fee884afed7b, 0xa2df1c6df9e2ab1f, 0x4dcdd1ac0774f523,
    0x000070ffad33e24e, 0xa2ace87bc5977816, 0x9892275ab4286049, 0xc2861181ddf18959,
    0xbb9972a042483e19, 0xef70cd3766513078, 0x00000513abfc9864, 0xc058b61858c94083,
    0x09e850859725e0de, 0x9197fb3bf83e7d94, 0x7e1e626d12b64bce, 0x520c54507f7b57d1,
    0xbee1797174e22416, 0x6fd9ac3222e95587, 0x0023957c9adfbf3e, 0xa01c7d7e234bbe15,
    0xaba2c758b8a38cbb, 0x0d1fa0ceec3e2b30, 0x0bb6a58b7e60b991, 0x4333dd5b9fa26635,
    0xc2fd3b7d4001c1a3, 0xfb41802454731127, 0x65a56185a50d18cb, 0xf67a02bd8784b54f,
    0x696f11dd67e65063, 0x00002022fca814ab, 0x8cd6be912db9d852, 0x695189b6e9ae8a57,
    0xee9453b50ada0c28, 0xd8fc5ea91a78845e, 0xab86bf191a4aa767, 0x0000c6b5c86415e5,
    0x267310178e08a22e, 0xed2d101b078bca25, 0x3b41ed84b226a8fb, 0x13e622120f28dc06,
    0xa315f5ebfb706d26, 0x8816c34e3301bace, 0xe9395b9cbb71fdae, 0x002ce9202e721648,
    0x4283db1d2bb3c91c, 0xd77d461ad2b1a6a5, 0xe2ec17e46eeb866b, 0xb8e0be4039fbc47c,
    0xdea160c4d5299d04, 0x7eec86c8d28c3634, 0x2119ad129f98a399, 0xa6ccf46b61a283ef,
    0x2c52cedef658c617, 0x2db4871169acdd83, 0x0000f0d6f39ecbe9, 0x3dd5d8c98d2f9489,
    0x8a1872a22b01f584, 0xf282a4c40e7b3cf2, 0x8020ec2ccb1ba196, 0x6693b6e09e59e313,
    0x0000ce19cc7c83eb, 0x20cb5735f6479c3b, 0x762ebf3759d75a5b, 0x207bfe823d693975,
    0xd77dc112339cd9d5, 0x9ba7834284627d03, 0x217dc513e95f51e9, 0xb27b1a29fc5e7816,
    0x00d5cd9831bb662d, 0x71e39b806d75734c, 0x7e572af006fb1a23, 0xa2734f2f6ae91f85,
    0xbf82c6b5022cddf2, 0x5c3beac60761a0de, 0xcdc893bb47416998, 0x6d1085615c187e01,
    0x77f8ae30ac277c5d, 0x917c6b81122a2c91, 0x5b75b699add16967, 0x0000cf6ae79a069b,
    0xf3c40afa60de1104, 0x2063127aa59167c3, 0x621de62269d1894d, 0xd188ac1de62b4726,
    0x107036e2154b673c, 0x0000b85f28553a1d, 0xf2ef4e4c18236f3d, 0xd9d6de6611b9f602,
    0xa1fc7955fb47911c, 0xeb85fd032f298dbd, 0xbe27502fb3befae1, 0xe3034251c4cd661e,
    0x441364d354071836, 0x0082b36c75f2983e, 0xb145910316fa66f0, 0x021c069c9847caf7,
    0x2910dfc75a4b5221, 0x735b353e1c57a8b5, 0xce44312ce98ed96c, 0xbc942e4506bdfa65,
    0xf05086a71257941b, 0xfec3b215d351cead, 0x00ae1055e0144202, 0xf54b40846f42e454,
    0x00007fd9c8bcbcc8, 0xbfbd9ef317de9bfe, 0xa804302ff2854e12, 0x39ce4957a5e5d8d4,
    0xffb9e2a45637ba84, 0x55b9ad1d9ea0818b, 0x00008acbf319178a, 0x48e2bfc8d0fbfb38,
    0x8be39841e848b5e8, 0x0e2712160696a08b, 0xd51096e84b44242a, 0x1101ba176792e13a,
    0xc22e770f4531689d, 0x1689eff272bbc56c, 0x00a92a197f5650ec, 0xbc765990bda1784e,
    0xc61441e392fcb8ae, 0x07e13a2ced31e4a0, 0x92cbe984234e9d4d, 0x8f4ff572bb7d8ac5,
    0x0b9670c00b963bd0, 0x62955a581a03eb01, 0x645f83e5ea000254, 0x41fce516cd88f299,
    0xbbda9748da7a98cf, 0x0000aab2fe4845fa, 0x19761b069bf56555, 0x8b8f5e8343b6ad56,
    0x3e5d1cfd144821d9, 0xec5c1e2ca2b0cd8f, 0xfaf7e0fea7fbb57f, 0x000000d3ba12961b,
    0xda3f90178401b18e, 0x70ff906de33a5feb, 0x0527d5a7c06970e7, 0x22d8e773607c13e9,
    0xc9ab70df643c3bac, 0xeda4c6dc8abe12e3, 0xecef1f410033e78a, 0x0024c2b274ac72cb,
    0x06740d954fa900b4, 0x1d7a299b323d6304, 0xb3c37cb298cbead5, 0xc986e3c76178739b,
    0x9fabea364b46f58a, 0x6da214c5af85cc56, 0x17a43ed8b7a38f84, 0x6eccec511d9adbeb,
    0xf9cab30913335afb, 0x4a5e60c5f415eed2, 0x00006967503672b4, 0x9da51d121454bb87,
    0x84321e13b9bbc816, 0xfb3d6fb6ab2fdd8d, 0x60305eed8e160a8d, 0xcbbf4b14e9946ce8,
    0x00004f63381b10c3, 0x07d5b7816fcc4e10, 0xe5a536726a6a8155, 0x57afb23447a07fdd,
    0x18f346f7abc9d394, 0x636dc655d61ad33d, 0xcc8bab4939f7f3f6, 0x63c7a906c1dd187b,
)


def chunk_ends(data):
    """End offsets of the CDC chunks of data (§1.3, with the skip-ahead of §1.4)."""
    ends, start, n = [], 0, len(data)
    gear = GEAR
    while start < n:
        if n - start <= MIN_CHUNK:
            ends.append(n)
            break
        h = 0
        i = start + MIN_CHUNK - 65
        stop = min(n, start + MAX_CHUNK)
        cut = stop
        while i < stop:
            h = ((h << 1) + gear[data[i]]) & M64
            i += 1
            if not (h & MASK) and i - start >= MIN_CHUNK:
                cut = i
                break
        ends.append(cut)
        start = cut
    return ends


# ---- LZ4 frames, byte grouping ----------------------------------------------------------------
class CodecError(ValueError):
    pass


def _lz4_block(src, out, limit):
    i, n = 0, len(src)
    while i < n:
        tok = src[i]
        i += 1
        lit = tok >> 4
        if lit == 15:
            while True:
                if i >= n:
                    raise CodecError("lz4: truncated literal length")
                b = src[i]
                i += 1
                lit += b
                if b != 255:
                    break
        if i + lit > n:
            raise CodecError("lz4: literals past the end")
        out += src[i:i + lit]
        i += lit
        if len(out) > limit:
            raise CodecError("lz4: output too large")
        if i == n:
            return
        if i + 2 > n:
            raise CodecError("lz4: truncated offset")
        off = src[i] | (src[i + 1] << 8)
        i += 2
        ml = (tok & 15) + 4
        if tok & 15 == 15:
            while True:
                if i >= n:
                    raise CodecError("lz4: truncated match length")
                b = src[i]
                i += 1
                ml += b
                if b != 255:
                    break
        if off == 0 or off > len(out):
            raise CodecError("lz4: bad match offset")
        if len(out) + ml > limit:
            raise CodecError("lz4: output too large")
        s = len(out) - off
        if off >= ml:
            out += out[s:s + ml]
        else:
            for k in range(ml):
                out.append(out[s + k])


def lz4_frame_decode(src, limit):
    src = bytes(src)
    if len(src) < 7 or src[:4] != b"\x04\x22\x4d\x18":
        raise CodecError("lz4: not an LZ4 frame")
    flg = src[4]
    if flg >> 6 != 1:
        raise CodecError("lz4: unsupported frame version")
    i = 6 + (8 if flg & 8 else 0) + (4 if flg & 1 else 0) + 1
    out = bytearray()
    while True:
        if i + 4 > len(src):
            raise CodecError("lz4: truncated block header")
        bsz = struct.unpack_from("<I", src, i)[0]
        i += 4
        if bsz == 0:
            break
        raw, bsz = bsz & 0x80000000, bsz & 0x7FFFFFFF
        if i + bsz > len(src):
            raise CodecError("lz4: truncated block")
        if raw:
            out += src[i:i + bsz]
            if len(out) > limit:
                raise CodecError("lz4: output too large")
        else:
            _lz4_block(src[i:i + bsz], out, limit)
        i += bsz + (4 if flg & 16 else 0)
    return bytes(out)


def bg4_ungroup(g):
    n = len(g)
    q, r = divmod(n, 4)
    out = bytearray(n)
    pos = 0
    for k in range(4):
        size = q + (1 if k < r else 0)
        out[k::4] = g[pos:pos + size]
        pos += size
    return bytes(out)


# ---- xorbs --------------------------------------------------------------------------------------
def decode_record(scheme, payload, ulen):
    if scheme == 0:
        data = payload
    elif scheme == 1:
        data = lz4_frame_decode(payload, ulen)
    elif scheme == 2:
        data = bg4_ungroup(lz4_frame_decode(payload, ulen))
    else:
        raise CodecError("xorb: unknown compression scheme %d" % scheme)
    if len(data) != ulen:
        raise CodecError("xorb: chunk decodes to %d bytes, header says %d" % (len(data), ulen))
    return bytes(data)


def iter_records(buf, start=0, end=None):
    """Yields (offset, record_end, scheme, payload, ulen) for the records in buf[start:end]; stops at
    a footer (XETBLOB)."""
    end = len(buf) if end is None else end
    i = start
    while i < end:
        if buf[i:i + 7] == b"XETBLOB":
            return
        if i + 8 > end:
            raise CodecError("xorb: truncated record header at %d" % i)
        ver, clen, scheme, ulen = buf[i], int.from_bytes(buf[i + 1:i + 4], "little"), buf[i + 4], \
            int.from_bytes(buf[i + 5:i + 8], "little")
        if ver != 0 or scheme > 2 or ulen > MAX_CHUNK or ulen == 0 or clen > 2 * MAX_CHUNK:
            raise CodecError("xorb: invalid record header at %d" % i)
        if i + 8 + clen > end:
            raise CodecError("xorb: truncated record at %d" % i)
        yield i, i + 8 + clen, scheme, buf[i + 8:i + 8 + clen], ulen
        i += 8 + clen


def footer(xorb_hash, hashes, record_ends, unpacked_ends):
    n = len(hashes)
    bnd = 12 + 8 * n + 28
    hsh = 12 + 32 * n + bnd
    info = b"".join([b"XETBLOB\x01", xorb_hash, b"XBLBHSH\x00", struct.pack("<I", n), b"".join(hashes),
                     b"XBLBBND\x01", struct.pack("<I", n), struct.pack("<%dI" % n, *record_ends),
                     struct.pack("<%dI" % n, *unpacked_ends), struct.pack("<III", n, hsh, bnd), bytes(16)])
    assert len(info) == 92 + 40 * n
    return info + struct.pack("<I", len(info))


def parse_footer(buf):
    """-> (records_len, xorb_hash, [chunk hashes], [record ends], [unpacked ends]) of a stored xorb."""
    if len(buf) < 4:
        raise CodecError("xorb: too short for a footer")
    flen = struct.unpack_from("<I", buf, len(buf) - 4)[0]
    start = len(buf) - 4 - flen
    if start < 0 or (flen - 92) % 40 or buf[start:start + 8] != b"XETBLOB\x01":
        raise CodecError("xorb: no footer")
    n = (flen - 92) // 40
    h = buf[start + 8:start + 40]
    p = start + 40 + 12
    hashes = [bytes(buf[p + 32 * k:p + 32 * k + 32]) for k in range(n)]
    p += 32 * n + 12
    rec = list(struct.unpack_from("<%dI" % n, buf, p))
    unp = list(struct.unpack_from("<%dI" % n, buf, p + 4 * n))
    return start, bytes(h), hashes, rec, unp


def pack_plain(chunks):
    """A stored xorb (records with scheme None + footer) for a list of chunk byte strings.
    -> (xorb bytes, xorb hash, chunk hashes)."""
    recs, hashes, rend, uend, pos, upos = [], [], [], [], 0, 0
    for c in chunks:
        hashes.append(chunk_hash(c))
        recs.append(bytes([0]) + len(c).to_bytes(3, "little") + bytes([0]) + len(c).to_bytes(3, "little") + c)
        pos += 8 + len(c)
        upos += len(c)
        rend.append(pos)
        uend.append(upos)
    xh = merkle_root(list(zip(hashes, [len(c) for c in chunks])))
    return b"".join(recs) + footer(xh, hashes, rend, uend), xh, hashes


# ---- shards ------------------------------------------------------------------------------------
SHARD_TAG = b"HFRepoMetaData\x00" + bytes([0x55, 0x69, 0x67, 0x45, 0x6a, 0x7b, 0x81, 0x57, 0x83, 0xa5, 0xbd, 0xd9,
                                            0x5c, 0xcd, 0xd1, 0x4a, 0xa9])
BOOKEND = b"\xff" * 32 + bytes(16)
FILE_VERIFICATION, FILE_METADATA_EXT = 0x80000000, 0x40000000


def parse_shard(buf):
    """-> {"files": [{"hash", "flags", "terms": [(xorb, unpacked, start, end)], "verification": [..],
    "sha256"}], "xorbs": [{"hash", "bytes_in_cas", "chunks": [(hash, byte_start, len, flags)]}],
    "footer": {...} or None}. Raises CodecError."""
    buf = bytes(buf)
    if len(buf) < 48 or buf[:32] != SHARD_TAG:
        raise CodecError("shard: bad header tag")
    version, footer_size = struct.unpack_from("<QQ", buf, 32)
    if version != 2 or footer_size not in (0, 200):
        raise CodecError("shard: unsupported version %d / footer size %d" % (version, footer_size))
    end = len(buf) - footer_size
    if end < 48:
        raise CodecError("shard: too short")
    foot = None
    if footer_size:
        f = buf[end:]
        foot = {"cas_info_offset": struct.unpack_from("<Q", f, 16)[0],
                "file_lookup_offset": struct.unpack_from("<Q", f, 24)[0],
                "hmac_key": f[72:104], "creation": struct.unpack_from("<Q", f, 104)[0],
                "expiry": struct.unpack_from("<Q", f, 112)[0]}
    p = 48

    def entry():
        nonlocal p
        if p + 48 > end:
            raise CodecError("shard: truncated at %d" % p)
        e = buf[p:p + 48]
        p += 48
        return e

    files = []
    while True:
        e = entry()
        if e == BOOKEND:
            break
        flags, n = struct.unpack_from("<II", e, 32)
        if n > (end - p) // 48:
            raise CodecError("shard: file block with %d terms past the end" % n)
        terms = []
        for _ in range(n):
            t = entry()
            u, s, x = struct.unpack_from("<III", t, 36)
            terms.append((t[:32], u, s, x))
        ver = [entry()[:32] for _ in range(n)] if flags & FILE_VERIFICATION else None
        sha = entry()[:32] if flags & FILE_METADATA_EXT else None
        files.append({"hash": e[:32], "flags": flags, "terms": terms, "verification": ver, "sha256": sha})
    xorbs = []
    while True:
        e = entry()
        if e == BOOKEND:
            break
        flags, n, in_cas, on_disk = struct.unpack_from("<IIII", e, 32)
        if n > (end - p) // 48:
            raise CodecError("shard: xorb block with %d chunks past the end" % n)
        chunks = []
        for _ in range(n):
            c = entry()
            bs, ln, fl = struct.unpack_from("<III", c, 32)
            chunks.append((c[:32], bs, ln, fl))
        xorbs.append({"hash": e[:32], "bytes_in_cas": in_cas, "chunks": chunks})
    if foot is None and p != end:
        raise CodecError("shard: %d trailing bytes" % (end - p))
    return {"files": files, "xorbs": xorbs, "footer": foot}


def build_shard(files, xorbs, hmac_key=bytes(32), creation=0, expiry=0, with_footer=True):
    """The stored form (no lookup tables: their offsets point at the footer, counts 0) or the
    upload form. files: [{"hash", "terms": [(xorb, unpacked, start, end)], "verification", "sha256"}];
    xorbs: [{"hash", "chunks": [(hash, byte_start, len, flags)]}]."""
    out = [SHARD_TAG, struct.pack("<QQ", 2, 200 if with_footer else 0)]
    for f in files:
        flags = (FILE_VERIFICATION if f.get("verification") else 0) | (FILE_METADATA_EXT if f.get("sha256") else 0)
        out.append(f["hash"] + struct.pack("<IIQ", flags, len(f["terms"]), 0))
        for x, u, s, e in f["terms"]:
            out.append(x + struct.pack("<IIII", 0, u, s, e))
        for v in f.get("verification") or []:
            out.append(v + bytes(16))
        if f.get("sha256"):
            out.append(f["sha256"] + bytes(16))
    out.append(BOOKEND)
    cas_off = sum(len(b) for b in out)
    stored = materialized = 0
    for x in xorbs:
        in_cas = sum(c[2] for c in x["chunks"])
        stored += in_cas
        out.append(x["hash"] + struct.pack("<IIII", 0, len(x["chunks"]), in_cas, 0))
        for h, bs, ln, fl in x["chunks"]:
            out.append(h + struct.pack("<IIII", bs, ln, fl, 0))
    out.append(BOOKEND)
    for f in files:
        materialized += sum(t[1] for t in f["terms"])
    if with_footer:
        off = sum(len(b) for b in out)
        out.append(struct.pack("<QQQQQQQQQ", 1, 48, cas_off, off, 0, off, 0, off, 0) + hmac_key +
                   struct.pack("<QQ", creation, expiry) + bytes(48) + struct.pack("<QQQQ", 0, materialized, stored, off))
    return b"".join(out)
