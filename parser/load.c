/* The loader: sessions, reading PATH the way wit-parser's push_path does, and the
 * parse-only package scanner that dependency resolution uses.
 *
 * A directory is its sorted *.wit files (the root group) plus, in sorted name order, each
 * entry of deps/: a subdirectory (its *.wit files, its own deps/ ignored) or a .wit file;
 * a binary package (.wasm) becomes WIT text through the reader set with wit_set_binary_reader;
 * component text (.wat) is refused. A single .wit file is one group. Files
 * enter the source map under the path as the user spelled it (`d/deps/x/b.wit`), so
 * diagnostics print the same `file:line:col` wit-parser's do. Every file of every group is
 * parsed (each stops at its first error) before anything is resolved. */
#include "ast.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- sessions ---- */

int wit_session_init(wit_session *s)
{
    memset(s, 0, sizeof *s);
    wit_srcmap_init(&s->srcmap);
    wit_diags_init(&s->diags);
    s->arena = wit_arena_new();
    return s->arena ? 0 : -1;
}

void wit_session_free(wit_session *s)
{
    wit_parse_release(s);
    wit_arena_free(s->arena);
    wit_srcmap_free(&s->srcmap);
    wit_diags_free(&s->diags);
    memset(s, 0, sizeof *s);
}

int wit_session_enable_feature(wit_session *s, const char *name)
{
    if (!s->arena)
        return -1;
    const char **f = wit_arena_grow(s->arena, (void *)s->features, s->nfeatures, s->nfeatures + 1,
                                    sizeof *f);
    if (!f)
        return -1;
    f[s->nfeatures] = wit_arena_strdup(s->arena, name);
    if (!f[s->nfeatures])
        return -1;
    s->features = f;
    s->nfeatures++;
    return 0;
}

/* ---- directory reading ---- */

static wit_span no_span(void)
{
    return WIT_NO_SPAN;
}

static int io_error(wit_session *s, const char *what, const char *path, int err)
{
    if (err == ENOMEM)
        return WIT_ENOMEM;
    wit_diags_add(&s->diags, WIT_SEV_ERROR, no_span(), "%s `%s`: %s", what, path, strerror(err));
    return WIT_EIO;
}

static char *join(wit_session *s, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n > 0 && dir[n - 1] == '/')
        return wit_arena_printf(s->arena, "%s%s", dir, name);
    return wit_arena_printf(s->arena, "%s/%s", dir, name);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* True when `s` has the extension `suf` (".wit"): a dotfile named just ".wit" has none. */
static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n > m && strcmp(s + n - m, suf) == 0;
}

/* Sorted names of a directory's entries (arena). Returns 0 or WIT_EIO / WIT_ENOMEM. */
static int list_dir(wit_session *s, const char *dir, char ***out, uint32_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return io_error(s, "cannot read directory", dir, errno);
    uint32_t cap = 0;
    char **names = NULL;
    int rc = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (*n == cap) {
            uint32_t nc = cap ? cap * 2 : 16;
            char **g = wit_arena_grow(s->arena, names, *n, nc, sizeof *g);
            if (!g) {
                rc = WIT_ENOMEM;
                goto done;
            }
            names = g;
            cap = nc;
        }
        if (!(names[*n] = wit_arena_strdup(s->arena, e->d_name))) {
            rc = WIT_ENOMEM;
            goto done;
        }
        (*n)++;
        errno = 0;
    }
    if (errno) {
        rc = io_error(s, "cannot read directory", dir, errno);
        goto done;
    }
    if (*n)
        qsort(names, *n, sizeof *names, cmp_str);
    *out = names;
done:
    closedir(d);
    return rc;
}

static int is_dir(const char *path, bool *dir)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    *dir = S_ISDIR(st.st_mode);
    return 0;
}

/* Reads `path` into the source map and parses it; appends the AST to the group. A parse
 * error leaves a diagnostic and sets *failed. */
/* A regular file's text read into the session arena (huge pages, no malloc per file):
 * 1 with *text and *len set, 0 when the file is not a plain regular file of a stable size
 * (the caller reads it the general way), -1 with errno set. */
