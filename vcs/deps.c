/* `witc deps sync | update | check | tree`.
 *
 * The WIT is the source of truth for versions: the root package's foreign references,
 * and those of every package fetched, are resolved breadth-first; the manifest only
 * says where each package name lives. Sync works in two phases so that a failure
 * leaves the tree and the lock as they were: first everything is resolved and the new
 * contents written into a staging folder beside deps/ (each fetched package is read
 * there for its own references); then changed folders are swapped in with renames,
 * undone in reverse on error, and the lock is written atomically. A package whose
 * folder already holds exactly the locked blobs is neither fetched nor rewritten, so a
 * no-op sync touches no network and no file. Check is read-only and offline: it
 * recomputes blob ids of the vendored files and compares them, and the references,
 * with the lock. */
#include "vcs_git.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One package in the resolution. */
typedef struct node {
    vcs_pkgid id;          /* as resolved (version filled from the manifest if needed) */
    char *ref_version;     /* the version the WIT wrote (NULL when unversioned) */
    char *from;            /* who referenced it first, for messages */
    vcs_lock_pkg lk;       /* the new lock entry */
    vcs_wfile *files;      /* new contents when they must be written, else NULL */
    size_t nfiles;
    bool have_files;
    const vcs_lock_pkg *old; /* the old lock entry, when one applies */
    char *stage;           /* staging folder holding the contents, or NULL */
    vcs_scan scan;         /* what its WIT references */
    size_t *deps;          /* indices of the nodes it references (tree) */
    size_t ndeps;
} node;

typedef struct run {
    const vcs_deps_opts *o;
    vcs_ctx *cx;
    const char *wit;
    char *deps_dir;
    char *lock_path;
    char *cache;
    vcs_manifest man;
    bool have_man;
    vcs_lock old;
    bool have_lock;
    vcs_scan root;
    node *nodes;
    size_t n, cap;
    char **fetched;        /* "URL tag" pairs fetched during this run */
    size_t nfetched;
    char *staging;
    wit_buf problems;      /* resolution problems, one per line */
    size_t nproblems;
    bool git_up;
    size_t nfetches;
} run;

static void problem(run *r, const char *fmt, ...) WIT_PRINTF(2, 3);
static void problem(run *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wit_buf_vprintf(&r->problems, fmt, ap);
    va_end(ap);
    wit_buf_putc(&r->problems, '\n');
    r->nproblems++;
}

static char *pkg_str(const vcs_pkgid *id, bool ver)
{
    wit_buf b = WIT_BUF_INIT;
    vcs_pkgid_format(id, ver, &b);
    return wit_buf_detach(&b, NULL);
}

static char *path_join(const char *a, const char *b)
{
    wit_buf buf = WIT_BUF_INIT;
    wit_buf_printf(&buf, "%s/%s", a, b);
    return wit_buf_detach(&buf, NULL);
}

