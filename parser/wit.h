/* The WIT front end's public interface: the Resolve model and the loader.
 *
 * The Resolve mirrors wit-parser's model on purpose (arenas of packages,
 * interfaces, worlds and types, referring to each other by index), so that
 * `witc resolve --json` is comparable case by case with upstream, and so that every
 * emitter (JSON, WIT printer, binary encoder, C bindings) walks one structure.
 *
 * Memory: everything reachable from a wit_resolve lives in the session's arena and
 * dies with wit_session_free. Strings are NUL-terminated arena strings. Ordered maps
 * (an interface's types, a world's imports) are arrays in declaration order. */
#ifndef WITC_WIT_H
#define WITC_WIT_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t wit_id;
#define WIT_NONE UINT32_MAX

/* ---- type references ---- */

typedef enum wit_prim {
    WIT_BOOL, WIT_U8, WIT_U16, WIT_U32, WIT_U64, WIT_S8, WIT_S16, WIT_S32, WIT_S64,
    WIT_F32, WIT_F64, WIT_CHAR, WIT_STRING, WIT_ERROR_CONTEXT,
    WIT_TYPE_ID /* not a primitive: the reference names resolve->types[id] */
} wit_prim;

/* A use of a type: a primitive, or an index into resolve->types. */
typedef struct wit_type {
    wit_prim prim;
    wit_id id; /* valid when prim == WIT_TYPE_ID, else WIT_NONE */
} wit_type;

/* wit-parser's name for a primitive ("u32", "error-context"); "" for WIT_TYPE_ID. */
const char *wit_prim_name(wit_prim p);

/* ---- docs and stability ---- */

typedef struct wit_docs {
    const char *contents; /* NULL when the item has no doc comments */
} wit_docs;

typedef enum wit_stab_kind { WIT_STAB_UNKNOWN, WIT_STAB_STABLE, WIT_STAB_UNSTABLE } wit_stab_kind;

typedef struct wit_stability {
    wit_stab_kind kind;
    const char *since;      /* stable: version text */
    const char *feature;    /* unstable: feature name */
    const char *deprecated; /* version text, or NULL */
} wit_stability;

/* ---- owners ---- */

typedef enum wit_owner_kind { WIT_OWNER_NONE, WIT_OWNER_INTERFACE, WIT_OWNER_WORLD } wit_owner_kind;
typedef struct wit_owner {
    wit_owner_kind kind;
    wit_id id;
} wit_owner;

/* ---- type definitions ---- */

typedef enum wit_typedef_kind {
    WIT_TD_RECORD, WIT_TD_RESOURCE, WIT_TD_HANDLE, WIT_TD_FLAGS, WIT_TD_TUPLE, WIT_TD_VARIANT,
    WIT_TD_ENUM, WIT_TD_OPTION, WIT_TD_RESULT, WIT_TD_LIST, WIT_TD_FIXED_LIST, WIT_TD_MAP,
    WIT_TD_FUTURE, WIT_TD_STREAM,
    WIT_TD_ALIAS, /* `type a = b;` and what `use` creates: JSON kind {"type": T} */
    WIT_TD_UNKNOWN /* placeholder while resolving; never in a finished Resolve */
} wit_typedef_kind;

typedef struct wit_field {
    const char *name;
    wit_type type;
    wit_docs docs;
    wit_span span;
} wit_field;

/* A variant case (has_type says whether it has a payload), an enum case or a flag. */
typedef struct wit_case {
    const char *name;
    bool has_type;
    wit_type type;
    wit_docs docs;
    wit_span span;
} wit_case;