static int read_into_arena(wit_session *s, const char *path, char **text, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || (uint64_t)st.st_size >= UINT32_MAX / 2)
        goto done;
    size_t n = (size_t)st.st_size, got = 0;
    char *b = wit_arena_alloc(s->arena, n + 1); /* zeroed: b[n] is the NUL */
    if (!b) {
        errno = ENOMEM;
        rc = -1;
        goto done;
    }
    while (got < n) {
        ssize_t k = read(fd, b + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = -1;
            goto done;
        }
        if (k == 0)
            goto done; /* shrank meanwhile: the general way */
        got += (size_t)k;
    }
    char extra;
    ssize_t k;
    while ((k = read(fd, &extra, 1)) < 0 && errno == EINTR)
        ;
    if (k != 0) { /* grew meanwhile, or an error: the general way decides */
        rc = 0;
        goto done;
    }
    *text = b;
    *len = n;
    rc = 1;
done:;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

static int add_file(wit_session *s, wit_ast_group *g, uint32_t *cap, const char *path, bool *failed)
{
    char *text = NULL;
    size_t len = 0;
    int r = read_into_arena(s, path, &text, &len);
    if (r < 0)
        return errno == ENOMEM ? WIT_ENOMEM : io_error(s, "cannot read", path, errno);
    int idx;
    if (r > 0) {
        idx = wit_srcmap_borrow(&s->srcmap, path, text, len);
    } else {
        if (wit_read_file(path, &text, &len) < 0)
            return io_error(s, "cannot read", path, errno);
        idx = wit_srcmap_adopt(&s->srcmap, path, text, len);
    }
    if (idx < 0)
        return WIT_ENOMEM;
    if (!g->arena && !(g->arena = wit_arena_new_child(s->arena)))
        return WIT_ENOMEM;
    wit_ast_file *f = wit_parse_file_in(s, (uint32_t)idx, g->arena);
    if (!f) {
        if (wit_arena_failed(s->arena) || wit_arena_failed(g->arena) || s->diags.oom)
            return WIT_ENOMEM;
        *failed = true;
        return 0;
    }
    if (g->nfiles == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 4;
        wit_ast_file **nf = wit_arena_grow(g->arena, g->files, g->nfiles, nc, sizeof *nf);
        if (!nf)
            return WIT_ENOMEM;
        g->files = nf;
        *cap = nc;
    }
    g->files[g->nfiles++] = f;
    wit_arena_trim(g->arena); /* the next file (any group's) continues in the tail */
    return 0;
}

/* A directory's *.wit files, sorted, as one group. */
static int read_dir_group(wit_session *s, const char *dir, wit_ast_group *g, bool *failed)
{
    memset(g, 0, sizeof *g);
    g->path = dir;
    g->is_dir = true;
    char **names;
    uint32_t n, cap = 0;
    int rc = list_dir(s, dir, &names, &n);
    if (rc)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        if (!has_suffix(names[i], ".wit"))
            continue;
        char *p = join(s, dir, names[i]);
        if (!p)
            return WIT_ENOMEM;
        bool d;
        if (is_dir(p, &d) < 0)
            return io_error(s, "cannot read", p, errno);
        if (d)
            continue;
        if ((rc = add_file(s, g, &cap, p, failed)))
            return rc;
    }
    return 0;
}

static int read_file_group(wit_session *s, const char *path, wit_ast_group *g, bool *failed)
{
    memset(g, 0, sizeof *g);
    g->path = path;
    uint32_t cap = 0;
    return add_file(s, g, &cap, path, failed);
}

static wit_binary_reader_fn binary_reader;

void wit_set_binary_reader(wit_binary_reader_fn fn)
{
    binary_reader = fn;
}

static int wat_error(wit_session *s, const char *path)
{
    wit_diags_add(&s->diags, WIT_SEV_ERROR, no_span(),
                  "`%s`: component text (.wat) is not supported; give the binary (.wasm) instead", path);
    return WIT_EINPUT;
}

/* A binary WIT package as a group of one file: the WIT text the binary reader makes of it,
 * entered in the source map under the binary's path. */