static int scan_dir(run *r, const char *dir, vcs_scan *out)
{
    wit_buf err = WIT_BUF_INIT;
    memset(out, 0, sizeof *out);
    if (!r->cx->scan) {
        wit_buf_free(&err);
        return vcs_fail(r->cx, VCS_EENV, "this witc was built without a WIT reader");
    }
    int rc = r->cx->scan(r->cx->scan_ud, dir, out, &err);
    if (rc) {
        if (rc != VCS_ENOMEM)
            rc = vcs_fail(r->cx, rc, "cannot read the WIT in %s%s%s", dir, err.data ? ":\n" : "",
                          err.data ? err.data : "");
        vcs_scan_free(out);
    }
    wit_buf_free(&err);
    return rc;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool id_eq(const vcs_pkgid *a, const vcs_pkgid *b)
{
    return strcmp(a->ns, b->ns) == 0 && strcmp(a->name, b->name) == 0 &&
           same_str(a->version, b->version);
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void node_free(node *nd)
{
    vcs_pkgid_free(&nd->id);
    wit_free(nd->ref_version);
    wit_free(nd->from);
    vcs_lock_pkg_free(&nd->lk);
    vcs_wfiles_free(nd->files, nd->nfiles);
    wit_free(nd->stage);
    vcs_scan_free(&nd->scan);
    wit_free(nd->deps);
}

static void run_free(run *r)
{
    for (size_t i = 0; i < r->n; i++)
        node_free(&r->nodes[i]);
    wit_free(r->nodes);
    if (r->staging) {
        vcs_rmtree(r->staging);
        wit_free(r->staging);
    }
    vcs_strv_free(r->fetched, r->nfetched);
    vcs_manifest_free(&r->man);
    vcs_lock_free(&r->old);
    vcs_scan_free(&r->root);
    wit_free(r->deps_dir);
    wit_free(r->lock_path);
    wit_free(r->cache);
    wit_buf_free(&r->problems);
    if (r->git_up)
        vcs_git_end();
}

/* Files of a folder on disk equal the lock's list (names and blob ids)? */
static int dir_matches(run *r, const char *dir, const vcs_lock_pkg *lk, bool *same)
{
    vcs_wfile *f = NULL;
    size_t n = 0;
    *same = false;
    int rc = vcs_dir_wit_files(dir, &f, &n, r->cx);
    if (rc == 1)
        return 0;
    if (rc)
        return rc;
    if (n == lk->nfiles) {
        *same = true;
        for (size_t i = 0; i < n && *same; i++) {
            char hex[GIT_OID_HEXSZ + 1];
            git_oid_tostr(hex, sizeof hex, &f[i].blob);
            *same = strcmp(f[i].name, lk->files[i].name) == 0 && strcmp(hex, lk->files[i].blob) == 0;
        }
    }
    vcs_wfiles_free(f, n);
    return 0;
}

static bool was_fetched(run *r, const char *url)
{
    for (size_t i = 0; i < r->nfetched; i++)
        if (strcmp(r->fetched[i], url) == 0)
            return true;
    return false;
}

/* Opens the cache of url; with a tag (and not offline), first fetches that tag, once
 * per run. */
static int open_repo(run *r, const char *url, const char *tag, git_repository **repo)
{
    int rc;
    if (!r->git_up) {
        if ((rc = vcs_git_begin(r->cx)) != 0)
            return rc;
        r->git_up = true;
    }
    if (!r->cache && !(r->cache = vcs_cache_root(r->o->cache_dir)))
        return vcs_fail(r->cx, VCS_EENV, "no cache folder: set XDG_CACHE_HOME or HOME");
    rc = vcs_cache_open(r->cache, url, !r->o->offline, repo, r->cx);
    if (rc == 1)
        return vcs_fail(r->cx, VCS_EENV, "offline, and %s is not in the cache (%s)", url, r->cache);
    if (rc || !tag || r->o->offline)
        return rc;
    wit_buf key = WIT_BUF_INIT;
    wit_buf_printf(&key, "%s %s", url, tag);
    if (key.oom)
        rc = VCS_ENOMEM;
    else if (!was_fetched(r, key.data) && (rc = vcs_cache_fetch(*repo, url, tag, r->cx)) == 0) {
        r->nfetches++;
        rc = vcs_strv_push(&r->fetched, &r->nfetched, key.data);
    }
    wit_buf_free(&key);
    if (rc) {
        git_repository_free(*repo);
        *repo = NULL;
    }
    return rc;
}

static bool matches_update(run *r, const vcs_pkgid *id)
{
    if (r->o->mode != VCS_DEPS_UPDATE)
        return false;
    if (!r->o->update_pkg)
        return true;
    char *s = pkg_str(id, false), *sv = pkg_str(id, true);
    bool m = (s && strcmp(s, r->o->update_pkg) == 0) || (sv && strcmp(sv, r->o->update_pkg) == 0);
    wit_free(s);
    wit_free(sv);
    return m;
}

static int set_str(char **dst, const char *src)
{
    wit_free(*dst);
    *dst = NULL;
    return !src || (*dst = wit_strdup(src)) ? 0 : VCS_ENOMEM;
}

/* Fetches (or finds in the cache) the content of node nd and stages it. */
static int fetch_node(run *r, node *nd, const vcs_source *src)
{
    int rc = 0;
    git_repository *repo = NULL;
    git_oid tag_id, commit, tree;
    bool annotated = false;
    char hex[GIT_OID_HEXSZ + 1];
    vcs_lock_pkg *lk = &nd->lk;
    const vcs_lock_pkg *old = nd->old;
    bool move_ok = matches_update(r, &nd->id);
    bool pinned = old && r->o->mode != VCS_DEPS_UPDATE && strcmp(old->git, lk->git) == 0 &&
                  strcmp(old->tag, lk->tag) == 0 && strcmp(old->path, lk->path) == 0;
    (void)src;
    if (pinned) {
        /* The lock says which commit: use it when cached, without the network. */
        if ((rc = open_repo(r, lk->git, NULL, &repo)) != 0)
            goto done;
        git_oid want;
        git_commit *c = NULL;
        if (git_oid_fromstr(&want, old->commit) == 0 && git_commit_lookup(&c, repo, &want) == 0) {
            git_commit_free(c);
            git_oid_cpy(&commit, &want);
            goto have_commit;
        }
        git_repository_free(repo);
        repo = NULL;
    }
    if ((rc = open_repo(r, lk->git, lk->tag, &repo)) != 0)
        goto done;
    rc = vcs_tag_peel(repo, lk->tag, &tag_id, &annotated, &commit, r->cx);
    if (rc == 1) {
        rc = vcs_fail(r->cx, VCS_EINPUT, "%s has no tag `%s` (for %s:%s@%s, referenced by %s)%s",
                      lk->git, lk->tag, nd->id.ns, nd->id.name,
                      nd->id.version ? nd->id.version : "", nd->from,
                      r->o->offline ? " in the cache (offline)" : "");
        goto done;
    }
    if (rc)
        goto done;
    git_oid_tostr(hex, sizeof hex, &commit);
    if (old && !move_ok && strcmp(old->git, lk->git) == 0 && strcmp(old->tag, lk->tag) == 0 &&
        strcmp(old->commit, hex) != 0) {
        char *s = pkg_str(&nd->id, false);
        rc = vcs_fail(r->cx, VCS_EINPUT,
                      "tag `%s` of %s has moved: the lock has commit %s, the repository now has "
                      "commit %s; run `witc deps update %s` to accept it",
                      lk->tag, lk->git, old->commit, hex, s ? s : "");
        wit_free(s);
        goto done;
    }
    if (annotated) {
        git_oid_tostr(hex, sizeof hex, &tag_id);
        if ((rc = set_str(&lk->tag_id, hex)) != 0)
            goto done;
    }
    goto read_tree;
have_commit:
    if (old->tag_id && (rc = set_str(&lk->tag_id, old->tag_id)) != 0)
        goto done;
read_tree:
    git_oid_tostr(hex, sizeof hex, &commit);
    if ((rc = set_str(&lk->commit, hex)) != 0)
        goto done;
    rc = vcs_tree_wit_files(repo, &commit, lk->path, &tree, &nd->files, &nd->nfiles, r->cx);
    if (rc == 1) {
        rc = vcs_fail(r->cx, VCS_EINPUT, "%s at `%s` has no folder `%s`", lk->git, lk->tag,
                      lk->path);
        goto done;
    }
    if (rc)
        goto done;
    if (!nd->nfiles) {
        rc = vcs_fail(r->cx, VCS_EINPUT, "%s at `%s`: folder `%s` holds no .wit file", lk->git,
                      lk->tag, lk->path);
        goto done;
    }
    nd->have_files = true;
    git_oid_tostr(hex, sizeof hex, &tree);
    rc = set_str(&lk->tree, hex);
done:
    git_repository_free(repo);
    return rc;
}

static int write_files(const char *dir, const vcs_wfile *f, size_t n, vcs_ctx *cx)
{
    if (wit_mkdirs(dir) != 0)
        return vcs_fail(cx, VCS_EENV, "cannot create %s: %s", dir, strerror(errno));
    for (size_t i = 0; i < n; i++) {
        char *p = path_join(dir, f[i].name);
        if (!p)
            return VCS_ENOMEM;
        int e = wit_write_file_atomic(p, f[i].data, f[i].len);
        if (e)
            e = vcs_fail(cx, VCS_EENV, "cannot write %s: %s", p, strerror(errno));
        wit_free(p);
        if (e)
            return e;
    }
    return 0;
}

static int fill_lock_files(node *nd)
{
    vcs_lock_pkg *lk = &nd->lk;
    if (!nd->nfiles)
        return 0;
    if (!(lk->files = wit_calloc(nd->nfiles, sizeof *lk->files)))
        return VCS_ENOMEM;
    for (size_t i = 0; i < nd->nfiles; i++) {
        char hex[GIT_OID_HEXSZ + 1];
        git_oid_tostr(hex, sizeof hex, &nd->files[i].blob);
        lk->nfiles++;
        if (!(lk->files[i].name = wit_strdup(nd->files[i].name)) ||
            !(lk->files[i].blob = wit_strdup(hex)))
            return VCS_ENOMEM;
    }
    return 0;
}

static int ensure_staging(run *r)
{
    if (r->staging)
        return 0;
    char *tmpl = path_join(r->wit, ".witc-sync-XXXXXX");
    if (!tmpl)
        return VCS_ENOMEM;
    if (!mkdtemp(tmpl)) {
        int e = vcs_fail(r->cx, VCS_EENV, "cannot create %s: %s", tmpl, strerror(errno));
        wit_free(tmpl);
        return e;
    }
    r->staging = tmpl;
    return 0;
}

static node *add_node(run *r)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 16;
        node *nn = wit_realloc(r->nodes, nc * sizeof *nn);
        if (!nn)
            return NULL;
        r->nodes = nn;
        r->cap = nc;
    }
    node *nd = &r->nodes[r->n++];
    memset(nd, 0, sizeof *nd);
    return nd;
}

