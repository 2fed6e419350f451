"""GET /api/models, /api/datasets, /api/spaces: search, author, filter, sort, direction, limit,
full, expand, cursor pagination with a Link header."""

from .common import authenticate, bool_param, can_read, int_param, paginate
from .httpcore import HTTPError, json_response

SORTS = {"createdAt", "downloads", "lastModified", "likes", "trendingScore", "id", "likes30d", "mainSize",
         "num_parameters", "modelId"}


def list_repos(hub, req, rtype):
    from .hub import EXPAND, info_dict
    app = hub.app
    auth = authenticate(app, req)
    expand = req.qlist("expand") + req.qlist("expand[]")
    for k in expand:
        if k not in EXPAND[rtype]:
            raise HTTPError(400, "Invalid expand value %r for %ss" % (k, rtype))
    full = bool_param(req, "full")
    sort = req.q("sort")
    if sort is not None and sort not in SORTS:
        raise HTTPError(400, "Invalid sort: %r" % sort)
    direction = req.q("direction")
    if direction not in (None, "-1", "1"):
        raise HTTPError(400, "Invalid direction: %r (-1 or 1)" % direction)
    limit = int_param(req, "limit", None, 0, 100000)
    searches = [s.lower() for s in req.qlist("search") if s]
    author = req.q("author")
    filters = [f for fs in req.qlist("filter") for f in fs.split(",") if f]
    pipeline = req.q("pipeline_tag")
    gated = req.q("gated")
    with_card = bool_param(req, "cardData")

    rows = []
    for (t, rid), repo in list(app.store.repos.items()):
        if t != rtype or not can_read(app, auth, repo):
            continue
        if author and rid.split("/")[0] != author:
            continue
        if any(s not in rid.lower() for s in searches):
            continue
        if gated is not None and bool(repo.get("gated")) != (gated.lower() in ("true", "1")):
            continue
        head = app.store.get_commit(repo["refs"]["heads"]["main"])
        info = info_dict(hub, req, repo, head)
        if filters and not all(f in info["tags"] or f == info.get("pipeline_tag") or f == info.get("library_name")
                               for f in filters):
            continue
        if pipeline and info.get("pipeline_tag") != pipeline:
            continue
        rows.append(info)

    key = sort or "createdAt"
    if key == "modelId":
        key = "id"
    rev = direction != "1"  # descending unless direction=1
    if key == "id" and direction is None:
        rev = False
    rows.sort(key=lambda d: (d.get(key) if d.get(key) is not None else 0, d["_id"]), reverse=rev)
    if limit is not None:
        rows = rows[:limit] if limit else []
    out = []
    for info in rows:
        if expand:
            out.append({k: v for k, v in info.items() if k in expand or k in ("_id", "id")})
            continue
        if rtype == "model":
            keys = ["_id", "id", "likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag",
                    "library_name", "createdAt", "modelId"]
        elif rtype == "dataset":
            keys = ["_id", "id", "author", "disabled", "gated", "lastModified", "likes", "trendingScore", "private",
                    "sha", "description", "downloads", "tags", "createdAt"]
        else:
            keys = ["_id", "id", "likes", "trendingScore", "private", "sdk", "tags", "createdAt"]
        if full:
            keys += ["author", "sha", "lastModified", "gated", "disabled", "siblings"]
        if with_card or full:
            keys += ["cardData"]
        item = {k: info[k] for k in keys if k in info}
        if full:
            item["siblings"] = [{"rfilename": s["rfilename"]} for s in info["siblings"]]
        out.append(item)
    syn = app.apiinfo.synthetic_page(req, rtype, out)
    if syn is not None:
        return syn
    size = app.config["list_page_size"]
    if limit:
        size = min(size, limit)
    page, link = paginate(req, out, max(size, 1))
    r = json_response(page)
    if link:
        r.set("Link", link)
    return r
