"""Helpers shared by the hub routes: auth, repo lookup, ranges, pagination, signed URLs."""

import base64
import json
import mimetypes
import re
import time
import urllib.parse

from .httpcore import HTTPError, Response, FileBody

TYPE_PLURAL = {"model": "models", "dataset": "datasets", "space": "spaces", "kernel": "kernels"}
PLURAL_TYPE = {v: k for k, v in TYPE_PLURAL.items()}
URL_PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/", "kernel": "kernels/"}


def segments(path):
    return [urllib.parse.unquote(s) for s in path.split("/")]


class Auth:
    def __init__(self, name=None, role=None, display=None, token=None):
        self.name = name
        self.role = role
        self.display = display
        self.token = token


def authenticate(app, req):
    """-> Auth (name None when anonymous). An unknown token is a 401, as on the Hub."""
    h = req.header("Authorization")
    if not h:
        return Auth()
    m = re.match(r"^\s*Bearer\s+(\S+)\s*$", h, re.I)
    if not m:
        raise HTTPError(401, "Invalid credentials in Authorization header")
    t = app.store.user_for_token(m.group(1))
    if not t:
        raise HTTPError(401, "Invalid credentials in Authorization header")
    return Auth(t["user"], t["role"], t.get("displayName"), m.group(1))


def namespace(rid):
    return rid.split("/")[0] if "/" in rid else None


def is_member(app, auth, ns):
    return auth.name is not None and ns is not None and ns in app.store.namespaces_of(auth.name)


def can_read(app, auth, repo):
    if not repo["private"]:
        return True
    return is_member(app, auth, namespace(repo["id"]))


def not_found(auth):
    return HTTPError(401 if auth.name is None else 404, "Repository not found", "RepoNotFound")


def check_read(app, auth, repo):
    if repo is None or not can_read(app, auth, repo):
        raise not_found(auth)


def check_write(app, auth, repo, what="write to this repo"):
    check_read(app, auth, repo)
    if auth.name is None:
        raise HTTPError(401, "You must be authenticated to %s" % what)
    if not is_member(app, auth, namespace(repo["id"])):
        raise HTTPError(403, "You don't have the rights to %s (%s)" % (what, repo["id"]))
    if auth.role != "write":
        raise HTTPError(403, "You don't have the rights to %s: your token has the read role" % what)


def check_gated(app, auth, repo):
    if not repo.get("gated"):
        return
    if is_member(app, auth, namespace(repo["id"])) or (auth.name and app.store.has_grant(repo, auth.name)):
        return
    kind = repo["type"]
    if auth.name is None:
        raise HTTPError(401, "Access to %s %s is restricted. You must have access to it and be authenticated "
                             "to access it. Please log in." % (kind, repo["id"]), "GatedRepo")
    raise HTTPError(403, "Access to %s %s is restricted and you are not in the authorized list. Visit "
                         "the repo page to ask for access." % (kind, repo["id"]), "GatedRepo")