/* The node for package ns:name at version `ver` (a reference's version, or for an
 * unversioned reference the manifest's), or SIZE_MAX. */
static size_t find_node(run *r, const vcs_pkgid *ref, const char *ver)
{
    for (size_t i = 0; i < r->n; i++) {
        node *nd = &r->nodes[i];
        if (strcmp(nd->id.ns, ref->ns) == 0 && strcmp(nd->id.name, ref->name) == 0 &&
            same_str(nd->id.version, ver))
            return i;
    }
    return SIZE_MAX;
}

/* Resolves one node: source, lock entry, content (reused, cached or fetched), scan. */
static int resolve_node(run *r, size_t idx)
{
    node *nd = &r->nodes[idx];
    int rc = 0;
    char *label = pkg_str(&nd->id, true);
    if (!label)
        return VCS_ENOMEM;
    const vcs_source *src = vcs_manifest_find(&r->man, nd->id.ns, nd->id.name);
    if (!src) {
        problem(r, "no provider for %s (referenced by %s): add `%s:%s` or `%s:*` to %s/deps.json",
                label, nd->from, nd->id.ns, nd->id.name, nd->id.ns, r->wit);
        goto done;
    }
    if (!nd->id.version) {
        if (!src->version) {
            problem(r, "%s (referenced by %s) has no version, and %s/deps.json gives none for it",
                    label, nd->from, r->wit);
            goto done;
        }
        if ((rc = set_str(&nd->id.version, src->version)) != 0)
            goto done;
    }
    vcs_lock_pkg *lk = &nd->lk;
    lk->git = vcs_expand(src->git, nd->id.name, nd->id.version);
    lk->path = vcs_expand(src->path, nd->id.name, nd->id.version);
    lk->tag = vcs_expand(src->tag, nd->id.name, nd->id.version);
    if (!lk->git || !lk->path || !lk->tag || set_str(&lk->id.ns, nd->id.ns) ||
        set_str(&lk->id.name, nd->id.name) || set_str(&lk->id.version, nd->id.version)) {
        rc = VCS_ENOMEM;
        goto done;
    }
    nd->old = vcs_lock_find(&r->old, nd->id.ns, nd->id.name, nd->id.version);
    const vcs_lock_pkg *old = nd->old;
    bool reuse = false;
    /* update refetches everything, so every locked tag is checked against its remote */
    if (old && r->o->mode != VCS_DEPS_UPDATE && strcmp(old->git, lk->git) == 0 &&
        strcmp(old->path, lk->path) == 0 && strcmp(old->tag, lk->tag) == 0) {
        char *dir = path_join(r->deps_dir, old->dir);
        if (!dir) {
            rc = VCS_ENOMEM;
            goto done;
        }
        rc = dir_matches(r, dir, old, &reuse);
        if (!rc && reuse) {
            /* unchanged: keep the old entry, read its references from disk */
            vcs_lock_pkg_free(lk);
            if ((rc = vcs_lock_pkg_copy(lk, old)) == 0)
                rc = scan_dir(r, dir, &nd->scan);
        }
        wit_free(dir);
        if (rc)
            goto done;
    }
    if (!reuse) {
        if ((rc = fetch_node(r, nd, src)) != 0 || (rc = fill_lock_files(nd)) != 0 ||
            (rc = ensure_staging(r)) != 0)
            goto done;
        wit_buf sd = WIT_BUF_INIT;
        wit_buf_printf(&sd, "%s/new-%zu", r->staging, idx);
        if (!(nd->stage = wit_buf_detach(&sd, NULL))) {
            rc = VCS_ENOMEM;
            goto done;
        }
        if ((rc = write_files(nd->stage, nd->files, nd->nfiles, r->cx)) != 0 ||
            (rc = scan_dir(r, nd->stage, &nd->scan)) != 0)
            goto done;
    }
    /* The package must be the one the tag was asked for. */
    if (!nd->scan.self.ns || strcmp(nd->scan.self.ns, nd->id.ns) != 0 ||
        strcmp(nd->scan.self.name, nd->id.name) != 0 ||
        !same_str(nd->scan.self.version, nd->ref_version ? nd->id.version : nd->scan.self.version)) {
        char *got = nd->scan.self.ns ? pkg_str(&nd->scan.self, true) : NULL;
        problem(r, "%s at `%s` (folder `%s`) declares package %s, not %s (referenced by %s)",
                lk->git, lk->tag, lk->path, got ? got : "(none)", label, nd->from);
        wit_free(got);
    }
done:
    wit_free(label);
    return rc;
}

