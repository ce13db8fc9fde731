/* vcs/: WIT dependencies from git tags, the lock file, release tagging.
 *
 * Everything here returns an int: 0 (VCS_OK) or a negative VCS_E* code, with a
 * message in the context's `msg` buffer. Nothing exits or aborts on bad input.
 * Strings handed out are wit_malloc'd and owned by the structure that holds them;
 * each structure has a *_free function that accepts a zeroed structure. */
#ifndef WITC_VCS_H
#define WITC_VCS_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    VCS_OK = 0,
    VCS_EINPUT = -1,  /* the input (WIT, manifest, lock, vendored tree, flags) is wrong */
    VCS_EENV = -2,    /* I/O, network, libgit2 failure */
    VCS_ENOMEM = -3
};

/* A package name as written in WIT: `ns:name@version` (version may be NULL). */
typedef struct vcs_pkgid {
    char *ns;
    char *name;
    char *version;
} vcs_pkgid;

void vcs_pkgid_free(vcs_pkgid *p);
/* "ns:name" or "ns:name@version" into b. */
void vcs_pkgid_format(const vcs_pkgid *p, bool with_version, wit_buf *b);
/* Parses "ns:name[@version]" into *out (caller frees with vcs_pkgid_free).
 * Returns 0, VCS_EINPUT (text is not a package name) or VCS_ENOMEM. */
int vcs_pkgid_parse(const char *text, vcs_pkgid *out);

/* What the WIT of one package directory says: its own name and the foreign packages
 * it refers to (each distinct ns:name@version once). */
typedef struct vcs_scan {
    vcs_pkgid self;
    vcs_pkgid *refs;
    size_t nrefs;
} vcs_scan;

void vcs_scan_free(vcs_scan *s);

/* Reads the package in `dir` (its *.wit files, parse only, deps/ not needed) into *out.
 * Returns 0, VCS_EINPUT with a message in `err` (bad WIT), VCS_EENV or VCS_ENOMEM.
 * On failure *out is zeroed. */
typedef int (*vcs_scan_fn)(void *ud, const char *dir, vcs_scan *out, wit_buf *err);

/* The front end's implementation (scan.c): wit_scan_package behind vcs_scan_fn; ud unused. */
int vcs_scan_wit(void *ud, const char *dir, vcs_scan *out, wit_buf *err);

/* The context every vcs_ call takes. */
typedef struct vcs_ctx {
    wit_buf msg;        /* the reason of the last failure (or a summary) */
    FILE *progress;     /* progress lines for network work, or NULL for quiet */
    vcs_scan_fn scan;   /* the WIT reader; NULL = WIT cannot be read */
    void *scan_ud;
} vcs_ctx;

void vcs_ctx_init(vcs_ctx *cx);
void vcs_ctx_free(vcs_ctx *cx);
/* Replaces cx->msg with the formatted message and returns `code`. */
int vcs_fail(vcs_ctx *cx, int code, const char *fmt, ...) WIT_PRINTF(3, 4);

/* ---- manifest: wit/deps.json ------------------------------------------------
 * {"packages": {"wasi:io": {"git": URL, "path": "wit", "tag": "v{version}", "version": V},
 *               "wasi:*":  {"git": "https://host/WebAssembly/wasi-{name}"}}}
 * `path` defaults to "wit", `tag` to "v{version}"; {name} and {version} are expanded in
 * `git`, `path` and `tag`. */
typedef struct vcs_source {
    char *key;      /* as written: "wasi:io" or "wasi:*" */
    char *ns;
    char *name;     /* NULL for a namespace entry */
    char *git;
    char *path;     /* never NULL after parsing */
    char *tag;      /* never NULL after parsing */
    char *version;  /* for references without a version; may be NULL */
} vcs_source;

typedef struct vcs_manifest {
    vcs_source *items;
    size_t n;
} vcs_manifest;

/* Parses manifest text; `file` names it in messages. On failure *out is empty. */
int vcs_manifest_parse(const char *text, size_t len, const char *file, vcs_manifest *out,
                       vcs_ctx *cx);
