/* Public header of component/: the component binary decoder, the printer of a
 * component's world as WIT, and the bridge from decoded types to gen/abi.
 *
 * cmp_decode() reads a whole component binary (preamble 00 61 73 6D 0D 00 01 00) into a
 * tree of scopes. A scope is a component, a component type or an instance type; each
 * keeps its definitions in binary order (`defs`) and its index spaces (`space[sort]`),
 * computed exactly as the binary defines them: every definition, import, alias and export
 * appends to the index space of its sort. Core modules are kept as byte ranges of the
 * input; their header and section framing are checked and their type, import, function and
 * export sections read (core function types, what each instantiation must supply).
 *
 * Everything the decoder returns lives in the arena passed to it. Strings are arena copies;
 * core modules and custom sections are (offset, length) ranges into the caller's input,
 * which the caller keeps. Indices stored in types are relative to the index spaces of the
 * scope the type belongs to (`cmp_type.scope`).
 *
 * Walking order for a runtime or compiler: root->defs in order (see reference
 * component-binary.md §4.6); cmp_instance_export() resolves `alias export`; cmp_wit_func()
 * + gen_plan_func() give the canonical ABI of each `canon lift`/`lower`; cmp_check_abi()
 * verifies those against the core modules' own types. */
#ifndef WITC_COMPONENT_H
#define WITC_COMPONENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- sorts ------------------------------------------------------------------ */
typedef enum cmp_sort {
    CMP_SORT_CORE_FUNC,
    CMP_SORT_CORE_TABLE,
    CMP_SORT_CORE_MEMORY,
    CMP_SORT_CORE_GLOBAL,
    CMP_SORT_CORE_TAG,
    CMP_SORT_CORE_TYPE,
    CMP_SORT_CORE_MODULE,
    CMP_SORT_CORE_INSTANCE,
    CMP_SORT_FUNC,
    CMP_SORT_VALUE,
    CMP_SORT_TYPE,
    CMP_SORT_COMPONENT,
    CMP_SORT_INSTANCE,
    CMP_SORT_COUNT,
    CMP_SORT_NONE = CMP_SORT_COUNT
} cmp_sort;

/* "core func", "type", … for messages and dumps. */
const char *cmp_sort_name(cmp_sort s);

/* ---- names -------------------------------------------------------------------- */
typedef enum cmp_name_kind {
    CMP_NAME_LABEL,       /* kebab label: `f`, `my-iface` */
    CMP_NAME_CONSTRUCTOR, /* [constructor]r */
    CMP_NAME_METHOD,      /* [method]r.m */
    CMP_NAME_STATIC,      /* [static]r.m */
    CMP_NAME_INTERFACE,   /* ns:pkg/iface[@version] */
    CMP_NAME_OTHER        /* [async]…, dep forms (unlocked-dep=…, url=…), anything else */
} cmp_name_kind;

/* An import/export name with its attributes (name form 02). */
typedef struct cmp_extern_name {
    const char *name;        /* arena, NUL-terminated, valid UTF-8 */
    cmp_name_kind kind;
    const char *implements;  /* attribute 00, or NULL */
    const char *version_suffix; /* attribute 01, or NULL */
    const char *external_id; /* attribute 02, or NULL */
} cmp_extern_name;

/* ---- value types ------------------------------------------------------------------ */
typedef enum cmp_prim {
    CMP_PRIM_NONE = 0, /* not a primitive: `index` is a type index */
    CMP_PRIM_BOOL, CMP_PRIM_S8, CMP_PRIM_U8, CMP_PRIM_S16, CMP_PRIM_U16, CMP_PRIM_S32,
    CMP_PRIM_U32, CMP_PRIM_S64, CMP_PRIM_U64, CMP_PRIM_F32, CMP_PRIM_F64, CMP_PRIM_CHAR,
    CMP_PRIM_STRING, CMP_PRIM_ERROR_CONTEXT
} cmp_prim;

/* WIT spelling of a primitive ("u32", "f64", "error-context"). */
const char *cmp_prim_name(cmp_prim p);

typedef struct cmp_valtype {
    cmp_prim prim;   /* CMP_PRIM_NONE: a reference to type index `index` of the scope */
    uint32_t index;
} cmp_valtype;

