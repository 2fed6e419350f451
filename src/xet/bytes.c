/* bytes.c: little-endian loads and stores. */

uint16_t hfhub__xet_rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

uint32_t hfhub__xet_rd24(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16);
}

uint32_t hfhub__xet_rd32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

uint64_t hfhub__xet_rd64(const uint8_t *p) {
    return (uint64_t)hfhub__xet_rd32(p) | ((uint64_t)hfhub__xet_rd32(p + 4) << 32);
}

void hfhub__xet_wr16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void hfhub__xet_wr24(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
}

void hfhub__xet_wr32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

void hfhub__xet_wr64(uint8_t *p, uint64_t v) {
    hfhub__xet_wr32(p, (uint32_t)v);
    hfhub__xet_wr32(p + 4, (uint32_t)(v >> 32));
}
