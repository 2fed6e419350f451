/* fuzz_xet_recon: the reconstruction answer parser (v1 fetch_info and v2 xorbs shapes): any
 * input gives a plan or HFHUB_ERR_PARSE, never a crash; a plan's terms always point at a unit
 * that covers them, and offsets add up. */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hfhub__xet_plan p;
    size_t i;
    uint64_t off = 0;
    if (hfhub__xet_plan_parse(NULL, (const char *)data, size, &p) == HFHUB_OK) {
        for (i = 0; i < p.n_terms; i++) {
            const hfhub__xet_term *t = &p.terms[i];
            const hfhub__xet_unit *u = &p.units[t->unit];
            if (t->unit >= p.n_units || u->start > t->start || u->end < t->end || t->offset != off) abort();
            off += t->unpacked;
        }
        if (off != p.total) abort();
    }
    hfhub__xet_plan_free(&p);
    return 0;
}