static int read_binary_group(wit_session *s, const char *path, bool with_foreign, wit_ast_group *g,
                             bool *failed)
{
    char *data = NULL, err[256];
    size_t len = 0;
    wit_buf text = WIT_BUF_INIT;
    int rc = 0;
    memset(g, 0, sizeof *g);
    g->path = path;
    if (!binary_reader) {
        wit_diags_add(&s->diags, WIT_SEV_ERROR, no_span(),
                      "`%s`: binary WIT packages are not supported yet (no reader installed)", path);
        return WIT_EINPUT;
    }
    if (wit_read_file(path, &data, &len) < 0)
        return io_error(s, "cannot read", path, errno);
    if (binary_reader((const uint8_t *)data, len, with_foreign, &text, err, sizeof err) < 0 || text.oom) {
        rc = text.oom ? WIT_ENOMEM : WIT_EINPUT;
        if (!text.oom)
            wit_diags_add(&s->diags, WIT_SEV_ERROR, no_span(), "`%s`: %s", path, err);
        goto done;
    }
    int idx = wit_srcmap_add(&s->srcmap, path, text.data ? text.data : "", text.len);
    if (idx < 0) {
        rc = WIT_ENOMEM;
        goto done;
    }
    if (!(g->arena = wit_arena_new_child(s->arena))) {
        rc = WIT_ENOMEM;
        goto done;
    }
    wit_ast_file *f = wit_parse_file_in(s, (uint32_t)idx, g->arena);
    if (!f) {
        if (wit_arena_failed(s->arena) || wit_arena_failed(g->arena) || s->diags.oom)
            rc = WIT_ENOMEM;
        else
            *failed = true;
        goto done;
    }
    g->files = wit_arena_alloc(g->arena, sizeof *g->files);
    if (!g->files) {
        rc = WIT_ENOMEM;
        goto done;
    }
    g->files[0] = f;
    g->nfiles = 1;
    wit_arena_trim(g->arena);
done:
    wit_buf_free(&text);
    wit_free(data);
    return rc;
}

/* Reads PATH into groups (root first, then deps/: binary packages, then the rest, each in
 * sorted order). */
static int read_groups(wit_session *s, const char *path, bool with_deps, wit_ast_group **out,
                       uint32_t *nout, bool *failed)
{
    *out = NULL;
    *nout = 0;
    bool d;
    if (is_dir(path, &d) < 0)
        return io_error(s, "cannot read", path, errno);
    if (!d) {
        if (has_suffix(path, ".wat"))
            return wat_error(s, path);
        wit_ast_group *g = wit_arena_alloc(s->arena, sizeof *g);
        if (!g)
            return WIT_ENOMEM;
        int rc = has_suffix(path, ".wasm") ? read_binary_group(s, path, true, g, failed)
                                           : read_file_group(s, path, g, failed);
        if (rc)
            return rc;
        *out = g;
        *nout = 1;
        return 0;
    }
    uint32_t cap = 4, n = 1, nbin = 0;
    wit_ast_group *groups = wit_arena_alloc(s->arena, cap * sizeof *groups);
    if (!groups)
        return WIT_ENOMEM;
    int rc = read_dir_group(s, path, &groups[0], failed);
    if (rc)
        return rc;
    char *deps = with_deps ? join(s, path, "deps") : NULL;
    bool deps_dir = false;
    if (deps && is_dir(deps, &deps_dir) == 0 && deps_dir) {
        char **names;
        uint32_t nn;
        if ((rc = list_dir(s, deps, &names, &nn)))
            return rc;
        for (uint32_t i = 0; i < nn; i++) {
            char *p = join(s, deps, names[i]);
            if (!p)
                return WIT_ENOMEM;
            bool sub;
            if (is_dir(p, &sub) < 0)
                return io_error(s, "cannot read", p, errno);
            if (!sub && has_suffix(names[i], ".wat"))
                return wat_error(s, p);
            bool bin = !sub && has_suffix(names[i], ".wasm");
            if (!sub && !bin && !has_suffix(names[i], ".wit"))
                continue;
            if (n == cap) {
                wit_ast_group *ng = wit_arena_grow(s->arena, groups, n, cap * 2, sizeof *ng);
                if (!ng)
                    return WIT_ENOMEM;
                groups = ng;
                cap *= 2;
            }
            /* binary packages go before text ones, as wit-parser merges them first */
            wit_ast_group *g = &groups[bin ? 1 + nbin : n];
            if (bin)
                memmove(g + 1, g, (n - 1 - nbin) * sizeof *g);
            rc = bin ? read_binary_group(s, p, false, g, failed)
                     : sub ? read_dir_group(s, p, g, failed) : read_file_group(s, p, g, failed);
            if (rc)
                return rc;
            nbin += bin;
            n++;
        }
    }
    *out = groups;
    *nout = n;
    return 0;
}

