"""localhub: a local Hugging Face Hub (Hub API, resolve, LFS, CDN origin, fault injection).

    python3 tools/localhub --root DIR [--port N] [--cdn-port N] [--user NAME:TOKEN[:write|read]]...
                           [--org NAME:MEMBER,...]... [--quiet] [--cdn-url URL]
"""

import argparse
import itertools
import json
import os
import signal
import sys
import threading

if __package__ in (None, ""):
    # run as `python3 tools/localhub`: make the package importable by its directory name
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.dirname(here))
    __package__ = os.path.basename(here)
    import importlib
    importlib.import_module(__package__)

from importlib import import_module

_pkg = __package__
httpcore = import_module(_pkg + ".httpcore")
faults_mod = import_module(_pkg + ".faults")
storage = import_module(_pkg + ".storage")
hub_mod = import_module(_pkg + ".hub")
cdn_mod = import_module(_pkg + ".cdn")
admin_mod = import_module(_pkg + ".admin")
collections_mod = import_module(_pkg + ".collections_api")
webhooks_mod = import_module(_pkg + ".webhooks")
apiinfo_mod = import_module(_pkg + ".apiinfo")
inference_mod = import_module(_pkg + ".inference")
jobs_mod = import_module(_pkg + ".jobs")
endpoints_mod = import_module(_pkg + ".endpoints")
cas_mod = import_module(_pkg + ".cas")
buckets_mod = import_module(_pkg + ".buckets")

DEFAULT_USERS = ["user:hf_user_write_token:write", "user:hf_user_read_token:read"]