typedef struct cmp_field {  /* record field, function parameter */
    const char *name;
    cmp_valtype type;
} cmp_field;

typedef struct cmp_case {   /* variant case */
    const char *name;
    bool has_type;
    cmp_valtype type;
} cmp_case;

typedef enum cmp_type_kind {
    CMP_TYPE_PRIM,      /* (type u8) */
    CMP_TYPE_RECORD,
    CMP_TYPE_VARIANT,
    CMP_TYPE_LIST,      /* list.fixed_len != 0: fixed-length list */
    CMP_TYPE_TUPLE,
    CMP_TYPE_FLAGS,
    CMP_TYPE_ENUM,
    CMP_TYPE_OPTION,
    CMP_TYPE_RESULT,
    CMP_TYPE_OWN,
    CMP_TYPE_BORROW,
    CMP_TYPE_FUTURE,
    CMP_TYPE_STREAM,
    CMP_TYPE_MAP,
    CMP_TYPE_FUNC,
    CMP_TYPE_COMPONENT, /* component type: body is a scope of kind CMP_SCOPE_COMPONENT_TYPE */
    CMP_TYPE_INSTANCE,  /* instance type: body is a scope of kind CMP_SCOPE_INSTANCE_TYPE */
    CMP_TYPE_RESOURCE,  /* concrete resource definition (rep, dtor) */
    /* Not definitions, but what a type index can denote: */
    CMP_TYPE_ABSTRACT_RESOURCE, /* imported/exported `(sub resource)` */
    CMP_TYPE_CORE_FUNC,         /* core func type (section 3) */
    CMP_TYPE_CORE_MODULE,       /* core module type (section 3) */
    CMP_TYPE_UNKNOWN            /* an alias the decoder could not follow (e.g. out of an
                                   instance of unknown type); `name` says which */
} cmp_type_kind;

typedef struct cmp_scope cmp_scope;
typedef struct cmp_type cmp_type;

struct cmp_type {
    cmp_type_kind kind;
    const cmp_scope *scope; /* where the indices inside this type resolve */
    uint32_t offset;        /* byte offset of the definition in the input */
    union {
        cmp_prim prim;
        struct { uint32_t n; cmp_field *fields; } record;
        struct { uint32_t n; cmp_case *cases; } variant;
        struct { cmp_valtype elem; uint32_t fixed_len; } list;
        struct { uint32_t n; cmp_valtype *types; } tuple;
        struct { uint32_t n; const char **names; } labels; /* flags, enum */
        cmp_valtype option;
        struct { bool has_ok, has_err; cmp_valtype ok, err; } result;
        uint32_t handle;  /* own/borrow: resource type index */
        struct { bool has; cmp_valtype elem; } async_payload; /* future, stream */
        struct { cmp_valtype key, value; } map;
        struct {
            bool async;
            uint32_t nparams;
            cmp_field *params;
            bool has_result;
            cmp_valtype result;
        } func;
        cmp_scope *body; /* component, instance types */
        struct {
            uint8_t rep;     /* core valtype byte: 0x7F i32, 0x7E i64 */
            bool has_dtor;
            uint32_t dtor;   /* core func index */
            bool async_dtor;
            bool has_callback;
            uint32_t callback;
        } resource;
        struct { uint32_t nparams, nresults; uint8_t *params, *results; } core_func; /* valtype bytes */
        struct { uint32_t nimports, nexports; } core_module;
        const char *unknown;
    } u;
};