typedef struct wit_typedef {
    const char *name; /* NULL for anonymous types */
    wit_typedef_kind kind;
    wit_owner owner;
    wit_docs docs;
    wit_stability stability;
    wit_span span; /* the definition (or the use site of an anonymous type) */
    union {
        struct { wit_field *fields; uint32_t n; } record;
        struct { wit_case *cases; uint32_t n; } variant; /* also enum and flags (no payloads) */
        struct { wit_type *types; uint32_t n; } tuple;
        wit_type elem;                                   /* option, list, alias */
        struct { wit_type elem; uint32_t len; } fixed;
        struct { wit_type key, value; } map;
        struct { bool has_ok, has_err; wit_type ok, err; } result;
        struct { bool has; wit_type elem; } async;       /* future, stream */
        struct { bool borrow; wit_id resource; } handle; /* resource = a types index */
    } u;
} wit_typedef;

/* ---- functions ---- */

typedef enum wit_func_kind {
    WIT_FN_FREESTANDING, WIT_FN_ASYNC_FREESTANDING, WIT_FN_METHOD, WIT_FN_ASYNC_METHOD,
    WIT_FN_STATIC, WIT_FN_ASYNC_STATIC, WIT_FN_CONSTRUCTOR
} wit_func_kind;

typedef struct wit_param {
    const char *name;
    wit_type type;
    wit_span span;
} wit_param;

typedef struct wit_func {
    const char *name;     /* "f", "[method]r.m", "[static]r.s", "[constructor]r" */
    wit_func_kind kind;
    wit_id resource;      /* methods, statics, constructors: the resource's types index */
    wit_param *params;    /* methods start with `self: borrow<r>` */
    uint32_t nparams;
    bool has_result;
    wit_type result;
    wit_docs docs;
    wit_stability stability;
    wit_span span;
} wit_func;

/* ---- interfaces ---- */

typedef struct wit_named_id {
    const char *name;
    wit_id id;
} wit_named_id;

typedef struct wit_iface {
    const char *name;     /* NULL for interfaces defined inline in a world */
    wit_named_id *types;  /* in declaration order */
    uint32_t ntypes;
    wit_func *funcs;      /* in declaration order */
    uint32_t nfuncs;
    wit_docs docs;
    wit_stability stability;
    wit_id package;       /* the owning package; world-inline interfaces get their world's */
    wit_span span;
} wit_iface;

/* ---- worlds ---- */

typedef enum wit_key_kind { WIT_KEY_NAME, WIT_KEY_INTERFACE } wit_key_kind;
typedef struct wit_world_key {
    wit_key_kind kind;
    const char *name; /* WIT_KEY_NAME */
    wit_id iface;     /* WIT_KEY_INTERFACE */
} wit_world_key;

typedef enum wit_item_kind { WIT_ITEM_INTERFACE, WIT_ITEM_FUNCTION, WIT_ITEM_TYPE } wit_item_kind;
typedef struct wit_world_item {
    wit_world_key key;
    wit_item_kind kind;
    wit_id id;            /* interface or type index */
    wit_func func;        /* WIT_ITEM_FUNCTION */
    wit_stability stability;
    wit_docs docs;
    wit_span span;
} wit_world_item;

typedef struct wit_world {
    const char *name;
    wit_world_item *imports; /* elaborated: includes merged, implied imports added */
    uint32_t nimports;
    wit_world_item *exports;
    uint32_t nexports;
    wit_id package;
    wit_docs docs;
    wit_stability stability;
    wit_span span;
} wit_world;

/* ---- packages ---- */

typedef struct wit_pkg_name {
    const char *ns;
    const char *name;
    const char *version; /* full semver text, or NULL */
} wit_pkg_name;

typedef struct wit_package {
    wit_pkg_name name;
    wit_docs docs;
    wit_named_id *ifaces;  /* in declaration order */
    uint32_t nifaces;
    wit_named_id *worlds;
    uint32_t nworlds;
    wit_span span;         /* the package declaration */
} wit_package;

typedef struct wit_resolve {
    wit_package *packages; uint32_t npackages; /* dependencies before dependents */
    wit_iface *ifaces;     uint32_t nifaces;
    wit_world *worlds;     uint32_t nworlds;
    wit_typedef *types;    uint32_t ntypes;    /* each type after every type it refers to */
} wit_resolve;

/* ---- the session: one parse+resolve run ---- */