/* Adds nodes for the references of `scan` (made by `from`), records edges on `owner`. */
static int add_refs(run *r, const vcs_scan *scan, const char *from, size_t owner)
{
    for (size_t i = 0; i < scan->nrefs; i++) {
        const vcs_pkgid *ref = &scan->refs[i];
        if (scan->self.ns && strcmp(ref->ns, scan->self.ns) == 0 &&
            strcmp(ref->name, scan->self.name) == 0)
            continue;
        const char *ver = ref->version;
        if (!ver) {
            const vcs_source *src = vcs_manifest_find(&r->man, ref->ns, ref->name);
            ver = src ? src->version : NULL;
        }
        size_t k = find_node(r, ref, ver);
        if (k == SIZE_MAX) {
            node *nd = add_node(r);
            if (!nd || set_str(&nd->id.ns, ref->ns) || set_str(&nd->id.name, ref->name) ||
                set_str(&nd->id.version, ver) || set_str(&nd->ref_version, ref->version) ||
                set_str(&nd->from, from))
                return VCS_ENOMEM;
            k = r->n - 1;
        }
        if (owner != SIZE_MAX) {
            node *o = &r->nodes[owner];
            size_t *nd2 = wit_realloc(o->deps, (o->ndeps + 1) * sizeof *nd2);
            if (!nd2)
                return VCS_ENOMEM;
            o->deps = nd2;
            o->deps[o->ndeps++] = k;
        }
    }
    return 0;
}

/* Folder names: <name>, or <name>@<version> where one name has several versions, or
 * <ns>-<name>… where two namespaces share a name. */
static int assign_dirs(run *r)
{
    for (size_t i = 0; i < r->n; i++) {
        node *a = &r->nodes[i];
        bool multi_ver = false, multi_ns = false;
        for (size_t j = 0; j < r->n; j++) {
            node *b = &r->nodes[j];
            if (i == j || strcmp(a->id.name, b->id.name) != 0)
                continue;
            if (strcmp(a->id.ns, b->id.ns) != 0)
                multi_ns = true;
            else
                multi_ver = true;
        }
        wit_buf d = WIT_BUF_INIT;
        if (multi_ns)
            wit_buf_printf(&d, "%s-", a->id.ns);
        wit_buf_puts(&d, a->id.name);
        if (multi_ver && a->id.version)
            wit_buf_printf(&d, "@%s", a->id.version);
        wit_free(a->lk.dir);
        if (!(a->lk.dir = wit_buf_detach(&d, NULL)))
            return VCS_ENOMEM;
    }
    return 0;
}

static bool find_node_by_lock(run *r, const vcs_lock_pkg *lk)
{
    for (size_t i = 0; i < r->n; i++)
        if (id_eq(&r->nodes[i].id, &lk->id))
            return true;
    return false;
}

static bool dir_used_by_new(run *r, const char *dir)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->nodes[i].lk.dir, dir) == 0)
            return true;
    return false;
}

typedef struct mv {
    char *from, *to;
} mv;

/* Swaps the staged folders into deps/ and removes folders the lock no longer lists.
 * Every rename is recorded; on failure they are undone in reverse. */
static int apply(run *r, const wit_buf *lock_text, size_t *nwritten, size_t *nremoved)
{
    int rc = 0;
    mv *done_mv = NULL;
    size_t ndone = 0, cap = 0;
    wit_buf a = WIT_BUF_INIT, b = WIT_BUF_INIT;
    *nwritten = *nremoved = 0;
#define RENAME(src, dst)                                                                  \
    do {                                                                                  \
        if (ndone == cap) {                                                               \
            cap = cap ? cap * 2 : 16;                                                     \
            mv *nm_ = wit_realloc(done_mv, cap * sizeof *nm_);                            \
            if (!nm_) {                                                                   \
                rc = VCS_ENOMEM;                                                          \
                goto done;                                                                \
            }                                                                             \
            done_mv = nm_;                                                                \
        }                                                                                 \
        if (rename(src, dst) != 0) {                                                      \
            rc = vcs_fail(r->cx, VCS_EENV, "cannot move %s to %s: %s", src, dst,          \
                          strerror(errno));                                               \
            goto done;                                                                    \
        }                                                                                 \
        done_mv[ndone].from = wit_strdup(src);                                            \
        done_mv[ndone].to = wit_strdup(dst);                                              \
        ndone++;                                                                          \
        if (!done_mv[ndone - 1].from || !done_mv[ndone - 1].to) {                         \
            rc = VCS_ENOMEM;                                                              \
            goto done;                                                                    \
        }                                                                                 \
    } while (0)
    if (wit_mkdirs(r->deps_dir) != 0) {
        rc = vcs_fail(r->cx, VCS_EENV, "cannot create %s: %s", r->deps_dir, strerror(errno));
        goto done;
    }
    /* 1: move out what is replaced or no longer wanted */
    for (size_t i = 0; i < r->n + r->old.n; i++) {
        const char *dir;
        if (i < r->n) {
            if (!r->nodes[i].stage)
                continue;
            dir = r->nodes[i].lk.dir;
        } else {
            dir = r->old.pkgs[i - r->n].dir;
            if (dir_used_by_new(r, dir))
                continue;
            (*nremoved)++;
        }
        struct stat st;
        wit_buf_reset(&a);
        wit_buf_reset(&b);
        wit_buf_printf(&a, "%s/%s", r->deps_dir, dir);
        wit_buf_printf(&b, "%s/old-%zu", r->staging, i);
        if (a.oom || b.oom) {
            rc = VCS_ENOMEM;
            goto done;
        }
        if (lstat(a.data, &st) == 0)
            RENAME(a.data, b.data);
    }
    /* 2: move in the new contents */
    for (size_t i = 0; i < r->n; i++) {
        if (!r->nodes[i].stage)
            continue;
        wit_buf_reset(&a);
        wit_buf_printf(&a, "%s/%s", r->deps_dir, r->nodes[i].lk.dir);
        if (a.oom) {
            rc = VCS_ENOMEM;
            goto done;
        }
        RENAME(r->nodes[i].stage, a.data);
        (*nwritten)++;
    }
    /* 3: the lock, last; if it cannot be written the renames are undone too */
    if (lock_text && wit_write_file_atomic(r->lock_path, lock_text->data, lock_text->len) != 0) {
        rc = vcs_fail(r->cx, VCS_EENV, "cannot write %s: %s", r->lock_path, strerror(errno));
        goto done;
    }
#undef RENAME
done:
    if (rc)
        for (size_t i = ndone; i-- > 0;)
            if (done_mv[i].from && done_mv[i].to)
                (void)rename(done_mv[i].to, done_mv[i].from);
    for (size_t i = 0; i < ndone; i++) {
        wit_free(done_mv[i].from);
        wit_free(done_mv[i].to);
    }
    wit_free(done_mv);
    wit_buf_free(&a);
    wit_buf_free(&b);
    return rc;
}