/* ---- canonical definitions ---------------------------------------------------------- */
typedef enum cmp_canon_kind {
    CMP_CANON_LIFT = 0x00,
    CMP_CANON_LOWER = 0x01,
    CMP_CANON_RESOURCE_NEW = 0x02,
    CMP_CANON_RESOURCE_DROP = 0x03,
    CMP_CANON_RESOURCE_REP = 0x04,
    CMP_CANON_TASK_CANCEL = 0x05,
    CMP_CANON_SUBTASK_CANCEL = 0x06,
    CMP_CANON_RESOURCE_DROP_ASYNC = 0x07,
    CMP_CANON_BACKPRESSURE_SET = 0x08,
    CMP_CANON_TASK_RETURN = 0x09,
    CMP_CANON_CONTEXT_GET = 0x0A,
    CMP_CANON_CONTEXT_SET = 0x0B,
    CMP_CANON_THREAD_YIELD = 0x0C,
    CMP_CANON_SUBTASK_DROP = 0x0D,
    CMP_CANON_STREAM_NEW = 0x0E,
    CMP_CANON_STREAM_READ = 0x0F,
    CMP_CANON_STREAM_WRITE = 0x10,
    CMP_CANON_STREAM_CANCEL_READ = 0x11,
    CMP_CANON_STREAM_CANCEL_WRITE = 0x12,
    CMP_CANON_STREAM_DROP_READABLE = 0x13,
    CMP_CANON_STREAM_DROP_WRITABLE = 0x14,
    CMP_CANON_FUTURE_NEW = 0x15,
    CMP_CANON_FUTURE_READ = 0x16,
    CMP_CANON_FUTURE_WRITE = 0x17,
    CMP_CANON_FUTURE_CANCEL_READ = 0x18,
    CMP_CANON_FUTURE_CANCEL_WRITE = 0x19,
    CMP_CANON_FUTURE_DROP_READABLE = 0x1A,
    CMP_CANON_FUTURE_DROP_WRITABLE = 0x1B,
    CMP_CANON_ERROR_CONTEXT_NEW = 0x1C,
    CMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE = 0x1D,
    CMP_CANON_ERROR_CONTEXT_DROP = 0x1E,
    CMP_CANON_WAITABLE_SET_NEW = 0x1F,
    CMP_CANON_WAITABLE_SET_WAIT = 0x20,
    CMP_CANON_WAITABLE_SET_POLL = 0x21,
    CMP_CANON_WAITABLE_SET_DROP = 0x22,
    CMP_CANON_WAITABLE_JOIN = 0x23,
    CMP_CANON_BACKPRESSURE_INC = 0x24,
    CMP_CANON_BACKPRESSURE_DEC = 0x25,
    CMP_CANON_THREAD_INDEX = 0x26,
    CMP_CANON_THREAD_NEW_INDIRECT = 0x27,
    CMP_CANON_THREAD_SWITCH_TO = 0x28,
    CMP_CANON_THREAD_SUSPEND = 0x29,
    CMP_CANON_THREAD_RESUME_LATER = 0x2A,
    CMP_CANON_THREAD_YIELD_TO = 0x2B,
    CMP_CANON_THREAD_SPAWN_REF = 0x40,
    CMP_CANON_THREAD_SPAWN_INDIRECT = 0x41,
    CMP_CANON_THREAD_AVAILABLE_PARALLELISM = 0x42
} cmp_canon_kind;

/* Name of a canon definition ("lift", "resource.new", "stream.read"…), or NULL. */
const char *cmp_canon_name(cmp_canon_kind k);

typedef enum cmp_string_encoding {
    CMP_STRING_UTF8 = 0,
    CMP_STRING_UTF16 = 1,
    CMP_STRING_LATIN1_UTF16 = 2
} cmp_string_encoding;

typedef struct cmp_canon_opts {
    cmp_string_encoding string_encoding; /* utf8 when absent */
    bool has_string_encoding;
    bool has_memory, has_realloc, has_post_return, async, has_callback, has_core_type, gc;
    uint32_t memory, realloc, post_return, callback, core_type;
} cmp_canon_opts;

typedef struct cmp_canon {
    cmp_canon_kind kind;
    uint32_t func;     /* lift: core func; lower: component func */
    uint32_t type;     /* lift: func type; resource.*, stream.*, future.*: the type operand;
                          thread.new-indirect/spawn-*: core type */
    uint32_t table;    /* thread.new-indirect, spawn-indirect: core table */
    uint32_t memory;   /* waitable-set.wait/poll: core memory */
    uint32_t imm;      /* context.get/set: slot index */
    bool flag;         /* async? / cancel? / shared? operand */
    bool has_result;   /* task.return */
    cmp_valtype result;
    cmp_canon_opts opts;
} cmp_canon;