/* Reads and parses a manifest file. A missing file is VCS_EINPUT with a message. */
int vcs_manifest_load(const char *path, vcs_manifest *out, vcs_ctx *cx);
void vcs_manifest_free(vcs_manifest *m);
/* The entry serving ns:name: an exact entry, else the namespace entry, else NULL. */
const vcs_source *vcs_manifest_find(const vcs_manifest *m, const char *ns, const char *name);
/* Expands {name} and {version} in pattern (NULL version expands to ""). Returns a
 * wit_malloc'd string (caller frees) or NULL on OOM. */
char *vcs_expand(const char *pattern, const char *name, const char *version);
/* Renders the manifest as deps.json text (keys in the order held). 0 or VCS_ENOMEM. */
int vcs_manifest_format(const vcs_manifest *m, wit_buf *out);

/* ---- lock: wit/deps.lock.json -------------------------------------------------- */
typedef struct vcs_lock_file {
    char *name;   /* file name inside the package folder, e.g. "streams.wit" */
    char *blob;   /* git blob id (hex) of its content */
} vcs_lock_file;

typedef struct vcs_lock_pkg {
    vcs_pkgid id;     /* version may be NULL for an unversioned package */
    char *dir;        /* folder under wit/deps/ */
    char *git;
    char *path;
    char *tag;
    char *tag_id;     /* annotated tag object id, or NULL for a lightweight tag */
    char *commit;
    char *tree;       /* tree id of the package folder at that commit */
    vcs_lock_file *files;  /* sorted by name */
    size_t nfiles;
} vcs_lock_pkg;

typedef struct vcs_lock {
    vcs_lock_pkg *pkgs;  /* sorted by name, then version */
    size_t n;
} vcs_lock;

int vcs_lock_parse(const char *text, size_t len, const char *file, vcs_lock *out, vcs_ctx *cx);
/* Reads a lock file. A missing file gives an empty lock and *exists = false. */
int vcs_lock_load(const char *path, vcs_lock *out, bool *exists, vcs_ctx *cx);
void vcs_lock_free(vcs_lock *l);
void vcs_lock_pkg_free(vcs_lock_pkg *p);
/* Sorts packages (name, then semver) and their files (name). */
void vcs_lock_sort(vcs_lock *l);
/* Deterministic JSON text of the lock. 0 or VCS_ENOMEM. */
int vcs_lock_format(const vcs_lock *l, wit_buf *out);
/* The entry for ns:name@version (version NULL matches NULL), or NULL. */
vcs_lock_pkg *vcs_lock_find(const vcs_lock *l, const char *ns, const char *name,
                            const char *version);
/* Deep copy of src into *dst. 0 or VCS_ENOMEM. */
int vcs_lock_pkg_copy(vcs_lock_pkg *dst, const vcs_lock_pkg *src);
/* True when a and b record the same source and content. */
bool vcs_lock_pkg_same(const vcs_lock_pkg *a, const vcs_lock_pkg *b);

/* ---- versions and release-candidate counters ---------------------------------- */
/* Parses a tag as a version: "v1.2.3-pre" or "1.2.3-pre". Returns 0 or -1. */
int vcs_tag_version(const char *tag, wit_semver *out);
/* Compares two tags for `witc versions`: versions in semver order, then non-versions
 * by name. */
int vcs_tag_cmp(const char *a, const char *b);
/* True when s is a real calendar date written YYYY-MM-DD. */
bool vcs_date_valid(const char *s);
/* The next release-candidate counter for base and date given the existing tag names:
 * one more than the highest N among `v<base>-rc-<date>.<N>` (and `v<base>-rc-<date>`
 * counting as 0); 1 when there is none. */
uint64_t vcs_rc_next(const char *base, const char *date, const char *const *tags, size_t n);
/* True when version `v` (text) is a release candidate: its pre-release starts with "rc". */
bool vcs_version_is_rc(const char *v);

