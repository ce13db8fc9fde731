/* The WIT abstract syntax tree: what the parser produces for one file and the resolver
 * consumes. Private to parser/ (the resolver and the scanner include it; nothing above).
 *
 * Nodes live in the session arena or an arena of their own (wit_parse_file_in: the
 * loader gives each group one, which the resolver frees once the group's packages are
 * appended); strings always live in the session arena. Names are arena strings without
 * the `%` escape; every node carries the span of its source text. Lists are arrays in
 * source order. */
#ifndef WITC_AST_H
#define WITC_AST_H

#include "wit.h"

/* An identifier as written: name without a leading '%'. */
typedef struct wit_ast_id {
    const char *name;
    wit_span span;
} wit_ast_id;

/* @since(version = V) / @unstable(feature = F) / @deprecated(version = V).
 * The resolver checks combinations ("cannot specify @since twice", …). */
typedef enum wit_ast_attr_kind { WIT_ATTR_SINCE, WIT_ATTR_UNSTABLE, WIT_ATTR_DEPRECATED } wit_ast_attr_kind;
typedef struct wit_ast_attr {
    wit_ast_attr_kind kind;
    const char *value;    /* version text or feature name */
    wit_span value_span;
    wit_span span;        /* the whole attribute */
} wit_ast_attr;

typedef struct wit_ast_attrs {
    wit_ast_attr *items;
    uint32_t n;
} wit_ast_attrs;

/* ns:name[@version] */
typedef struct wit_ast_pkg_name {
    wit_ast_id ns;
    wit_ast_id name;
    const char *version;  /* NULL when absent; semver-validated by the parser */
    wit_span version_span;
    wit_span span;
} wit_ast_pkg_name;

/* A use-path: a local name (`iface`), or `ns:pkg/iface[@version]`. */
typedef struct wit_ast_use_path {
    bool is_package;
    wit_ast_pkg_name pkg; /* is_package: the package part */
    wit_ast_id name;      /* the interface (or world, for include) name */
    wit_span span;
} wit_ast_use_path;

/* ---- types ---- */

typedef enum wit_ast_type_kind {
    WIT_AT_PRIM,       /* prim */
    WIT_AT_NAME,       /* name: a reference to a named type */
    WIT_AT_LIST,       /* a */
    WIT_AT_FIXED_LIST, /* a, len */
    WIT_AT_MAP,        /* a = key, b = value */
    WIT_AT_HANDLE,     /* name, borrow (own<r> or borrow<r>; a bare `r` is WIT_AT_NAME) */
    WIT_AT_TUPLE,      /* types */
    WIT_AT_OPTION,     /* a */
    WIT_AT_RESULT,     /* a = ok or NULL, b = err or NULL */
    WIT_AT_FUTURE,     /* a or NULL */
    WIT_AT_STREAM      /* a or NULL */
} wit_ast_type_kind;

/* A type node is allocated only as large as its kind needs: a WIT_AT_PRIM node holds kind,
 * span and prim; a WIT_AT_NAME node adds name; a WIT_AT_HANDLE node adds borrow; the other
 * kinds use the second arm of the union instead, as far as they need it: option, future
 * and stream up to a, map and result up to b, tuple up to ntypes, list and fixed-length
 * list all of it (a list becomes fixed-length when its length is seen). Read only the
 * fields of the node's kind (the fields are ordered and overlaid for this; do not reorder
 * them). */
typedef struct wit_ast_type {
    wit_ast_type_kind kind;
    wit_span span;
    wit_prim prim;
    union {
        struct { /* WIT_AT_NAME, WIT_AT_HANDLE */
            wit_ast_id name;
            bool borrow;
        };
        struct { /* the composite kinds */
            struct wit_ast_type *a, *b;
            struct wit_ast_type **types;
            uint32_t ntypes;
            uint32_t len;
            wit_span len_span;
        };
    };
} wit_ast_type;

/* A record field, variant case (type may be NULL), enum case or flag (name.span is
 * where diagnostics point). */
typedef struct wit_ast_field {
    wit_docs docs;
    wit_ast_id name;
    wit_ast_type *type;
} wit_ast_field;

typedef struct wit_ast_param {
    wit_ast_id name;
    wit_ast_type *type;
} wit_ast_param;

/* func-type ::= 'async'? 'func' '(' params ')' ('->' type)? */
typedef struct wit_ast_func {
    bool is_async;
    wit_ast_param *params;
    uint32_t nparams;
    wit_ast_type *result; /* NULL: no result */
    wit_span span;        /* from `async`/`func` to the end of the result */
} wit_ast_func;

