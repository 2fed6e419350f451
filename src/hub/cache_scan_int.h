/* cache_scan_int.h: cache management internals shared by its files (library-internal). */

#ifndef HFHUB_NO_STDIO
/* The allocator a scan result was made with (strategies and verifications use it too). */
HFHUB__API const hfhub_allocator *hfhub__cache_info_allocator(const hfhub_cache_info *info);
#endif