/* ---- loading ---- */

int wit_parse_path(wit_session *s, const char *path, bool with_deps, wit_ast_group **groups,
                   uint32_t *ngroups)
{
    bool failed = false;
    int rc = read_groups(s, path, with_deps, groups, ngroups, &failed);
    wit_parse_release(s);
    if (rc)
        return rc;
    return failed ? WIT_EINPUT : WIT_OK;
}

int wit_load_path(wit_session *s, const char *path, wit_id *root)
{
    wit_ast_group *groups;
    uint32_t n;
    *root = WIT_NONE;
    int rc = wit_parse_path(s, path, true, &groups, &n);
    if (rc)
        return rc;
    return wit_resolve_groups(s, groups, n, 0, root);
}

int wit_load_source(wit_session *s, const char *name, const char *text, size_t len, wit_id *root)
{
    *root = WIT_NONE;
    int idx = wit_srcmap_add(&s->srcmap, name, text, len);
    if (idx < 0)
        return WIT_ENOMEM;
    wit_ast_file *f = wit_parse_file(s, (uint32_t)idx);
    wit_parse_release(s);
    if (!f)
        return (wit_arena_failed(s->arena) || s->diags.oom) ? WIT_ENOMEM : WIT_EINPUT;
    wit_ast_group *g = wit_arena_alloc(s->arena, sizeof *g);
    wit_ast_file **files = wit_arena_alloc(s->arena, sizeof *files);
    if (!g || !files)
        return WIT_ENOMEM;
    files[0] = f;
    g->path = wit_arena_strdup(s->arena, name);
    g->files = files;
    g->nfiles = 1;
    return wit_resolve_groups(s, g, 1, 0, root);
}

/* ---- scanning ---- */

typedef struct scan {
    wit_session *s;
    wit_pkg_name self;
    bool has_self;
    wit_pkg_name *local;   /* packages defined by nested blocks */
    uint32_t nlocal, caplocal;
    wit_pkg_ref *refs;
    uint32_t nrefs, caprefs;
} scan;

static bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool name_eq(const wit_pkg_name *a, const wit_ast_pkg_name *b)
{
    return str_eq(a->ns, b->ns.name) && str_eq(a->name, b->name.name) && str_eq(a->version, b->version);
}

static wit_pkg_name to_name(const wit_ast_pkg_name *n)
{
    wit_pkg_name r = {n->ns.name, n->name.name, n->version};
    return r;
}

static int scan_ref(scan *sc, const wit_ast_use_path *up)
{
    if (!up->is_package)
        return 0;
    if (sc->has_self && name_eq(&sc->self, &up->pkg))
        return 0;
    for (uint32_t i = 0; i < sc->nlocal; i++)
        if (name_eq(&sc->local[i], &up->pkg))
            return 0;
    for (uint32_t i = 0; i < sc->nrefs; i++)
        if (name_eq(&sc->refs[i].name, &up->pkg))
            return 0;
    if (sc->nrefs == sc->caprefs) {
        uint32_t nc = sc->caprefs ? sc->caprefs * 2 : 8;
        wit_pkg_ref *g = wit_arena_grow(sc->s->arena, sc->refs, sc->nrefs, nc, sizeof *g);
        if (!g)
            return -1;
        sc->refs = g;
        sc->caprefs = nc;
    }
    sc->refs[sc->nrefs].name = to_name(&up->pkg);
    sc->refs[sc->nrefs].span = up->pkg.span;
    sc->nrefs++;
    return 0;
}