static int load_common(run *r, bool need_manifest)
{
    int rc;
    char *mp = path_join(r->wit, "deps.json");
    r->deps_dir = path_join(r->wit, "deps");
    r->lock_path = path_join(r->wit, "deps.lock.json");
    if (!mp || !r->deps_dir || !r->lock_path) {
        wit_free(mp);
        return VCS_ENOMEM;
    }
    struct stat st;
    if (need_manifest || stat(mp, &st) == 0) {
        rc = vcs_manifest_load(mp, &r->man, r->cx);
        r->have_man = rc == 0;
        if (rc) {
            wit_free(mp);
            return rc;
        }
    }
    wit_free(mp);
    if ((rc = vcs_lock_load(r->lock_path, &r->old, &r->have_lock, r->cx)) != 0)
        return rc;
    return scan_dir(r, r->wit, &r->root);
}

static int do_sync(run *r)
{
    int rc;
    wit_buf text = WIT_BUF_INIT;
    char *old_text = NULL;
    size_t old_len = 0;
    vcs_lock nl = {NULL, 0};
    char *root_name = NULL;
    if ((rc = load_common(r, true)) != 0)
        goto done;
    if (!(root_name = pkg_str(&r->root.self, true))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    if ((rc = add_refs(r, &r->root, root_name, SIZE_MAX)) != 0)
        goto done;
    for (size_t i = 0; i < r->n; i++) {
        if ((rc = resolve_node(r, i)) != 0)
            goto done;
        char *me = pkg_str(&r->nodes[i].id, true);
        if (!me) {
            rc = VCS_ENOMEM;
            goto done;
        }
        rc = add_refs(r, &r->nodes[i].scan, me, i);
        wit_free(me);
        if (rc)
            goto done;
    }
    if (r->o->update_pkg) {
        bool found = false;
        for (size_t i = 0; i < r->n && !found; i++)
            found = matches_update(r, &r->nodes[i].id);
        if (!found)
            problem(r, "`%s` is not among the dependencies of %s (use ns:name)", r->o->update_pkg,
                    root_name);
    }
    if (r->nproblems) {
        rc = vcs_fail(r->cx, VCS_EINPUT, "%s", r->problems.data);
        goto done;
    }
    if ((rc = assign_dirs(r)) != 0)
        goto done;
    /* A reused package whose folder name changes, or a fetched one whose folder already
     * holds exactly these files, is handled here: no rewrite for identical content. */
    for (size_t i = 0; i < r->n; i++) {
        node *nd = &r->nodes[i];
        char *dir = path_join(r->deps_dir, nd->lk.dir);
        bool same = false;
        if (!dir) {
            rc = VCS_ENOMEM;
            goto done;
        }
        rc = dir_matches(r, dir, &nd->lk, &same);
        if (!rc && !same && !nd->stage) {
            /* reused content that must move to a new folder name */
            char *olddir = path_join(r->deps_dir, nd->old->dir);
            if (!olddir || ensure_staging(r) != 0) {
                wit_free(olddir);
                wit_free(dir);
                rc = rc ? rc : VCS_ENOMEM;
                goto done;
            }
            rc = vcs_dir_wit_files(olddir, &nd->files, &nd->nfiles, r->cx);
            wit_free(olddir);
            wit_buf sd = WIT_BUF_INIT;
            wit_buf_printf(&sd, "%s/new-%zu", r->staging, i);
            if (!rc && !(nd->stage = wit_buf_detach(&sd, NULL)))
                rc = VCS_ENOMEM;
            if (!rc)
                rc = write_files(nd->stage, nd->files, nd->nfiles, r->cx);
        } else if (!rc && same && nd->stage) {
            vcs_rmtree(nd->stage);
            wit_free(nd->stage);
            nd->stage = NULL;
        }
        wit_free(dir);
        if (rc)
            goto done;
    }
    if (r->n && !(nl.pkgs = wit_calloc(r->n, sizeof *nl.pkgs))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < r->n; i++) {
        if ((rc = vcs_lock_pkg_copy(&nl.pkgs[i], &r->nodes[i].lk)) != 0)
            goto done;
        nl.n++;
    }
    vcs_lock_sort(&nl);
    if ((rc = vcs_lock_format(&nl, &text)) != 0)
        goto done;
    if (r->have_lock && wit_read_file(r->lock_path, &old_text, &old_len) != 0) {
        rc = vcs_fail(r->cx, VCS_EENV, "%s: %s", r->lock_path, strerror(errno));
        goto done;
    }
    bool lock_same = old_text && old_len == text.len && memcmp(old_text, text.data, text.len) == 0;
    size_t pending = 0;
    for (size_t i = 0; i < r->n; i++)
        pending += r->nodes[i].stage != NULL;
    for (size_t i = 0; i < r->old.n; i++)
        pending += !dir_used_by_new(r, r->old.pkgs[i].dir);
    if (r->o->locked && (!lock_same || pending)) {
        wit_buf why = WIT_BUF_INIT;
        for (size_t i = 0; i < r->n; i++) {
            const node *nd = &r->nodes[i];
            if (!nd->old || !vcs_lock_pkg_same(nd->old, &nd->lk))
                wit_buf_printf(&why, "\n  %s:%s@%s: %s", nd->id.ns, nd->id.name,
                               nd->id.version ? nd->id.version : "",
                               nd->old ? "would change" : "is not in the lock");
        }
        for (size_t i = 0; i < r->old.n; i++)
            if (!find_node_by_lock(r, &r->old.pkgs[i]))
                wit_buf_printf(&why, "\n  %s:%s@%s: would be removed", r->old.pkgs[i].id.ns,
                               r->old.pkgs[i].id.name,
                               r->old.pkgs[i].id.version ? r->old.pkgs[i].id.version : "");
        rc = vcs_fail(r->cx, VCS_EINPUT, "--locked: %s would change%s%s", r->lock_path,
                      why.data ? why.data : "", why.data ? "" : " (vendored files differ)");
        wit_buf_free(&why);
        goto done;
    }
    size_t nw = 0, nrm = 0;
    if ((rc = apply(r, lock_same ? NULL : &text, &nw, &nrm)) != 0)
        goto done;
    wit_buf_reset(&r->cx->msg);
    wit_buf_printf(&r->cx->msg, "%zu package%s, %zu written, %zu removed, %zu fetch%s; %s %s",
                   r->n, r->n == 1 ? "" : "s", nw, nrm, r->nfetches, r->nfetches == 1 ? "" : "es",
                   r->lock_path, lock_same ? "unchanged" : "written");
done:
    wit_free(root_name);
    wit_free(old_text);
    wit_buf_free(&text);
    vcs_lock_free(&nl);
    return rc;
}

/* ---- check and tree: offline, read-only ---------------------------------------- */

typedef struct provider {
    char *dir;       /* folder name under deps/ */
    vcs_scan scan;
    const vcs_lock_pkg *lk;
} provider;

typedef struct view {
    provider *p;
    size_t n;
} view;

static void view_free(view *v)
{
    for (size_t i = 0; i < v->n; i++) {
        wit_free(v->p[i].dir);
        vcs_scan_free(&v->p[i].scan);
    }
    wit_free(v->p);
}

/* Reads every package folder under deps/ (sorted by name). */
static int read_view(run *r, view *v)
{
    int rc = 0;
    char **names = NULL;
    size_t nn = 0;
    memset(v, 0, sizeof *v);
    DIR *d = opendir(r->deps_dir);
    if (!d)
        return errno == ENOENT ? 0 : vcs_fail(r->cx, VCS_EENV, "%s: %s", r->deps_dir, strerror(errno));
    struct dirent *de;
    while ((de = readdir(d)) && !rc) {
        if (de->d_name[0] == '.')
            continue;
        char *p = path_join(r->deps_dir, de->d_name);
        struct stat st;
        if (!p)
            rc = VCS_ENOMEM;
        else if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
            rc = vcs_strv_push(&names, &nn, de->d_name);
        wit_free(p);
    }
    closedir(d);
    if (rc)
        goto done;
    if (nn > 1)
        qsort(names, nn, sizeof *names, cmp_strp);
    if (nn && !(v->p = wit_calloc(nn, sizeof *v->p))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nn; i++) {
        provider *pv = &v->p[v->n++];
        char *p = path_join(r->deps_dir, names[i]);
        if (!p || !(pv->dir = wit_strdup(names[i]))) {
            wit_free(p);
            rc = VCS_ENOMEM;
            goto done;
        }
        rc = scan_dir(r, p, &pv->scan);
        wit_free(p);
        if (rc)
            goto done;
        for (size_t k = 0; k < r->old.n; k++)
            if (strcmp(r->old.pkgs[k].dir, names[i]) == 0)
                pv->lk = &r->old.pkgs[k];
    }
done:
    vcs_strv_free(names, nn);
    return rc;
}

/* Does provider pv serve reference ref? An unversioned reference is served by the
 * version the manifest names for it, or by an unversioned package. */
static bool serves(run *r, const provider *pv, const vcs_pkgid *ref)
{
    const vcs_pkgid *s = &pv->scan.self;
    if (!s->ns || strcmp(s->ns, ref->ns) != 0 || strcmp(s->name, ref->name) != 0)
        return false;
    if (ref->version)
        return same_str(s->version, ref->version);
    const vcs_source *src = r->have_man ? vcs_manifest_find(&r->man, ref->ns, ref->name) : NULL;
    return !s->version || (src && src->version && strcmp(src->version, s->version) == 0);
}

/* One finding of check: a line of text, or a GitHub annotation whose file is the path the
 * line starts with (the package folder when the line starts with a package name). */
static void diff(run *r, const char *fmt, ...) WIT_PRINTF(2, 3);
static void diff(run *r, const char *fmt, ...)
{
    va_list ap;
    wit_buf b = WIT_BUF_INIT;
    va_start(ap, fmt);
    wit_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    const char *m = b.data ? b.data : "?";
    if (r->o->github) {
        size_t n = strcspn(m, ": ");
        bool path = memchr(m, '/', n) != NULL;
        fprintf(r->o->out, "::error file=%.*s::%s\n", path ? (int)n : (int)strlen(r->wit),
                path ? m : r->wit, m);
    } else {
        fprintf(r->o->out, "%s\n", m);
    }
    wit_buf_free(&b);
    r->nproblems++;
}

static int check_files(run *r, const vcs_lock_pkg *lk)
{
    vcs_wfile *f = NULL;
    size_t n = 0, i = 0, j = 0;
    char *dir = path_join(r->deps_dir, lk->dir);
    if (!dir)
        return VCS_ENOMEM;
    int rc = vcs_dir_wit_files(dir, &f, &n, r->cx);
    if (rc == 1) {
        diff(r, "%s: missing (the lock has %s:%s@%s there)", dir, lk->id.ns, lk->id.name,
             lk->id.version ? lk->id.version : "");
        rc = 0;
        goto done;
    }
    if (rc)
        goto done;
    while (i < n || j < lk->nfiles) {
        int c = i >= n ? 1 : j >= lk->nfiles ? -1 : strcmp(f[i].name, lk->files[j].name);
        if (c < 0) {
            diff(r, "%s/%s: added (not in the lock)", dir, f[i].name);
            i++;
        } else if (c > 0) {
            diff(r, "%s/%s: removed (the lock has blob %s)", dir, lk->files[j].name,
                 lk->files[j].blob);
            j++;
        } else {
            char hex[GIT_OID_HEXSZ + 1];
            git_oid_tostr(hex, sizeof hex, &f[i].blob);
            if (strcmp(hex, lk->files[j].blob) != 0)
                diff(r, "%s/%s: edited (the lock has blob %s, the file is %s)", dir, f[i].name,
                     lk->files[j].blob, hex);
            i++, j++;
        }
    }
done:
    vcs_wfiles_free(f, n);
    wit_free(dir);
    return rc;
}

static int check_refs(run *r, view *v, const vcs_scan *sc, const char *from, bool *used)
{
    for (size_t i = 0; i < sc->nrefs; i++) {
        const vcs_pkgid *ref = &sc->refs[i];
        if (sc->self.ns && strcmp(ref->ns, sc->self.ns) == 0 && strcmp(ref->name, sc->self.name) == 0)
            continue;
        char *name = pkg_str(ref, true);
        if (!name)
            return VCS_ENOMEM;
        size_t first = SIZE_MAX, count = 0;
        for (size_t k = 0; k < v->n; k++)
            if (serves(r, &v->p[k], ref)) {
                if (count == 1)
                    diff(r, "%s (referenced by %s) has two providers: %s/%s and %s/%s", name, from,
                         r->deps_dir, v->p[first].dir, r->deps_dir, v->p[k].dir);
                if (!count)
                    first = k;
                count++;
            }
        if (!count)
            diff(r, "%s (referenced by %s) has no provider in %s", name, from, r->deps_dir);
        const vcs_lock_pkg *lk = NULL;
        for (size_t k = 0; k < r->old.n && !lk; k++) {
            const vcs_lock_pkg *c = &r->old.pkgs[k];
            if (strcmp(c->id.ns, ref->ns) == 0 && strcmp(c->id.name, ref->name) == 0) {
                if (ref->version ? same_str(c->id.version, ref->version)
                                 : (first != SIZE_MAX && v->p[first].lk == c))
                    lk = c;
            }
        }
        if (!lk)
            diff(r, "%s (referenced by %s) is not in %s: run `witc deps sync`", name, from,
                 r->lock_path);
        else
            used[lk - r->old.pkgs] = true;
        wit_free(name);
    }
    return 0;
}

static int do_check(run *r)
{
    int rc;
    view v = {NULL, 0};
    bool *used = NULL;
    char *root_name = NULL;
    if ((rc = load_common(r, false)) != 0)
        goto done;
    if (!r->have_lock) {
        rc = vcs_fail(r->cx, VCS_EINPUT, "%s does not exist: run `witc deps sync`", r->lock_path);
        goto done;
    }
    if ((rc = read_view(r, &v)) != 0)
        goto done;
    if (r->old.n && !(used = wit_calloc(r->old.n, sizeof *used))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < r->old.n; i++)
        if ((rc = check_files(r, &r->old.pkgs[i])) != 0)
            goto done;
    for (size_t k = 0; k < v.n; k++) {
        const provider *pv = &v.p[k];
        char *got = pv->scan.self.ns ? pkg_str(&pv->scan.self, true) : NULL;
        if (!pv->lk)
            diff(r, "%s/%s: added (%s is not in the lock)", r->deps_dir, pv->dir,
                 got ? got : "a folder");
        else if (!pv->scan.self.ns || !id_eq(&pv->scan.self, &pv->lk->id))
            diff(r, "%s/%s declares %s, but the lock has %s:%s@%s there", r->deps_dir, pv->dir,
                 got ? got : "no package", pv->lk->id.ns, pv->lk->id.name,
                 pv->lk->id.version ? pv->lk->id.version : "");
        wit_free(got);
    }
    if (!(root_name = pkg_str(&r->root.self, true))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    if ((rc = check_refs(r, &v, &r->root, root_name, used)) != 0)
        goto done;
    for (size_t k = 0; k < v.n; k++) {
        char *from = path_join(r->deps_dir, v.p[k].dir);
        if (!from) {
            rc = VCS_ENOMEM;
            goto done;
        }
        rc = check_refs(r, &v, &v.p[k].scan, from, used);
        wit_free(from);
        if (rc)
            goto done;
    }
    for (size_t i = 0; i < r->old.n; i++)
        if (!used[i])
            diff(r, "%s lists %s:%s@%s, which nothing references", r->lock_path,
                 r->old.pkgs[i].id.ns, r->old.pkgs[i].id.name,
                 r->old.pkgs[i].id.version ? r->old.pkgs[i].id.version : "");
    if (r->nproblems)
        rc = vcs_fail(r->cx, VCS_EINPUT, "%zu difference%s between %s, the WIT and the lock",
                      r->nproblems, r->nproblems == 1 ? "" : "s", r->deps_dir);
    else
        vcs_fail(r->cx, 0, "%zu package%s verified against %s", r->old.n,
                 r->old.n == 1 ? "" : "s", r->lock_path);
done:
    wit_free(used);
    wit_free(root_name);
    view_free(&v);
    return rc;
}

static void print_tree(run *r, view *v, const vcs_scan *sc, const char *indent, int depth,
                       bool *seen)
{
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < sc->nrefs; i++)
        total += !(sc->self.ns && strcmp(sc->refs[i].ns, sc->self.ns) == 0 &&
                   strcmp(sc->refs[i].name, sc->self.name) == 0);
    for (size_t i = 0; i < sc->nrefs; i++) {
        const vcs_pkgid *ref = &sc->refs[i];
        if (sc->self.ns && strcmp(ref->ns, sc->self.ns) == 0 && strcmp(ref->name, sc->self.name) == 0)
            continue;
        bool last = ++shown == total;
        size_t k;
        for (k = 0; k < v->n && !serves(r, &v->p[k], ref); k++)
            ;
        FILE *out = r->o->out;
        fprintf(out, "%s%s %s:%s@%s", indent, last ? "`--" : "|--", ref->ns, ref->name,
                ref->version ? ref->version : "");
        if (k == v->n) {
            fputs("  (missing)\n", out);
            continue;
        }
        const vcs_lock_pkg *lk = v->p[k].lk;
        if (lk)
            fprintf(out, "  %s %.12s", lk->tag, lk->commit);
        fprintf(out, "  deps/%s%s\n", v->p[k].dir, seen[k] ? " (*)" : "");
        if (seen[k] || depth > 64)
            continue;
        seen[k] = true;
        wit_buf sub = WIT_BUF_INIT;
        wit_buf_printf(&sub, "%s%s", indent, last ? "    " : "|   ");
        if (!sub.oom)
            print_tree(r, v, &v->p[k].scan, sub.data, depth + 1, seen);
        wit_buf_free(&sub);
    }
}

static int do_tree(run *r)
{
    int rc;
    view v = {NULL, 0};
    bool *seen = NULL;
    if ((rc = load_common(r, false)) != 0 || (rc = read_view(r, &v)) != 0)
        goto done;
    if (v.n && !(seen = wit_calloc(v.n, sizeof *seen))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    wit_buf b = WIT_BUF_INIT;
    vcs_pkgid_format(&r->root.self, true, &b);
    fprintf(r->o->out, "%s\n", b.data ? b.data : "?");
    wit_buf_free(&b);
    print_tree(r, &v, &r->root, "", 0, seen);
done:
    wit_free(seen);
    view_free(&v);
    return rc;
}

int vcs_deps_run(const vcs_deps_opts *o, vcs_ctx *cx)
{
    run r;
    vcs_deps_opts opts = *o;
    memset(&r, 0, sizeof r);
    if (!opts.out)
        opts.out = stdout;
    r.o = &opts;
    r.cx = cx;
    r.wit = opts.wit_dir ? opts.wit_dir : "wit";
    wit_buf_init(&r.problems);
    /* libgit2 is initialised lazily, when a repository is opened (open_repo): its
     * initialisation parses the system CA bundle (mbedTLS backend), about 4 ms, half the
     * budget of a no-op sync or a check, which only hash files with git_odb_hash (a pure
     * function of the bytes, which needs no global state). */
    int rc;
    switch (opts.mode) {
    case VCS_DEPS_CHECK:
        rc = do_check(&r);
        break;
    case VCS_DEPS_TREE:
        rc = do_tree(&r);
        break;
    default:
        rc = do_sync(&r);
        break;
    }
    run_free(&r);
    return rc;
}

/* ---- import -------------------------------------------------------------------- */

int vcs_deps_import(const char *toml_path, const char *json_path, const char *deps_dir,
                    FILE *out, vcs_ctx *cx)
{
    int rc;
    char *text = NULL;
    size_t len = 0;
    vcs_import im = {NULL, 0};
    vcs_manifest man = {NULL, 0};
    wit_buf json = WIT_BUF_INIT;
    if (wit_read_file(toml_path, &text, &len) != 0)
        return vcs_fail(cx, errno == ENOENT ? VCS_EINPUT : VCS_EENV, "%s: %s", toml_path,
                        strerror(errno));
    if ((rc = vcs_import_parse(text, len, toml_path, &im, cx)) != 0)
        goto done;
    if (im.n && !(man.items = wit_calloc(im.n, sizeof *man.items))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < im.n; i++) {
        vcs_import_dep *d = &im.deps[i];
        if (!d->git) {
            fprintf(out, "skipped `%s`: %s is not a git archive URL; add it to deps.json by hand\n",
                    d->key, d->url ? d->url : d->path);
            continue;
        }
        vcs_scan sc;
        char *dir = path_join(deps_dir, d->key);
        if (!dir) {
            rc = VCS_ENOMEM;
            goto done;
        }
        wit_buf err = WIT_BUF_INIT;
        rc = cx->scan ? cx->scan(cx->scan_ud, dir, &sc, &err) : VCS_EENV;
        wit_buf_free(&err);
        wit_free(dir);
        if (rc == VCS_ENOMEM)
            goto done;
        if (rc) {
            rc = vcs_fail(cx, VCS_EINPUT,
                          "cannot tell which package `%s` is: %s/%s/ must hold its WIT (run "
                          "wit-deps once, then import)",
                          d->key, deps_dir, d->key);
            goto done;
        }
        vcs_source *s = &man.items[man.n++];
        wit_buf key = WIT_BUF_INIT, tag = WIT_BUF_INIT;
        vcs_pkgid_format(&sc.self, false, &key);
        const char *v = sc.self.version;
        if (v && d->tag && d->tag[0] == 'v' && strcmp(d->tag + 1, v) == 0)
            wit_buf_puts(&tag, "v{version}");
        else if (v && d->tag && strcmp(d->tag, v) == 0)
            wit_buf_puts(&tag, "{version}");
        else if (d->tag)
            wit_buf_puts(&tag, d->tag);
        else
            wit_buf_puts(&tag, "v{version}");
        const char *pfx = d->prefix;
        if (pfx && strchr(pfx, '/'))
            pfx = strchr(pfx, '/') + 1; /* drop the archive's top folder */
        s->key = wit_buf_detach(&key, NULL);
        s->tag = wit_buf_detach(&tag, NULL);
        s->git = wit_strdup(d->git);
        s->path = wit_strdup(pfx && pfx[0] ? pfx : "wit");
        bool ok = s->key && s->tag && s->git && s->path;
        if (ok && !d->tag)
            fprintf(out, "note: `%s` followed the branch `%s`; %s now follows tag v{version} of "
                         "the version the WIT references\n",
                    d->key, d->ref ? d->ref : "?", s->key);
        if (ok && v && d->tag && strcmp(s->tag, d->tag) == 0 && !strstr(d->tag, v))
            fprintf(out, "note: `%s` is pinned to tag %s, which does not name version %s\n",
                    d->key, d->tag, v);
        vcs_scan_free(&sc);
        if (!ok) {
            rc = VCS_ENOMEM;
            goto done;
        }
        s->ns = NULL;
        for (size_t k = 0; k + 1 < man.n; k++)
            if (strcmp(man.items[k].key, s->key) == 0) {
                rc = vcs_fail(cx, VCS_EINPUT, "`%s` is provided by two deps.toml entries", s->key);
                goto done;
            }
    }
    if ((rc = vcs_manifest_format(&man, &json)) != 0)
        goto done;
    if (wit_write_file_atomic(json_path, json.data, json.len) != 0) {
        rc = vcs_fail(cx, VCS_EENV, "cannot write %s: %s", json_path, strerror(errno));
        goto done;
    }
    vcs_fail(cx, 0, "wrote %s (%zu package%s)", json_path, man.n, man.n == 1 ? "" : "s");
done:
    wit_free(text);
    vcs_import_free(&im);
    vcs_manifest_free(&man);
    wit_buf_free(&json);
    return rc;
}
