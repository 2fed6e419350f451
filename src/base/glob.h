/* glob.h: shell-style pattern matching with the semantics of Python's fnmatch.fnmatchcase,
 * as huggingface_hub applies allow_patterns / ignore_patterns. */

/* 1 when name matches pattern, else 0. Case-sensitive. `*` matches any run of characters,
 * '/' included ("d*.json" matches "data/a/b.json"); `?` one character; `[seq]`, `[!seq]`
 * a set with ranges ("[a-z0-9_]"); an unclosed '[' is a literal. Both strings are UTF-8 and
 * matched by code point (an invalid byte counts as one character). Time O(|pattern|*|name|). */
HFHUB_API int hfhub_fnmatch(const char *pattern, const char *name);