typedef enum wit_ast_rfunc_kind { WIT_RF_METHOD, WIT_RF_STATIC, WIT_RF_CONSTRUCTOR } wit_ast_rfunc_kind;
/* A function inside `resource r { … }`. For constructors `name` is the `constructor`
 * keyword (name "constructor") and func.is_async is false. */
typedef struct wit_ast_rfunc {
    wit_ast_rfunc_kind kind;
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_id name;
    wit_ast_func func;
    wit_span span;
} wit_ast_rfunc;

typedef enum wit_ast_typedef_kind {
    WIT_ATD_ALIAS,    /* type name = alias; */
    WIT_ATD_RECORD,   /* fields */
    WIT_ATD_VARIANT,  /* fields = cases */
    WIT_ATD_ENUM,     /* fields = cases, no types */
    WIT_ATD_FLAGS,    /* fields = flags, no types */
    WIT_ATD_RESOURCE  /* funcs; has_body says `resource r { }` vs `resource r;` */
} wit_ast_typedef_kind;

typedef struct wit_ast_typedef {
    wit_ast_typedef_kind kind;
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_id name;
    wit_ast_type *alias;
    wit_ast_field *fields;
    uint32_t nfields;
    wit_ast_rfunc *funcs;
    uint32_t nfuncs;
    bool has_body;
    wit_span span;
} wit_ast_typedef;

/* use-item ::= 'use' use-path '.' '{' use-names '}' ';' */
typedef struct wit_ast_use_name {
    wit_ast_id name;
    wit_ast_id as;        /* as.name == NULL when there is no `as` */
} wit_ast_use_name;

typedef struct wit_ast_use {
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_use_path from;
    wit_ast_use_name *names;
    uint32_t nnames;
    wit_span span;
} wit_ast_use;

/* func-item ::= id ':' func-type ';' */
typedef struct wit_ast_named_func {
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_id name;
    wit_ast_func func;
    wit_span span;
} wit_ast_named_func;

typedef enum wit_ast_iitem_kind { WIT_AII_USE, WIT_AII_TYPEDEF, WIT_AII_FUNC } wit_ast_iitem_kind;
/* The rare `use` is held by pointer, so that the item is only as large as a typedef. */
typedef struct wit_ast_iface_item {
    wit_ast_iitem_kind kind;
    union {
        wit_ast_use *use;
        wit_ast_typedef td;
        wit_ast_named_func func;
    } u;
} wit_ast_iface_item;

/* interface-item ::= gate 'interface' id '{' interface-items* '}' */
typedef struct wit_ast_interface {
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_id name;
    wit_ast_iface_item *items;
    uint32_t nitems;
    wit_span span;
} wit_ast_interface;

/* ---- worlds ---- */

typedef enum wit_ast_extern_kind {
    WIT_EXT_INTERFACE,  /* import id: interface { items } */
    WIT_EXT_PATH,       /* import use-path; */
    WIT_EXT_FUNC,       /* import id: func-type; */
    WIT_EXT_NAMED_PATH  /* import id: use-path;  (named interface import, `implements`) */
} wit_ast_extern_kind;

typedef struct wit_ast_extern {
    wit_ast_extern_kind kind;
    bool is_export;
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_id name;            /* INTERFACE, FUNC, NAMED_PATH */
    wit_ast_iface_item *items;  /* INTERFACE */
    uint32_t nitems;
    wit_ast_use_path path;      /* PATH, NAMED_PATH */
    wit_ast_func func;          /* FUNC */
    wit_span span;
} wit_ast_extern;

typedef struct wit_ast_include_name {
    wit_ast_id name;
    wit_ast_id as;
} wit_ast_include_name;

/* include-item ::= 'include' use-path ';' | 'include' use-path 'with' '{' include-names '}' */
typedef struct wit_ast_include {
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_use_path from;
    wit_ast_include_name *with;
    uint32_t nwith;
    wit_span span;
} wit_ast_include;

typedef enum wit_ast_witem_kind {
    WIT_AWI_EXTERN,  /* import or export */
    WIT_AWI_USE,
    WIT_AWI_TYPEDEF,
    WIT_AWI_INCLUDE
} wit_ast_witem_kind;

typedef struct wit_ast_world_item {
    wit_ast_witem_kind kind;
    union {
        wit_ast_extern ext;
        wit_ast_use use;
        wit_ast_typedef td;
        wit_ast_include inc;
    } u;
} wit_ast_world_item;

/* world-item ::= gate 'world' id '{' world-items* '}' */
typedef struct wit_ast_world {
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_id name;
    wit_ast_world_item *items;
    uint32_t nitems;
    wit_span span;
} wit_ast_world;

/* ---- files ---- */

