"""The CDN origin (its own port): signed, expiring URLs, like presigned storage URLs.

  GET|HEAD /lfs/<sha256>?name=&gen=&exp=&sig=     LFS object, ranges supported
  PUT      /upload/<sha256>?size=&gen=&exp=&sig=  single-part LFS upload (SHA-256 and size checked)
  PUT      /multipart/<uploadId>/<n>?gen=&exp=&sig=  one part of a multipart upload (answers ETag)

Any request carrying an Authorization header is refused with 400, as S3 does for a
presigned URL plus a second auth mechanism.
"""


from . import lfs
from .common import check_signed, content_disposition, content_type, file_response, s3_error, segments
from .httpcore import HTTPError
from .storage import HEX64


class CDN:
    def __init__(self, app):
        self.app = app

    def route(self, req):
        if req.path.startswith("/__localhub/"):
            return self.app.admin.route(req)
        if req.header("Authorization") is not None:
            raise HTTPError(400, "InvalidArgument", headers={"Content-Type": "application/xml"},
                            body=s3_error("InvalidArgument", "Only one auth mechanism allowed; only the "
                                          "X-Amz-Algorithm query parameter, Signature query string parameter "
                                          "or the Authorization header should be specified"))
        segs = segments(req.path)[1:]
        if len(segs) == 2 and segs[0] == "lfs" and req.method in ("GET", "HEAD"):
            params = check_signed(self.app, req)
            sha = segs[1]
            size = self.app.store.lfs_size(sha) if HEX64.match(sha) else None
            if size is None:
                raise HTTPError(404, "NoSuchKey", headers={"Content-Type": "application/xml"},
                                body=s3_error("NoSuchKey", "The specified key does not exist."))
            name = params.get("name") or sha
            headers = {"ETag": '"%s"' % sha, "Content-Type": content_type(name),
                       "Content-Disposition": content_disposition(name), "Cache-Control": "private, max-age=3600"}
            return file_response(req, self.app.store.lfs_path(sha), size, headers)
        if len(segs) == 2 and segs[0] == "xorb" and req.method in ("GET", "HEAD"):
            return self.app.cas.transfer(req, segs[1])
        if len(segs) == 2 and segs[0] == "upload" and req.method == "PUT":
            return lfs.cdn_put_single(self.app, req, segs[1])
        if len(segs) == 3 and segs[0] == "multipart" and req.method == "PUT":
            return lfs.cdn_put_part(self.app, req, segs[1], segs[2])
        raise HTTPError(404, "NoSuchKey", headers={"Content-Type": "application/xml"},
                        body=s3_error("NoSuchKey", "The specified key does not exist."))