/* ---- definitions ------------------------------------------------------------------------ */
typedef enum cmp_def_kind {
    CMP_DEF_CUSTOM,        /* section 0 */
    CMP_DEF_CORE_MODULE,   /* section 1 */
    CMP_DEF_CORE_INSTANCE, /* section 2 */
    CMP_DEF_CORE_TYPE,     /* section 3, or `00` declarator */
    CMP_DEF_COMPONENT,     /* section 4 */
    CMP_DEF_INSTANCE,      /* section 5 */
    CMP_DEF_ALIAS,         /* section 6, or `02` declarator */
    CMP_DEF_TYPE,          /* section 7, or `01` declarator */
    CMP_DEF_CANON,         /* section 8 */
    CMP_DEF_START,         /* section 9 */
    CMP_DEF_IMPORT,        /* section 10, or `03` declarator */
    CMP_DEF_EXPORT         /* section 11, or `04` declarator */
} cmp_def_kind;

typedef struct cmp_sortidx {
    cmp_sort sort;
    uint32_t index;
} cmp_sortidx;

typedef struct cmp_arg {  /* instantiate argument, or an export of a bag instance */
    const char *name;
    cmp_sortidx item;
} cmp_arg;

/* externdesc: what an import or export declares. For CMP_SORT_TYPE the bound is
 * `eq type` (eq = true) or `sub resource`; for value it is the value type. */
typedef struct cmp_externdesc {
    cmp_sort sort;      /* CMP_SORT_CORE_MODULE, FUNC, VALUE, TYPE, COMPONENT, INSTANCE */
    uint32_t type;      /* type index (core type index for core module) */
    bool eq;            /* type bound (eq type) */
    cmp_valtype value;  /* value bound */
} cmp_externdesc;

typedef enum cmp_alias_kind {
    CMP_ALIAS_EXPORT = 0,      /* export `name` of component instance `instance` */
    CMP_ALIAS_CORE_EXPORT = 1, /* export `name` of core instance `instance` */
    CMP_ALIAS_OUTER = 2        /* index `index` of enclosing scope `count` */
} cmp_alias_kind;

typedef struct cmp_core_import { /* an import of a core module: (module, field) of a kind */
    const char *module;
    const char *field;
    cmp_sort kind;  /* CMP_SORT_CORE_FUNC, _TABLE, _MEMORY, _GLOBAL or _TAG */
    uint32_t type;  /* funcs and tags: the module's type index */
} cmp_core_import;

typedef struct cmp_def {
    cmp_def_kind kind;
    uint32_t offset;      /* byte offset in the input */
    cmp_sort sort;        /* the index space this definition appended to, or CMP_SORT_NONE */
    uint32_t index;       /* the index it received there */
    union {
        struct { const char *name; uint32_t data_offset, data_len; } custom;
        struct {
            uint32_t offset, len; /* the whole core module binary, as a range of the input */
            uint32_t nexports;    /* its export section: (name, core sort + index) */
            cmp_arg *exports;
            uint32_t nimports;    /* its import section, in order */
            cmp_core_import *imports;
            uint32_t ntypes;      /* its type section (CMP_TYPE_CORE_FUNC types); 0 when */
            const cmp_type **types; /* it uses GC type forms, which are not read */
            uint32_t nfuncs;      /* type index of every function, imported ones first */
            uint32_t *func_types;
        } module;
        struct {
            bool instantiate;   /* true: instantiate `module` with args; false: bag of exports */
            uint32_t module;
            uint32_t nargs;
            cmp_arg *args;      /* instantiate: (name, core instance); bag: (name, core item) */
        } core_instance;
        cmp_scope *component;  /* nested component */
        struct {
            bool instantiate;   /* true: instantiate `component` with args; false: bag of exports */
            uint32_t component;
            uint32_t nargs;
            cmp_arg *args;
        } instance;
        struct {
            cmp_alias_kind kind;
            uint32_t instance;  /* export / core export */
            const char *name;
            uint32_t count;     /* outer */
            uint32_t index;     /* outer */
        } alias;
        cmp_type *type;        /* type and core type definitions */
        cmp_canon canon;
        struct { uint32_t func; uint32_t nargs; uint32_t *args; uint32_t nresults; } start;
        struct { cmp_extern_name name; cmp_externdesc desc; } import;
        struct {
            cmp_extern_name name;
            cmp_sortidx item;    /* component: the exported item; types: unused */
            bool has_desc;       /* component: ascription present; types: always true */
            cmp_externdesc desc;
        } export;
    } u;
} cmp_def;

