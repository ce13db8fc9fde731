/* Private header of component/compile.c: turning a decoded component into a C project
 * (wasm2c output per core module + generated glue on libwitrt) and building it with cc.
 * Used by `witc compile` and `witc run` (cli/cmd_compile.c, cli/cmd_run.c). */
#ifndef WITC_COMPILE_H
#define WITC_COMPILE_H

#include "component.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where the compiled program finds libwitrt and wasm2c's runtime. */
typedef struct cmp_runtime_paths {
    const char *include_dir; /* holds witrt.h */
    const char *lib_dir;     /* holds libwitrt.a and libwitrt-w2c.a */
    const char *wasm2c_dir;  /* holds wasm-rt.h (Debian: /usr/src/wasm2c) */
} cmp_runtime_paths;

typedef struct cmp_compile_opts {
    const char *wasm2c;      /* the wasm2c program; NULL = "wasm2c" from PATH */
    cmp_runtime_paths rt;    /* written into the Makefile as defaults */
    bool quiet;              /* do not echo the tools' command lines */
} cmp_compile_opts;

/* What the compiled component is. */
typedef struct cmp_compile_info {
    bool command;            /* exports wasi:cli/run: main.c was written */
    uint32_t nmodules;       /* core modules (each one wasm2c file) */
    uint32_t nexports;       /* host-callable export wrappers in witc_component.h */
    uint32_t nskipped;       /* exports whose types the wrapper generator does not cover */
    uint32_t nhooks;         /* non-WASI imports forwarded to host hooks (`witc host c`) */
    char first_hook[160];    /* "iface func" of the first such import, for messages */
} cmp_compile_info;

/* Writes the C project of component `c` (decoded from `c->data`) into `out_dir` (created when
 * missing): mK.wasm/mK.c/mK.h per core module (by running wasm2c), glue.c, witc_component.h,
 * main.c for a command, and a Makefile. Every file is written atomically. Returns 0 with
 * *info filled (may be NULL); -1 with err->message when the component needs something witc
 * cannot provide (an import other than WASI 0.2, an import of a global, a module instantiated
 * twice…), naming it, or when wasm2c fails; -2 on OOM. Deterministic output. */
int cmp_compile(const cmp_component *c, const char *out_dir, const cmp_compile_opts *opts,
                cmp_compile_info *info, cmp_error *err);

/* Builds the project in `dir` (as cmp_compile wrote it) into the executable `dir/app`
 * with `cc` ($CC when set; -O2, compile jobs in parallel). The compiler's diagnostics go to
 * stderr. Returns 0, or -1 with err->message when a compile or link step fails. */
int cmp_build(const char *dir, const cmp_runtime_paths *rt, cmp_error *err);

/* Finds libwitrt for compiled programs: $WITC_RUNTIME_DIR when set (a directory holding
 * witrt.h, libwitrt.a and libwitrt-w2c.a, or include/ and lib/ subdirectories with them),
 * else the given build-time directories (`inc`: witrt.h, `lib`: the archives); wasm2c's
 * runtime header from $WITC_WASM2C_DIR, /usr/src/wasm2c or /usr/include. Strings are
 * written into `store` (size n). Returns 0, or -1 with a message in err naming what is
 * missing. */
int cmp_runtime_locate(cmp_runtime_paths *rt, const char *inc, const char *lib, char *store,
                       size_t n, cmp_error *err);

#ifdef __cplusplus
}
#endif

#endif
