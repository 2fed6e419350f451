"""The Hub's upload-mode decision: .gitattributes patterns, .gitignore, binary sample, size."""

import re

LFS_SIZE_THRESHOLD = 10 * 1024 * 1024  # regular files above this go to LFS

# What the Hub writes as .gitattributes in a new repo (one pattern a line, git-lfs tracked).
_COMMON = [
    "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gz", "*.h5", "*.joblib",
    "*.lfs.*", "*.mlmodel", "*.model", "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot",
    "*.parquet", "*.pb", "*.pickle", "*.pkl", "*.pt", "*.pth", "*.rar", "*.safetensors",
    "saved_model/**/*", "*.tar.*", "*.tar", "*.tflite", "*.tgz", "*.wasm", "*.xz", "*.zip",
    "*.zst", "*tfevents*",
]
_DATASET_EXTRA = [
    "*.lz4", "*.mds",
    "*.pcm", "*.sam", "*.raw",                       # audio, uncompressed
    "*.aac", "*.flac", "*.mp3", "*.ogg", "*.wav",    # audio, compressed
    "*.bmp", "*.gif", "*.png", "*.tiff",             # images, uncompressed
    "*.jpg", "*.jpeg", "*.webp",                     # images, compressed
    "*.mp4", "*.webm",                               # video
]


def default_gitattributes(repo_type):
    pats = list(_COMMON)
    if repo_type == "dataset":
        pats += _DATASET_EXTRA
    return "".join("%s filter=lfs diff=lfs merge=lfs -text\n" % p for p in pats)


def _glob_to_regex(pat):
    """git wildmatch subset: *, ?, [..], ** across directories."""
    i, n, out = 0, len(pat), []
    while i < n:
        c = pat[i]
        if c == "*":
            if pat[i:i + 3] == "**/":
                out.append("(?:.*/)?")
                i += 3
                continue
            if pat[i:i + 2] == "**":
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pat.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
            else:
                body = pat[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


class PathPattern:
    def __init__(self, pat):
        self.negated = False
        self.dir_only = False
        if pat.endswith("/"):
            self.dir_only = True
            pat = pat.rstrip("/")
        anchored = "/" in pat
        pat = pat.lstrip("/")
        rx = _glob_to_regex(pat)
        if anchored:
            self.rx = re.compile("^" + rx + "$")
            self.prefix_rx = re.compile("^" + rx + "/")
        else:
            self.rx = re.compile("^(?:.*/)?" + rx + "$")
            self.prefix_rx = re.compile("^(?:.*/)?" + rx + "/")

    def match(self, path):
        if self.dir_only:
            return bool(self.prefix_rx.match(path))
        return bool(self.rx.match(path)) or bool(self.prefix_rx.match(path))

    def match_file(self, path):
        return bool(self.rx.match(path))


def parse_gitattributes(text):
    """Returns a list of (PathPattern, lfs: True/False/None)."""
    rules = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        pat, attrs = parts[0], parts[1:]
        lfs = None
        for a in attrs:
            if a == "filter=lfs":
                lfs = True
            elif a in ("-filter", "!filter") or (a.startswith("filter=") and a != "filter=lfs"):
                lfs = False
        if lfs is None:
            continue
        try:
            rules.append((PathPattern(pat), lfs))
        except re.error:
            continue
    return rules


def lfs_tracked(rules, path):
    result = False
    for pat, lfs in rules:  # last matching line wins, as in git
        if pat.match_file(path):
            result = lfs
    return result


def parse_gitignore(text):
    rules = []
    for line in (text or "").splitlines():
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        neg = line.startswith("!")
        if neg:
            line = line[1:]
        try:
            p = PathPattern(line)
        except re.error:
            continue
        p.negated = neg
        rules.append(p)
    return rules


def ignored(rules, path):
    result = False
    for p in rules:
        if p.match(path):
            result = not p.negated
    return result


def is_binary_sample(sample, total_size):
    """The Hub treats a sample with a NUL byte, or that is not UTF-8, as binary."""
    if b"\x00" in sample:
        return True
    try:
        sample.decode("utf-8")
        return False
    except UnicodeDecodeError as e:
        # a multi-byte character cut by the 512-byte sample boundary is fine
        if total_size > len(sample) and e.start >= len(sample) - 3 and e.reason == "unexpected end of data":
            return False
        return True


def upload_mode(path, size, sample, attr_rules):
    if size == 0:
        return "regular"
    if size > LFS_SIZE_THRESHOLD:
        return "lfs"
    if lfs_tracked(attr_rules, path):
        return "lfs"
    if is_binary_sample(sample, size):
        return "lfs"
    return "regular"
