"""POST /api/{T}/{repo}/lfs-files/duplicate: cross-repo LFS copies (CommitOperationCopy).

Body {"target": {"type": "model", "name": "ns/dst"}, "files": [{"sha256": ..., "filename": ...}]}.
LFS objects are stored once for the whole localhub, so duplicating only checks that the
caller may read the source and write the target, and that each object exists."""

from .common import check_gated, check_write
from .httpcore import HTTPError, json_response
from .storage import HEX64, REPO_TYPES


def duplicate(hub, req, src_repo, auth):
    check_gated(hub.app, auth, src_repo)
    body = req.json()
    if not isinstance(body, dict) or not isinstance(body.get("target"), dict) or not isinstance(body.get("files"), list):
        raise HTTPError(400, "Expected {\"target\": {...}, \"files\": [...]}")
    t = body["target"]
    rtype = t.get("type") or "model"
    if rtype not in REPO_TYPES or not isinstance(t.get("name"), str):
        raise HTTPError(400, "Invalid target")
    target = hub.store.get_repo(rtype, t["name"])
    check_write(hub.app, auth, target)
    if len(body["files"]) > 500:
        raise HTTPError(400, "At most 500 files per call")
    failed = []
    for f in body["files"]:
        sha = f.get("sha256") if isinstance(f, dict) else None
        if not isinstance(sha, str) or not HEX64.match(sha) or hub.store.lfs_size(sha) is None:
            failed.append({"sha256": sha, "error": "Object not found in the source repository"})
    return json_response({"failed": failed})
