/* C names for WIT items, following wit-bindgen's C backend: snake_case and SHOUTY
 * conversions, keyword escaping, interface and world prefixes (with `exports_` for
 * exported copies), function names, and the names of named and anonymous types. */
#ifndef WITC_GEN_CNAMES_H
#define WITC_GEN_CNAMES_H

#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `foo-bar` -> `foo_bar` (lower case; any character outside [A-Za-z0-9_] becomes `_`).
 * Arena strings; NULL on OOM. */
char *gen_c_snake(wit_arena *a, const char *name);
/* `foo-bar` -> `FOO_BAR`. */
char *gen_c_shouty(wit_arena *a, const char *name);
/* True for C11 and C++ keywords, and for the names wit-bindgen also escapes
 * (`ret`, `err`, `stdin`, `stdout`, `stderr`, `bool`, `true`, `false`). */
bool gen_c_is_reserved(const char *ident);
/* snake(name), with a `_` appended when the result is reserved. */
char *gen_c_ident(wit_arena *a, const char *name);

/* Appends the C symbol `witc compile` gives a component-level function, which `witc host c`
 * must name identically: `prefix`, then (when iface is not NULL) the interface name up to
 * its `@version` and `__`, then `func`; each name with runs of other characters than
 * [A-Za-z0-9] turned into one `_`, none leading or trailing. E.g. ("witc_import_",
 * "test:imp/host@0.1.0", "log") -> witc_import_test_imp_host__log. */
void gen_c_component_symbol(wit_buf *b, const char *prefix, const char *iface, const char *func);
/* Appends the C symbol of the host hook `witc compile` calls for an imported function and
 * `witc host c` defines: `witc_import_`, then (when iface is not NULL; NULL for a world-level
 * function) the whole interface name, version included, and `__`, then `func`, with the
 * identifier rule of gen_c_component_symbol. Two versions of one interface get two hooks:
 * ("test:imp/host@0.1.0", "log") -> witc_import_test_imp_host_0_1_0__log. */
void gen_c_import_hook_symbol(wit_buf *b, const char *iface, const char *func);

/* Naming context for one world. Zero-initialise, then gen_cnames_init. */
typedef struct gen_cnames {
    const wit_resolve *r;
    wit_id world;
    wit_arena *a;
    const char *world_snake;  /* snake(world name) */
    const char *world_shouty;
    char **iface_prefix[2];   /* [exported][iface] cached prefixes */
    char **type_name[2];      /* [exported copy][type] cached C type names */
    bool *pkg_multi;          /* [package] another version of the same package is loaded */
    /* The interface whose items are being generated (WIT_NONE: world-level items). As in
     * wit-bindgen, an anonymous type containing named types is named after it when first
     * asked for (`wasi_filesystem_types_option_datetime_t`); set it before naming. */
    wit_id cur_iface;
    /* anonymous type names given so far and their structure (with full C names of their
     * parts), so two different structures never share a name */
    const char **anon_names, **anon_sigs;
    uint32_t nanon, capanon;
} gen_cnames;

/* Prepares names for `world`. Arrays live in `a`. Returns 0, or -1 on OOM. */
int gen_cnames_init(gen_cnames *n, const wit_resolve *r, wit_id world, wit_arena *a);

/* Replaces the C prefix of `iface` (its import form; the exported copy gets `exports_` in
 * front) by snake(prefix): wit-bindgen's --rename. Call after gen_cnames_init, before any
 * name is asked for. Returns 0, or -1 on OOM. */
int gen_cnames_set_prefix(gen_cnames *n, wit_id iface, const char *prefix);

/* The world key of an interface in the world: its item name for `import foo: interface {…}`,
 * NULL when it is a package-level interface. */
const char *gen_cnames_key_name(const gen_cnames *n, wit_id iface);
/* True when `iface` is one of the world's exports. */
bool gen_cnames_iface_exported(const gen_cnames *n, wit_id iface);

/* The C prefix of an interface: `ns_pkg_[ver_]iface`, or snake(key name) for world-inline
 * interfaces; `exports_` in front for the exported copy. NULL on OOM. */
const char *gen_cnames_iface_prefix(gen_cnames *n, wit_id iface, bool exported);
/* The prefix for items owned by `owner` seen from an import (exported = false) or an
 * export (exported = true) context: the owner's exported copy is chosen only when the
 * context is an export and the owner interface is exported. World-owned items use the
 * world prefix. */
const char *gen_cnames_owner_prefix(gen_cnames *n, wit_owner owner, bool exported);

/* The short C name of an exported interface in names the host stubs derive from it
 * (`W_call_<short>_<func>`): snake(its key or interface name), or, when another export of
 * the world has the same one (`export a:x/api; export b:y/api;`), its unique import-form
 * prefix (`a_x_api`). NULL on OOM. */
const char *gen_cnames_export_short(gen_cnames *n, wit_id iface);

/* The core-module name of an interface (`ns:pkg/iface@ver`, or its key name), or "$root". */
const char *gen_cnames_core_module(gen_cnames *n, wit_owner owner);

/* The C name of a function: prefix + `_` + snake(name) with `[method]r.m` as
 * `method_r_m`. World-level: `<world>_f`, exports `exports_<world>_f`. */
const char *gen_cnames_func(gen_cnames *n, wit_owner owner, const wit_func *f, bool exported);

/* The C type for a use of t in an import or export context: `uint32_t`, `W_string_t`,
 * `P_name_t`, `W_list_u8_t`, `P_own_r_t`, … NULL on OOM. */
const char *gen_cnames_type(gen_cnames *n, wit_type t, bool exported);
/* The `enc` part of an anonymous type's name (`list_u8`, `option_foo`, …). */
const char *gen_cnames_enc(gen_cnames *n, wit_type t, bool exported);
/* Resolves aliases and reports which copy a typedef belongs to in a context: true when
 * it is the exported copy. */
bool gen_cnames_is_export_copy(const gen_cnames *n, wit_id type, bool exported);
/* The resource behind a handle typedef (aliases followed). */
wit_id gen_cnames_handle_resource(const gen_cnames *n, const wit_typedef *handle);
/* For a resource type: the prefix `P_r` of its helpers (`P_r_drop_own`, …). */
const char *gen_cnames_resource_prefix(gen_cnames *n, wit_id resource, bool exported);

#ifdef __cplusplus
}
#endif
#endif