static int scan_iface_items(scan *sc, const wit_ast_iface_item *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (items[i].kind == WIT_AII_USE && scan_ref(sc, &items[i].u.use->from) < 0)
            return -1;
    return 0;
}

static int scan_items(scan *sc, const wit_ast_toplevel *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const wit_ast_toplevel *t = &items[i];
        switch (t->kind) {
        case WIT_ATL_USE:
            if (scan_ref(sc, &t->u.use.item) < 0)
                return -1;
            break;
        case WIT_ATL_INTERFACE:
            if (scan_iface_items(sc, t->u.iface.items, t->u.iface.nitems) < 0)
                return -1;
            break;
        case WIT_ATL_WORLD:
            for (uint32_t j = 0; j < t->u.world.nitems; j++) {
                const wit_ast_world_item *w = &t->u.world.items[j];
                int r = 0;
                if (w->kind == WIT_AWI_USE)
                    r = scan_ref(sc, &w->u.use.from);
                else if (w->kind == WIT_AWI_INCLUDE)
                    r = scan_ref(sc, &w->u.inc.from);
                else if (w->kind == WIT_AWI_EXTERN) {
                    const wit_ast_extern *e = &w->u.ext;
                    if (e->kind == WIT_EXT_PATH || e->kind == WIT_EXT_NAMED_PATH)
                        r = scan_ref(sc, &e->path);
                    else if (e->kind == WIT_EXT_INTERFACE)
                        r = scan_iface_items(sc, e->items, e->nitems);
                }
                if (r < 0)
                    return -1;
            }
            break;
        case WIT_ATL_PACKAGE:
            if (scan_items(sc, t->u.pkg->items, t->u.pkg->nitems) < 0)
                return -1;
            break;
        }
    }
    return 0;
}

static int collect_local(scan *sc, const wit_ast_file *f)
{
    for (uint32_t i = 0; i < f->nitems; i++) {
        if (f->items[i].kind != WIT_ATL_PACKAGE)
            continue;
        if (sc->nlocal == sc->caplocal) {
            uint32_t nc = sc->caplocal ? sc->caplocal * 2 : 4;
            wit_pkg_name *g = wit_arena_grow(sc->s->arena, sc->local, sc->nlocal, nc, sizeof *g);
            if (!g)
                return -1;
            sc->local = g;
            sc->caplocal = nc;
        }
        sc->local[sc->nlocal++] = to_name(&f->items[i].u.pkg->name);
    }
    return 0;
}

int wit_scan_package(wit_session *s, const char *path, wit_pkg_name *self, wit_pkg_ref **refs,
                     uint32_t *nrefs)
{
    wit_ast_group *groups;
    uint32_t n;
    memset(self, 0, sizeof *self);
    *refs = NULL;
    *nrefs = 0;
    int rc = wit_parse_path(s, path, false, &groups, &n);
    if (rc)
        return rc;
    scan sc;
    memset(&sc, 0, sizeof sc);
    sc.s = s;
    const wit_ast_group *g = &groups[0];
    for (uint32_t i = 0; i < g->nfiles; i++) {
        if (g->files[i]->has_package && !sc.has_self) {
            sc.self = to_name(&g->files[i]->package);
            sc.has_self = true;
        }
        if (collect_local(&sc, g->files[i]) < 0)
            return WIT_ENOMEM;
    }
    if (!sc.has_self) {
        /* A file of nested blocks only: like wit-parser, its last package is the main one. */
        if (sc.nlocal > 0) {
            sc.self = sc.local[sc.nlocal - 1];
            sc.has_self = true;
        } else {
            wit_diags_add(&s->diags, WIT_SEV_ERROR, no_span(),
                          "no `package` header was found in any WIT file for this package (%s)", path);
            return WIT_EINPUT;
        }
    }
    for (uint32_t i = 0; i < g->nfiles; i++)
        if (scan_items(&sc, g->files[i]->items, g->files[i]->nitems) < 0)
            return WIT_ENOMEM;
    *self = sc.self;
    *refs = sc.refs;
    *nrefs = sc.nrefs;
    return WIT_OK;
}
