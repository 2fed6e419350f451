/* bytes_int.h: little-endian loads and stores for the Xet wire formats (library-internal).
 * Explicit byte arithmetic, so the formats are right on big-endian hosts too; gcc and clang
 * turn these into single loads/stores on little-endian machines. */

HFHUB__API uint16_t hfhub__xet_rd16(const uint8_t *p);
HFHUB__API uint32_t hfhub__xet_rd24(const uint8_t *p);
HFHUB__API uint32_t hfhub__xet_rd32(const uint8_t *p);
HFHUB__API uint64_t hfhub__xet_rd64(const uint8_t *p);
HFHUB__API void hfhub__xet_wr16(uint8_t *p, uint16_t v);
HFHUB__API void hfhub__xet_wr24(uint8_t *p, uint32_t v);
HFHUB__API void hfhub__xet_wr32(uint8_t *p, uint32_t v);
HFHUB__API void hfhub__xet_wr64(uint8_t *p, uint64_t v);
