/* Private to the resolver (resolve.c, resolve_world.c): the per-package "unresolved"
 * model that phase one builds from the AST and phase two appends to the session's
 * Resolve, plus the small hash maps both phases use.
 *
 * The two phases mirror wit-parser on purpose: phase one resolves names inside one
 * package with package-local arenas (foreign references become placeholders at the
 * front of those arenas); phase two maps everything into the global arenas in
 * dependency order, drops feature-gated items and elaborates worlds. Keeping the same
 * two steps is what makes the arena order match wit-parser's exactly. */
#ifndef WITC_RESOLVE_INT_H
#define WITC_RESOLVE_INT_H

#include "ast.h"

/* string -> u32 map (arena memory, open addressing, no deletion). Each slot keeps its
 * key's hash: a probe compares hashes (or interned pointers) before strings, and
 * growing never hashes a key again. */
typedef struct rs_smap {
    const char **keys;
    uint32_t *vals;
    uint32_t *hashes;
    uint32_t cap, n;
} rs_smap;

/* u32 -> u32 map */
typedef struct rs_umap {
    uint32_t *keys; /* key + 1; 0 = empty */
    uint32_t *vals;
    uint32_t cap, n;
} rs_umap;

bool rs_smap_get(const rs_smap *m, const char *key, uint32_t *val);
/* Inserts or replaces. Returns 0, or -1 on OOM. */
int rs_smap_put(wit_arena *a, rs_smap *m, const char *key, uint32_t val);
bool rs_umap_get(const rs_umap *m, uint32_t key, uint32_t *val);
int rs_umap_put(wit_arena *a, rs_umap *m, uint32_t key, uint32_t val);
/* Makes room for element n of the arena array *p (capacity *cap). 0 or -1 on OOM. */
int rs_reserve(wit_arena *a, void **p, uint32_t n, uint32_t *cap, size_t elem);

typedef struct rs_uiface {
    wit_iface iface;        /* local ids */
    uint32_t captypes, capfuncs;
    wit_span *func_spans;
    bool foreign;
    bool failed;            /* reported an error: users of it stay quiet */
} rs_uiface;

typedef struct rs_uinclude {
    wit_stability stability;
    uint32_t world;         /* local id */
    wit_ast_include_name *names;
    uint32_t nnames;
    wit_span span;
} rs_uinclude;

typedef struct rs_uworld {
    wit_world world;        /* local ids; item spans in wit_world_item.span */
    uint32_t capimports, capexports;
    rs_uinclude *incs;
    uint32_t nincs, capincs;
    bool foreign;
    bool failed;
} rs_uworld;

typedef struct rs_ufdep_item {
    const char *name;
    bool is_world;
    uint32_t id;            /* local interface or world */
    wit_stability *stabs;
    uint32_t nstabs;
} rs_ufdep_item;

typedef struct rs_ufdep {
    wit_pkg_name name;
    const char *key;        /* "ns:name[@ver]" */
    wit_span span;
    rs_ufdep_item *items;
    uint32_t nitems;
} rs_ufdep;

typedef struct rs_req_res {
    uint32_t id;
    wit_span span;
} rs_req_res;

/* One package as phase one leaves it. */
typedef struct rs_upkg {
    wit_pkg_name name;
    const char *key;
    wit_span name_span;
    wit_docs docs;
    uint32_t group;
    bool is_main;
    wit_ast_toplevel **lists;   /* decl lists (one per file; one for a nested block) */
    uint32_t *nlist;
    uint32_t nlists;
    wit_arena *scratch;         /* child of the session arena: what appending only reads
                                 * (ifaces, worlds, fdeps, spans); freed by rs_free_upkg */
    wit_typedef *types;         /* heap (wit_realloc): freed by rs_free_upkg */
    uint32_t ntypes, captypes;
    rs_uiface *ifaces;
    uint32_t nifaces, capifaces;
    rs_uworld *worlds;
    uint32_t nworlds, capworlds;
    rs_ufdep *fdeps;
    uint32_t nfdeps;
    rs_req_res *req_res;
    uint32_t nreq_res, capreq_res;
    bool failed;                /* phase one or two reported an error */
    wit_id id;                  /* global package id after phase two */
    uint32_t idx;               /* index in rs_ctx.pkgs */
} rs_upkg;

typedef struct rs_ctx {
    wit_session *s;
    wit_arena *a;               /* the session's: everything the Resolve keeps */
    wit_arena *tmp;             /* scratch of one phase-one or append call */
    rs_upkg **pkgs;
    uint32_t npkgs, cappkgs;
    /* global arenas' capacities */
    uint32_t cappackages, capifaces, capworlds, captypes;
    rs_smap pkg_names;          /* "ns:name[@ver]" -> global package id */
    const char **pkg_keys;      /* in insertion order */
    uint32_t cappkgarr;         /* capacity of pkg_keys, pkg_ifaces, pkg_worlds */
    rs_smap *pkg_ifaces;        /* per global package: name -> iface */
    rs_smap *pkg_worlds;
    rs_smap failed_names;       /* packages that failed: dependents stay quiet */
    bool oom;                   /* a heap allocation failed */
    bool last_added;            /* the last rs_error recorded a new diagnostic */
    int8_t *has_borrow;         /* per global type: contains a borrow<T> */
    uint32_t caphb;
} rs_ctx;

int rs_error(rs_ctx *c, wit_span span, const char *fmt, ...) WIT_PRINTF(3, 4);
/* Attaches a note to the error the last rs_error call recorded (nothing when that one
 * was a duplicate and dropped). */
void rs_note(rs_ctx *c, wit_span span, const char *fmt, ...) WIT_PRINTF(3, 4);
const char *rs_pkg_name_str(rs_ctx *c, const wit_pkg_name *n);
rs_upkg *rs_new_upkg(rs_ctx *c);
/* Frees what phase one keeps on the heap and in u->scratch (u->ifaces, u->worlds, …
 * dangle afterwards). Safe to call twice. */
void rs_free_upkg(rs_upkg *u);

int rs_group_packages(rs_ctx *c, wit_ast_group *g, uint32_t gi);
int rs_phase1(rs_ctx *c, rs_upkg *u, wit_ast_toplevel **lists, uint32_t *nlist, uint32_t nlists);
/* Appends phase one's package to s->resolve (wit-parser's Remap::append). */
int rs_append(rs_ctx *c, rs_upkg *u);

#endif
