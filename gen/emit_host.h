/* Host stubs for C embedders (`witc host c`): W_host.h and W_host.c for a world, used with the
 * glue `witc compile` writes. See gen/emit_host.c for what is covered. */
#ifndef WITC_GEN_EMIT_HOST_H
#define WITC_GEN_EMIT_HOST_H

#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gen_host_out {
    char *h_name, *c_name; /* "W_host.h", "W_host.c" (malloc'd) */
    wit_buf h, c;          /* the files' contents */
    uint32_t nexports;     /* W_call_… functions written */
    uint32_t nimports;     /* import hooks with a typed embedder prototype */
    uint32_t nskipped;     /* functions whose types are not covered (listed in W_host.h) */
} gen_host_out;

/* Generates the host stubs of `world` of `r` into *out (zero it first). Deterministic.
 * Returns 0; -1 with a message in err (size errn) when the world cannot be generated;
 * -2 on OOM. The caller frees *out with gen_host_out_free in every case. */
int gen_host_emit(const wit_resolve *r, wit_id world, gen_host_out *out, char *err, size_t errn);

/* Frees what gen_host_emit wrote into *out; safe on a zeroed struct. */
void gen_host_out_free(gen_host_out *out);

#ifdef __cplusplus
}
#endif
#endif