def parse_range(header, size):
    """-> None (serve everything) or (start, end_inclusive). Raises 416 when unsatisfiable."""
    if not header:
        return None
    m = re.match(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", header)
    if not m or (m.group(1) == "" and m.group(2) == ""):
        return None  # malformed or multi-range: ignore, serve the whole entity
    a, b = m.group(1), m.group(2)
    if size == 0:
        return None
    if a == "":
        n = int(b)
        if n == 0:
            raise unsatisfiable(size)
        return (max(size - n, 0), size - 1)
    start = int(a)
    end = int(b) if b != "" else size - 1
    if start >= size or end < start:
        raise unsatisfiable(size)
    return (start, min(end, size - 1))


def unsatisfiable(size):
    return HTTPError(416, "Requested Range Not Satisfiable", headers={"Content-Range": "bytes */%d" % size})


def file_response(req, path, size, headers):
    """200 or 206 for a file on disk."""
    rng = parse_range(req.header("Range"), size)
    r = Response(200, headers)
    r.set("Accept-Ranges", "bytes")
    if rng is None:
        r.body = FileBody(path, 0, size)
    else:
        r.status = 206
        r.set("Content-Range", "bytes %d-%d/%d" % (rng[0], rng[1], size))
        r.body = FileBody(path, rng[0], rng[1] - rng[0] + 1)
    return r


def content_type(name):
    t, _ = mimetypes.guess_type(name)
    if t is None:
        return "application/octet-stream"
    if t.startswith("text/") or t in ("application/json", "application/javascript", "application/xml"):
        return t + "; charset=utf-8"
    return t


def content_disposition(name, attachment=False):
    base = name.rsplit("/", 1)[-1]
    ascii_name = base.encode("ascii", "replace").decode().replace('"', "_")
    return '%s; filename*=UTF-8\'\'%s; filename="%s";' % (
        "attachment" if attachment else "inline", urllib.parse.quote(base, safe=""), ascii_name)


def encode_cursor(n):
    return base64.urlsafe_b64encode(json.dumps({"o": n}).encode()).decode().rstrip("=")


def decode_cursor(c):
    if not c:
        return 0
    try:
        pad = "=" * (-len(c) % 4)
        v = json.loads(base64.urlsafe_b64decode(c + pad))["o"]
        if isinstance(v, int) and v >= 0:
            return v
    except (ValueError, KeyError, TypeError):
        pass
    raise HTTPError(400, "Invalid cursor")


def paginate(req, items, page_size, param="cursor"):
    """Slices items for this page; returns (page, Link header value or None)."""
    if param == "cursor":
        start = decode_cursor(req.q("cursor"))
    else:
        try:
            start = int(req.q(param, "0")) * page_size
        except ValueError:
            raise HTTPError(400, "Invalid page")
        if start < 0:
            raise HTTPError(400, "Invalid page")
    page = items[start:start + page_size]
    link = None
    if start + page_size < len(items):
        q = [(k, v) for k, vs in req.query.items() for v in vs if k != param]
        nxt = encode_cursor(start + page_size) if param == "cursor" else str(start // page_size + 1)
        q.append((param, nxt))
        link = '<%s%s?%s>; rel="next"' % (req.host_url(), req.path, urllib.parse.urlencode(q))
    return page, link


def int_param(req, name, default=None, lo=0, hi=None):
    v = req.q(name)
    if v is None or v == "":
        return default
    try:
        n = int(v)
    except ValueError:
        raise HTTPError(400, "Invalid %s: %r is not an integer" % (name, v))
    if n < lo or (hi is not None and n > hi):
        raise HTTPError(400, "Invalid %s: %d is out of range" % (name, n))
    return n


def bool_param(req, name):
    v = req.q(name)
    return v is not None and v.lower() in ("1", "true", "yes", "on", "")


def sign_url(app, base, path, params, method="GET"):
    params = dict(params)
    params["gen"] = str(app.cdn_generation)
    params["exp"] = str(int(time.time() + app.config["cdn_url_ttl"]))
    canon = canonical(method, path, params)
    params["sig"] = app.store.sign(canon)
    return "%s%s?%s" % (base, path, urllib.parse.urlencode(params))


def canonical(method, path, params):
    m = "GET" if method in ("GET", "HEAD") else method
    q = urllib.parse.urlencode(sorted((k, v) for k, v in params.items() if k != "sig"))
    return "%s\n%s\n%s" % (m, path, q)


def check_signed(app, req, method=None):
    """For CDN and completion URLs: signature, expiry, generation. Raises 403 (S3-style XML)."""
    params = {k: v[-1] for k, v in req.query.items()}
    sig = params.get("sig")
    import hmac
    if not sig or not hmac.compare_digest(sig, app.store.sign(canonical(method or req.method, req.path, params))):
        raise HTTPError(403, "SignatureDoesNotMatch", body=s3_error("SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided."),
                        headers={"Content-Type": "application/xml"})
    try:
        exp = int(params.get("exp", "0"))
        gen = int(params.get("gen", "-1"))
    except ValueError:
        exp, gen = 0, -1
    if exp < time.time() or gen < app.cdn_generation:
        raise HTTPError(403, "Request has expired", body=s3_error("AccessDenied", "Request has expired"),
                        headers={"Content-Type": "application/xml"})
    return params


def s3_error(code, msg):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message></Error>'
            % (code, msg)).encode()
