/* file_listing.h: `hf models|datasets|spaces ls REPO_ID` as Python's _file_listing
 * (list_repo_files_cmd + print_file_listing): the repo tree listed with expand=True, then
 *   human/agent: "{size:>12}  {date:>19}  {path}" per file, "{'':>12}  {date:>19}  {path}/" per
 *                folder (date "%Y-%m-%d %H:%M:%S" of the last commit, UTC);
 *   -h:          sizes "123 B" / "1.2 KB" ... and dates "%b %d %H:%M";
 *   quiet:       the paths (folders with a trailing "/");
 *   json:        json.dumps(indent=2) of each RepoFile / RepoFolder dataclass dict (None dropped);
 *   --tree:      an ASCII tree ("├── ", "└── ", "│   ") after a size + date prefix (quiet: none);
 * "(empty)" for an empty listing and the hint "Use -R to list files recursively." when a
 * non-recursive listing has folders. */
#ifndef HF_FILE_LISTING_H
#define HF_FILE_LISTING_H
#include "hfhub.h"
#include "output.h"

typedef struct hf_file_listing_opts {
    const char *repo_type, *revision, *token;
    int human_readable, as_tree, recursive;
} hf_file_listing_opts;

/* Lists repo_id's files on stdout; 0, 1 on an API error (printed), 2 on a usage error. */
int hf_list_repo_files_cmd(hfhub_client *c, const hf_out *o, const char *repo_id, const hf_file_listing_opts *opts);

/* Python's format_size: "123" (or "123 B", "1.2 KB" ... "1.2 PB" when human). */
void hf_fl_format_size(int64_t size, int human, char out[32]);
/* Python's format_date of a Hub timestamp ("2026-01-02T03:04:05.000Z"): "2026-01-02 03:04:05",
 * or "Jan 02 03:04" when human; "" for NULL or a malformed one. */
void hf_fl_format_date(const char *ts, int human, char out[32]);

#endif