typedef struct wit_session {
    wit_arena *arena;     /* owns the Resolve and everything parsed */
    wit_srcmap srcmap;    /* every file read */
    wit_diags diags;      /* every problem found */
    wit_resolve resolve;
    const char **features; /* enabled @unstable features (arena) */
    uint32_t nfeatures;
    bool all_features;
    void *priv;           /* front-end internal state */
} wit_session;

/* Initialises an empty session. Returns 0, or -1 on OOM (the session is then unusable
 * but safe to free). */
int wit_session_init(wit_session *s);
/* Frees everything the session owns. */
void wit_session_free(wit_session *s);
/* Enables one `@unstable(feature = name)` feature; call before loading. 0 or -1 on OOM. */
int wit_session_enable_feature(wit_session *s, const char *name);

/* Return codes of the loader. */
enum {
    WIT_OK = 0,
    WIT_EINPUT = -1, /* the WIT is wrong: s->diags says why */
    WIT_EIO = -2,    /* a file could not be read: s->diags says which */
    WIT_ENOMEM = -3
};

/* Reads PATH the way wit-parser's push_path does — a directory (its *.wit files are
 * one package; deps/ entries, sorted, are dependency packages) or a single .wit file —
 * and resolves it into s->resolve. On success stores the root package's index in
 * *root (the last package of the file for single files with nested packages) and
 * returns WIT_OK. Otherwise returns a WIT_E* code with diagnostics in s->diags; the
 * resolver reports every error it can, not just the first. */
int wit_load_path(wit_session *s, const char *path, wit_id *root);

/* Parses and resolves WIT source held in memory as a single file named `name`. Same
 * contract as wit_load_path. */
int wit_load_source(wit_session *s, const char *name, const char *text, size_t len, wit_id *root);

/* Reader of binary WIT packages (`.wasm` as PATH or in deps/), installed by a layer above
 * parser/ (component/'s cmp_wit_decode_text): appends WIT text for the binary to *text
 * (nested `package … { }` blocks; other packages the binary carries only when with_foreign);
 * returns 0, or -1 with a message in err[0..errlen). Without a reader such files are an
 * error. The reader is process-wide; set it once at startup. */
typedef int (*wit_binary_reader_fn)(const uint8_t *data, size_t len, bool with_foreign, wit_buf *text,
                                    char *err, size_t errlen);
void wit_set_binary_reader(wit_binary_reader_fn fn);

/* A foreign package that a package's WIT refers to (`use wasi:io/streams@0.2.0.{…}`,
 * `import wasi:clocks/wall-clock@0.2.12;`, `include …`), with the span of its first use. */
typedef struct wit_pkg_ref {
    wit_pkg_name name;
    wit_span span;
} wit_pkg_ref;

/* Parses, without resolving, the package at PATH (a directory's *.wit files, deps/ not
 * read; or one .wit file) and reports its own name in *self and the foreign packages it
 * references in *refs (arena array, deduplicated, in first-use order; packages defined
 * inline in the same files are not foreign). Returns WIT_OK or a WIT_E* code with
 * diagnostics in s->diags. This is what dependency resolution needs before deps/ exists. */
int wit_scan_package(wit_session *s, const char *path, wit_pkg_name *self, wit_pkg_ref **refs,
                     uint32_t *nrefs);

/* World selection as wit-parser's select_world: NULL = the root package's only world;
 * "w" = a world of the root package; "ns:pkg/w[@ver]" = any loaded package's world.
 * Returns the world index, or WIT_NONE with a diagnostic in s->diags. */
wit_id wit_select_world(wit_session *s, wit_id root, const char *name);

/* "ns:pkg/iface@ver" for a package-level interface (arena string); NULL for inline ones. */
const char *wit_iface_qualified_name(wit_session *s, wit_id iface);

/* Follows aliases (WIT_TD_ALIAS) to the type they name. Returns t itself when it is
 * not an alias of a named type. */
wit_type wit_type_dealias(const wit_resolve *r, wit_type t);

#ifdef __cplusplus
}
#endif
#endif