/* toplevel-use-item ::= 'use' use-path ('as' id)? ';' */
typedef struct wit_ast_toplevel_use {
    wit_docs docs;
    wit_ast_attrs attrs;
    wit_ast_use_path item;
    wit_ast_id as;        /* as.name == NULL when absent */
    wit_span span;
} wit_ast_toplevel_use;

typedef enum wit_ast_titem_kind { WIT_ATL_USE, WIT_ATL_INTERFACE, WIT_ATL_WORLD, WIT_ATL_PACKAGE } wit_ast_titem_kind;

struct wit_ast_package_block;

typedef struct wit_ast_toplevel {
    wit_ast_titem_kind kind;
    union {
        wit_ast_toplevel_use use;
        wit_ast_interface iface;
        wit_ast_world world;
        struct wit_ast_package_block *pkg; /* nested `package a:b { … }` */
    } u;
} wit_ast_toplevel;

/* nested-package-definition ::= package-decl '{' package-items* '}' */
typedef struct wit_ast_package_block {
    wit_docs docs;
    wit_ast_pkg_name name;
    wit_ast_toplevel *items; /* never WIT_ATL_PACKAGE: blocks do not nest */
    uint32_t nitems;
    wit_span span;
} wit_ast_package_block;

/* wit-file ::= (package-decl ';')? (package-items | nested-package-definition)* */
typedef struct wit_ast_file {
    uint32_t file;           /* index in the session's source map */
    bool has_package;
    wit_docs package_docs;
    wit_ast_pkg_name package;
    wit_ast_toplevel *items;
    uint32_t nitems;
    /* typedefs, use names and non-primitive type nodes: about as many types as resolving
     * the file makes (a capacity hint for the Resolve's type arena, never a limit) */
    uint32_t ntypes_hint;
} wit_ast_file;

/* Parses file `file` of the session's source map (already added with wit_srcmap_add).
 * Returns the file's AST in the session arena, or NULL after recording a diagnostic in
 * s->diags (the parser stops at the first error) or on OOM (s->diags.oom or the arena's
 * failure flag says which). Never aborts on bad input; nesting depth is bounded. A successful
 * parse may still record warnings (severity WIT_SEV_WARNING; s->diags.errors unchanged). */
wit_ast_file *wit_parse_file(wit_session *s, uint32_t file);
/* The same, with the AST's nodes and lists in `nodes` (a child arena of s->arena, say,
 * to free the AST early); its strings (names, docs, versions) still go to the session
 * arena, so whatever the resolver keeps outlives `nodes`. A failed `nodes` allocation
 * sets that arena's failure flag. */
wit_ast_file *wit_parse_file_in(wit_session *s, uint32_t file, wit_arena *nodes);

/* Frees the parser's per-session state (the identifier intern table in s->priv); the
 * ASTs stay. Call when parsing is done (the loader does, before resolving) and from
 * wit_session_free. Parsing again afterwards is fine. */
void wit_parse_release(wit_session *s);

/* ---- from the loader to the resolver ---- */

/* One unit that wit-parser's push_path pushes: a directory's *.wit files (one package,
 * plus any nested `package … { }` blocks in them) or a single .wit file. */
typedef struct wit_ast_group {
    const char *path;        /* as given, for messages */
    bool is_dir;
    wit_ast_file **files;    /* sorted by file name */
    uint32_t nfiles;
    /* NULL, or a child arena of the session's holding the files' nodes (and `files`):
     * wit_resolve_groups frees it, and clears files/nfiles, once the group's packages
     * are resolved; otherwise it dies with the session */
    wit_arena *arena;
} wit_ast_group;

/* Reads PATH exactly as wit_load_path does (root group first, then deps/ entries in sorted
 * order; with_deps false skips deps/) and parses every file, without resolving. Stores the
 * groups (session arena; each group's nodes in its child arena g->arena) in *groups and
 * *ngroups. Returns WIT_OK, WIT_EINPUT when any file
 * failed to parse (every file is still parsed; each stops at its first error, all in
 * s->diags), WIT_EIO or WIT_ENOMEM. */
int wit_parse_path(wit_session *s, const char *path, bool with_deps, wit_ast_group **groups,
                   uint32_t *ngroups);

/* Resolves parsed groups into s->resolve: checks each group's package headers, orders
 * all packages (nested blocks included) topologically by their foreign references,
 * resolves names, types, worlds (elaboration included) and gates, and reports every
 * error it can in s->diags. groups[root_group] is the root; its main package (for a
 * file without a header, its last nested package) is stored in *root.
 * Returns WIT_OK, WIT_EINPUT or WIT_ENOMEM. */
int wit_resolve_groups(wit_session *s, wit_ast_group *groups, uint32_t ngroups, uint32_t root_group,
                       wit_id *root);

#endif