/* ---- index spaces and scopes ------------------------------------------------------------ */
/* One entry of an index space: which definition made it, and what it is when known. */
typedef struct cmp_item {
    uint32_t def;          /* index into the scope's defs */
    const char *name;      /* import/export/alias name, or NULL */
    /* type sort: the type this index denotes (never NULL; followed through `eq` bounds and
     * aliases). func: its function type when known. instance/component: its instance /
     * component type when known. core type: the core type. core module: its module type
     * when imported. Other sorts: NULL. */
    const cmp_type *type;
} cmp_item;

typedef enum cmp_scope_kind {
    CMP_SCOPE_COMPONENT,
    CMP_SCOPE_COMPONENT_TYPE,
    CMP_SCOPE_INSTANCE_TYPE
} cmp_scope_kind;

/* private to the decoder: a set of names (duplicate checks) */
typedef struct cmp_name_set_ {
    const char **slots;
    uint32_t cap, n;
} cmp_name_set_;

struct cmp_scope {
    cmp_scope_kind kind;
    cmp_scope *parent;     /* enclosing scope (outer aliases), NULL at the top */
    uint32_t offset;       /* byte offset where the scope starts */
    uint32_t ndefs;
    cmp_def *defs;
    uint32_t count[CMP_SORT_COUNT];
    cmp_item *space[CMP_SORT_COUNT];
    uint32_t cap_[CMP_SORT_COUNT], defcap_; /* private: growth bookkeeping */
    cmp_name_set_ imports_, exports_;        /* private: names seen so far */
    /* From a `component-name` custom section, when present and well-formed (it never
     * causes rejection): the component's own name, and per sort a table of debug names
     * (use cmp_debug_name). */
    const char *debug_name;
    const char **debug_names_[CMP_SORT_COUNT];
    uint32_t ndebug_names_[CMP_SORT_COUNT];
};

typedef struct cmp_component cmp_component;
struct cmp_component {
    cmp_scope *root;      /* the top-level component */
    const uint8_t *data;  /* the input (borrowed; ranges in defs point into it) */
    size_t len;
};

/* ---- errors ------------------------------------------------------------------------------ */
typedef struct cmp_error {
    size_t offset;      /* byte offset in the input where decoding failed */
    char message[256];  /* "expected …, found …" */
} cmp_error;

/* ---- entry points -------------------------------------------------------------------------- */
/* Decodes a component binary. On success returns 0 and sets *out to a component allocated
 * in `arena` (freed with the arena); `data` is borrowed and must outlive *out. On a
 * truncated or malformed input returns -1 with err->offset and err->message set ("at byte
 * N: expected …"); on allocation failure returns -2 (err says "out of memory"). Never
 * reads outside data[0..len), never allocates more than a small multiple of `len`. */
int cmp_decode(const uint8_t *data, size_t len, wit_arena *arena, cmp_component **out,
               cmp_error *err);

/* Returns the item `index` of `sort` in `s`, or NULL when out of range. */
const cmp_item *cmp_scope_item(const cmp_scope *s, cmp_sort sort, uint32_t index);

/* The debug name (`component-name` section) of item `index` of `sort`, or NULL. */
const char *cmp_debug_name(const cmp_scope *s, cmp_sort sort, uint32_t index);

/* Finds export `name` of component instance `instance` of scope `s`. Returns 1 and sets
 * *where and *item to the exported item, as an index of *where: the instance type's body
 * (an imported or typed instance), the nested component the instance instantiates (then
 * item is that component's export entry; follow its def to the exported definition), or s
 * itself for an instance built from a bag of exports. Returns 0 when the instance's
 * contents are not known statically, -1 when it has no such export (or instance is out of
 * range). */
int cmp_instance_export(const cmp_scope *s, uint32_t instance, const char *name,
                        const cmp_scope **where, cmp_sortidx *item);

/* The core function type of function `func` of a core module definition (the function
 * index space: imports first), or NULL when unknown or out of range. */
const cmp_type *cmp_core_func_type(const cmp_def *module, uint32_t func);

/* The core function type of core function `f` of scope `s` when it is known: an export of
 * an instantiated core module, aliased out of its instance. NULL otherwise (canon
 * definitions, imported or aliased modules, GC-typed modules). */
const cmp_type *cmp_core_func_type_of(const cmp_scope *s, uint32_t f);