/* ---- wit-deps import ---------------------------------------------------------- */
typedef struct vcs_import_dep {
    char *key;      /* the deps.toml key (a directory name) */
    char *url;      /* NULL for path dependencies */
    char *path;     /* path dependency, or NULL */
    char *prefix;   /* prefix or subdir, or NULL */
    char *git;      /* repository derived from url, or NULL */
    char *tag;      /* tag derived from url, or NULL (a branch archive) */
    char *ref;      /* the archive's ref as written (tag or branch) */
} vcs_import_dep;

typedef struct vcs_import {
    vcs_import_dep *deps;
    size_t n;
} vcs_import;

/* Parses the subset of TOML that deps.toml uses: `key = "string"`, `key = { k = "v", … }`
 * and `[key]` tables of string values. Derives git/tag from archive URLs. */
int vcs_import_parse(const char *text, size_t len, const char *file, vcs_import *out,
                     vcs_ctx *cx);
void vcs_import_free(vcs_import *im);

/* ---- commands ------------------------------------------------------------------ */
typedef enum vcs_deps_mode {
    VCS_DEPS_SYNC,
    VCS_DEPS_UPDATE,
    VCS_DEPS_CHECK,
    VCS_DEPS_TREE
} vcs_deps_mode;

typedef struct vcs_deps_opts {
    const char *wit_dir;     /* the root package folder, default "wit" */
    const char *cache_dir;   /* default $XDG_CACHE_HOME/witc or ~/.cache/witc */
    vcs_deps_mode mode;
    const char *update_pkg;  /* update: "ns:name" or NULL for all */
    bool offline;
    bool locked;
    bool github;             /* check: findings as GitHub `::error file=…::` annotations */
    FILE *out;               /* reports (tree, check findings); stdout by default */
} vcs_deps_opts;

/* Runs one `witc deps` mode. VCS_EINPUT when something is wrong with the project (check:
 * when anything differs; every difference is printed to opts->out). */
int vcs_deps_run(const vcs_deps_opts *o, vcs_ctx *cx);

/* `witc deps import`: reads a wit-deps deps.toml and writes deps.json. Package names come
 * from the vendored folders (wit/deps/<key>/) through cx->scan. */
int vcs_deps_import(const char *toml_path, const char *json_path, const char *deps_dir,
                    FILE *out, vcs_ctx *cx);

/* Validates a package folder with the front end (set by the CLI; NULL = no validation).
 * Returns 0, or VCS_EINPUT with the rendered diagnostics in err. */
typedef int (*vcs_validate_fn)(const char *dir, wit_buf *err);
/* The front end's implementation (scan.c): wit_load_path, diagnostics rendered as text. */
int vcs_validate_wit(const char *dir, wit_buf *err);

typedef struct vcs_release_opts {
    const char *repo_path;   /* any path inside the repository, default "." */
    const char *base;        /* X.Y.Z or NULL */
    const char *date;        /* YYYY-MM-DD or NULL for today (UTC) */
    const char *const *wit_dirs; /* folders relative to the repo root; NULL = wit and wit-* */
    size_t nwit_dirs;
    const char *remote;      /* remote whose tags count too; default "origin" when present */
    bool dry_run;
    bool no_tag;
    vcs_validate_fn validate;
    FILE *out;
} vcs_release_opts;

/* The textual part of a release: in `text`, rewrites to `version` the version of every
 * `package` line and reference (`ns:name[/path]@old`) naming one of pkgs at its old
 * version (pkgs[i].version), and every release-candidate `@since(version = …)`;
 * comments and everything else are copied byte for byte. Appends to out. 0 or
 * VCS_ENOMEM. */
int vcs_release_rewrite(const char *text, size_t len, const vcs_pkgid *pkgs, size_t npkgs,
                        const char *version, wit_buf *out);

/* `witc release`. On success writes the version into *version_out (caller frees) when
 * not NULL. Refusals are VCS_EINPUT with nothing changed. */
int vcs_release(const vcs_release_opts *o, char **version_out, vcs_ctx *cx);

/* `witc versions`: prints the repository's tags in semver order to out, flagging
 * non-versions. *nonversions receives their count. */
int vcs_versions(const char *path, FILE *out, size_t *nonversions, vcs_ctx *cx);

#ifdef __cplusplus
}
#endif
#endif