class App:
    def __init__(self, args):
        self.args = args
        self.quiet = args.quiet
        self.store = storage.Store(args.root)
        self.faults = faults_mod.Faults()
        self.log = faults_mod.RequestLog(os.path.join(self.store.root, "requests.jsonl"))
        self.config = {"tree_page_size": 1000, "tree_page_size_expand": 100, "commits_page_size": 50,
                       "list_page_size": 1000, "multipart_threshold": args.multipart_threshold,
                       "multipart_chunk_size": args.multipart_chunk_size, "cdn_url_ttl": 3600,
                       "discussions_page_size": 50, "xet_token_ttl": 3600}
        self.cdn_generation = 0
        self._rid = itertools.count(1)
        self.admin = admin_mod.Admin(self)
        self.hub = hub_mod.Hub(self)
        self.cdn = cdn_mod.CDN(self)
        self.collections = collections_mod.Collections(self)
        self.webhooks = webhooks_mod.Webhooks(self)
        self.apiinfo = apiinfo_mod.ApiInfo(self)
        self.inference = inference_mod.Inference(self)
        self.compute = jobs_mod.Compute(self, jobs_mod.parse_timings(args.compute_timing))
        self.jobs = jobs_mod.Jobs(self, self.compute)
        self.endpoints = endpoints_mod.Endpoints(self, self.compute)
        self.cas = cas_mod.Cas(self)
        self.buckets = buckets_mod.Buckets(self)
        self.hub_port = self.cdn_port = self.router_port = None

    def next_request_id(self):
        return "Root=1-localhub-%08x" % next(self._rid)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="localhub", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", required=True, help="state directory (created if missing)")
    p.add_argument("--port", type=int, default=0, help="hub port (0: pick a free one)")
    p.add_argument("--cdn-port", type=int, default=0, help="CDN port (0: pick a free one)")
    p.add_argument("--router-port", type=int, default=0, help="inference router port (0: pick a free one)")
    p.add_argument("--user", action="append", default=[], metavar="NAME:TOKEN[:write|read]",
                   help="a user and one of its tokens (repeatable). Default: %s" % ", ".join(DEFAULT_USERS))
    p.add_argument("--org", action="append", default=[], metavar="NAME:MEMBER[,MEMBER...]",
                   help="an organization and its members (repeatable)")
    p.add_argument("--quiet", action="store_true", help="print nothing but the ready line")
    p.add_argument("--cdn-url", default=None,
                   help="redirect LFS downloads to URL/<sha256> (e.g. nginx serving ROOT/lfs) instead of "
                        "the built-in CDN")
    p.add_argument("--tls-cert", default=None, metavar="PEM",
                   help="serve both ports over TLS with this certificate chain (https:// URLs)")
    p.add_argument("--tls-key", default=None, metavar="PEM", help="private key of --tls-cert (if not in it)")
    p.add_argument("--exit-with-parent", action="store_true",
                   help="stop when the process that started localhub goes away (for test harnesses)")
    p.add_argument("--multipart-threshold", type=int, default=16 * 1024 * 1024,
                   help="LFS objects larger than this get a multipart upload (bytes, default 16 MiB)")
    p.add_argument("--multipart-chunk-size", type=int, default=8 * 1024 * 1024,
                   help="multipart part size (bytes, default 8 MiB)")
    p.add_argument("--compute-timing", action="append", default=[], metavar="KEY=SECONDS",
                   help="jobs/endpoints timings (repeatable): job_scheduling_s, job_line_s, "
                        "endpoint_pending_s, endpoint_init_s, jobs_page_size")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.makedirs(args.root, exist_ok=True)
    app = App(args)
    for spec in (args.user or ([] if app.store.tokens else DEFAULT_USERS)):
        parts = spec.split(":")
        if len(parts) < 2 or parts[-1] not in ("read", "write") and len(parts) > 2:
            sys.exit("--user wants NAME:TOKEN[:write|read], got %r" % spec)
        role = parts[2] if len(parts) > 2 else "write"
        app.store.add_user(parts[0], parts[1], role)
    for spec in args.org:
        name, _, members = spec.partition(":")
        app.store.add_user(name, None, kind="org", members=[m for m in members.split(",") if m])

    ssl_ctx = None
    if args.tls_cert:
        import ssl
        ssl_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_ctx.load_cert_chain(args.tls_cert, args.tls_key or None)
    app.scheme = "https" if ssl_ctx else "http"
    hub_srv = httpcore.Server(("127.0.0.1", args.port), "hub", app, app.hub.route, ssl_ctx)
    cdn_srv = httpcore.Server(("127.0.0.1", args.cdn_port), "cdn", app, app.cdn.route, ssl_ctx)
    router_srv = httpcore.Server(("127.0.0.1", args.router_port), "router", app, app.inference.route, ssl_ctx)
    app.hub_port = hub_srv.server_address[1]
    app.router_port = router_srv.server_address[1]
    app.router_url = "%s://127.0.0.1:%d" % (app.scheme, app.router_port)
    app.cdn_port = cdn_srv.server_address[1]
    app.cdn_base = "%s://127.0.0.1:%d" % (app.scheme, app.cdn_port)
    app.cdn_upload_base = app.cdn_base
    if args.cdn_url:
        args.cdn_url = args.cdn_url.rstrip("/")
    storage.atomic_write(os.path.join(app.store.root, "ports.json"),
                         json.dumps({"hub": app.hub_port, "cdn": app.cdn_port,
                                     "hub_url": "%s://127.0.0.1:%d" % (app.scheme, app.hub_port),
                                     "cdn_url": app.cdn_base, "router": app.router_port,
                                     "router_url": app.router_url, "pid": os.getpid()}).encode())

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    httpcore.serve_in_thread(hub_srv)
    httpcore.serve_in_thread(cdn_srv)
    httpcore.serve_in_thread(router_srv)
    print("localhub ready %s://127.0.0.1:%d" % (app.scheme, app.hub_port), flush=True)
    if not args.quiet:
        print("localhub cdn %s root %s" % (app.cdn_base, app.store.root), flush=True)
        print("localhub router %s" % app.router_url, flush=True)
    parent = os.getppid()
    while not stop.is_set():
        stop.wait(1.0)
        if args.exit_with_parent and os.getppid() != parent:
            break
        if app.store.downloads_dirty:
            flush_downloads(app)
    hub_srv.shutdown()
    cdn_srv.shutdown()
    router_srv.shutdown()
    hub_srv.server_close()
    cdn_srv.server_close()
    router_srv.server_close()
    flush_downloads(app)
    app.log.close()
    if not args.quiet:
        try:
            print("localhub stopped", flush=True)
        except OSError:
            pass
    return 0


def flush_downloads(app):
    with app.store.lock:
        dirty, app.store.downloads_dirty = app.store.downloads_dirty, set()
        for repo in list(app.store.repos.values()):
            if repo["_id"] in dirty:
                app.store.save_repo(repo)


if __name__ == "__main__":
    sys.exit(main())