/* Follows a type index of scope `s` to the type it denotes, or NULL when out of range. */
const cmp_type *cmp_scope_type(const cmp_scope *s, uint32_t index);

/* Appends the world of component `c` as WIT text to `out`, in the form `jco wit` prints
 * (`package root:component;` and `world root { … }`): interface imports/exports by name,
 * inline interfaces and functions with their types. Returns 0, or -1 with a message in
 * err when a type cannot be expressed as WIT (out is then partial). Memory errors show up
 * as out->oom. */
int cmp_print_wit(const cmp_component *c, wit_buf *out, cmp_error *err);

/* Called before each item the two printers below write, to add doc comments and
 * attributes (whole lines, indented by `indent`): kind is "use" (name: the first local
 * name), "type", "item" (a field, case or flag of the type named last), "func" (the full
 * name, `[method]r.m` for resource members), "import " or "export " (world items: the
 * extern name). */
typedef void (*cmp_wit_meta_fn)(void *ctx, wit_buf *out, int indent, const char *kind, const char *name);

/* Prints an instance type's body (the declarators of an interface) as WIT items (uses,
 * types, resources, functions) indented by `indent_by` spaces; interfaces of package
 * `self_pkg` ("ns:pkg", may be NULL) at version `self_ver` (may be NULL) are referred to by
 * their bare name; meta (may be NULL) adds lines before items. Returns 0, or -1 with
 * err->message when a type cannot be expressed. */
int cmp_print_wit_iface_body(const cmp_scope *body, const char *self_pkg, const char *self_ver,
                             int indent_by, cmp_wit_meta_fn meta, void *meta_ctx, wit_buf *out,
                             cmp_error *err);

/* Prints a world component type's body (imports, then exports) as the items of a WIT
 * `world { … }`, indented by two spaces; same conventions and errors as above. */
int cmp_print_wit_world_body(const cmp_scope *body, const char *self_pkg, const char *self_ver,
                             cmp_wit_meta_fn meta, void *meta_ctx, wit_buf *out, cmp_error *err);

/* Appends a one-line-per-definition summary of the scope tree (counts of every index space,
 * definition kinds and names) to `out`; used by tests and `witc component dump`. */
void cmp_dump(const cmp_component *c, wit_buf *out);

/* ---- decoded types as a Resolve ---------------------------------------------------------
 * Builds wit_resolve types for decoded function types, so gen/abi.h (sizes, flattening,
 * gen_plan_func) computes the canonical ABI of a `canon lift`/`canon lower`. One cmp_wit
 * collects the types of many functions; a decoded type converted twice is one typedef.
 * Only resolve.types is filled (no packages, interfaces or worlds). */
typedef struct cmp_wit {
    wit_resolve resolve;
    wit_arena *arena;          /* where the types live (the caller's) */
    /* private */
    uint32_t types_cap_, cap_, n_;
    const cmp_type **keys_;
    wit_id *vals_;
} cmp_wit;

/* Starts an empty conversion whose allocations come from `arena`. Returns 0. */
int cmp_wit_init(cmp_wit *w, wit_arena *arena);

/* Converts function type `ft` (kind CMP_TYPE_FUNC; e.g. the type of a func item or of a
 * `canon lift`) to *out, its parameter and result types added to w->resolve.types. `name`
 * (may be NULL) becomes out->name and sets the function kind ([method]…, [constructor]…).
 * Returns 0; -1 with err->message when a type cannot be expressed (an alias the decoder
 * could not follow); -2 on OOM. */
int cmp_wit_func(cmp_wit *w, const cmp_type *ft, const char *name, wit_func *out, cmp_error *err);

/* Checks the canonical ABI of the top-level component's sync `canon lift` and `canon lower`
 * definitions with gen/abi's plans: a lifted core function of known type (an export of an
 * instantiated module) must have exactly the flattened signature; a lowered function passed
 * (through a bag of exports) to a core module import must match that import's type; and the
 * `memory` / `realloc` options must be present where the ABI needs them (strings or lists
 * crossing, spilled parameters or results). Returns 0; -1 with err (offset = the canon
 * definition) on the first violation; -2 on OOM. Allocates in `arena`. */
int cmp_check_abi(const cmp_component *c, wit_arena *arena, cmp_error *err);

#ifdef __cplusplus
}
#endif

#endif
