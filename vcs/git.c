/* libgit2 plumbing for vcs/: a cache of bare repositories (one per URL, fetched with a
 * forced refspec per tag, so nothing is ever checked out), tag peeling, and reading
 * a package folder's *.wit blobs straight from a commit's tree. Blob ids of files on
 * disk are computed with git's own hashing, so lock entries compare with trees directly. */
#include "vcs_git.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int init_count;

int vcs_git_begin(vcs_ctx *cx)
{
    if (git_libgit2_init() < 0)
        return vcs_git_fail(cx, VCS_EENV, "cannot initialise libgit2");
    init_count++;
    return 0;
}

void vcs_git_end(void)
{
    if (init_count > 0) {
        init_count--;
        git_libgit2_shutdown();
    }
}

int vcs_git_fail(vcs_ctx *cx, int code, const char *what, ...)
{
    const git_error *e = git_error_last();
    va_list ap;
    wit_buf_reset(&cx->msg);
    va_start(ap, what);
    wit_buf_vprintf(&cx->msg, what, ap);
    va_end(ap);
    if (e && e->message)
        wit_buf_printf(&cx->msg, ": %s", e->message);
    return code;
}

void vcs_wfiles_free(vcs_wfile *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        wit_free(f[i].name);
        wit_free(f[i].data);
    }
    wit_free(f);
}

int vcs_strv_push(char ***v, size_t *n, const char *s)
{
    char **nv = wit_realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return VCS_ENOMEM;
    *v = nv;
    if (!(nv[*n] = wit_strdup(s)))
        return VCS_ENOMEM;
    (*n)++;
    return 0;
}

void vcs_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        wit_free(v[i]);
    wit_free(v);
}

char *vcs_cache_root(const char *opt)
{
    wit_buf b = WIT_BUF_INIT;
    const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    if (opt)
        wit_buf_puts(&b, opt);
    else if (x && x[0] == '/')
        wit_buf_printf(&b, "%s/witc", x);
    else if (h && h[0])
        wit_buf_printf(&b, "%s/.cache/witc", h);
    else
        return NULL;
    return wit_buf_detach(&b, NULL);
}

/* A readable, collision-free folder name for a URL: its tail plus an FNV-1a hash. */
static char *cache_path(const char *root, const char *url)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = url; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    const char *tail = url + strlen(url);
    while (tail > url && tail[-1] == '/')
        tail--;
    const char *end = tail;
    while (tail > url && tail[-1] != '/' && tail[-1] != ':')
        tail--;
    wit_buf b = WIT_BUF_INIT;
    wit_buf_printf(&b, "%s/git/", root);
    for (const char *p = tail; p < end && p - tail < 48; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        wit_buf_putc(&b, ok ? c : '_');
    }
    wit_buf_printf(&b, "-%016llx.git", (unsigned long long)h);
    return wit_buf_detach(&b, NULL);
}

int vcs_cache_open(const char *root, const char *url, bool create, git_repository **out,
                   vcs_ctx *cx)
{
    int rc = 0;
    char *path = cache_path(root, url);
    struct stat st;
    *out = NULL;
    if (!path)
        return VCS_ENOMEM;
    if (stat(path, &st) != 0) {
        if (!create) {
            rc = 1;
            goto done;
        }
        char *parent = wit_strdup(path);
        if (!parent) {
            rc = VCS_ENOMEM;
            goto done;
        }
        *strrchr(parent, '/') = 0;
        int mk = wit_mkdirs(parent);
        wit_free(parent);
        if (mk != 0) {
            rc = vcs_fail(cx, VCS_EENV, "cannot create the cache %s: %s", root, strerror(errno));
            goto done;
        }
        if (git_repository_init(out, path, 1) < 0)
            rc = vcs_git_fail(cx, VCS_EENV, "cannot create the cached repository %s", path);
    } else if (git_repository_open_bare(out, path) < 0) {
        rc = vcs_git_fail(cx, VCS_EENV, "cannot open the cached repository %s", path);
    }
done:
    wit_free(path);
    return rc;
}

typedef struct progress {
    FILE *out;
    const char *url;
    unsigned last_pct;
} progress;

static int on_transfer(const git_indexer_progress *st, void *payload)
{
    progress *p = payload;
    if (!p->out || !st->total_objects)
        return 0;
    unsigned pct = (unsigned)(100.0 * st->received_objects / st->total_objects);
    if (pct >= p->last_pct + 25 || (pct == 100 && p->last_pct != 100)) {
        p->last_pct = pct;
        fprintf(p->out, "witc: %s: %u/%u objects, %zu KiB\n", p->url, st->received_objects,
                st->total_objects, st->received_bytes / 1024);
    }
    return 0;
}

int vcs_cache_fetch(git_repository *repo, const char *url, const char *tag, vcs_ctx *cx)
{
    int rc = 0;
    git_remote *remote = NULL;
    wit_buf spec = WIT_BUF_INIT;
    if (tag)
        wit_buf_printf(&spec, "+refs/tags/%s:refs/tags/%s", tag, tag);
    else
        wit_buf_puts(&spec, "+refs/tags/*:refs/tags/*");
    if (spec.oom)
        return VCS_ENOMEM;
    char *specv[] = {spec.data};
    git_strarray specs = {specv, 1};
    git_fetch_options fo;
    git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
    progress pr = {cx->progress, url, 0};
    if (cx->progress)
        fprintf(cx->progress, "witc: fetching %s %s\n", url, tag ? tag : "(all tags)");
    fo.callbacks.transfer_progress = on_transfer;
    fo.callbacks.payload = &pr;
    fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    if (git_remote_create_anonymous(&remote, repo, url) < 0 ||
        git_remote_fetch(remote, &specs, &fo, NULL) < 0)
        rc = vcs_git_fail(cx, VCS_EENV, "cannot fetch %s", url);
    git_remote_free(remote);
    wit_buf_free(&spec);
    return rc;
}

int vcs_tag_peel(git_repository *repo, const char *tag, git_oid *tag_id, bool *annotated,
                 git_oid *commit, vcs_ctx *cx)
{
    int rc = 0;
    git_reference *ref = NULL;
    git_object *obj = NULL, *peeled = NULL;
    wit_buf name = WIT_BUF_INIT;
    wit_buf_printf(&name, "refs/tags/%s", tag);
    if (name.oom)
        return VCS_ENOMEM;
    int e = git_reference_lookup(&ref, repo, name.data);
    if (e == GIT_ENOTFOUND || e == GIT_EINVALIDSPEC) {
        rc = 1;
        goto done;
    }
    if (e < 0 || !git_reference_target(ref) ||
        git_object_lookup(&obj, repo, git_reference_target(ref), GIT_OBJECT_ANY) < 0) {
        rc = vcs_git_fail(cx, VCS_EENV, "cannot read tag %s", tag);
        goto done;
    }
    *annotated = git_object_type(obj) == GIT_OBJECT_TAG;
    if (*annotated)
        git_oid_cpy(tag_id, git_object_id(obj));
    else
        memset(tag_id, 0, sizeof *tag_id);
    if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
        rc = vcs_git_fail(cx, VCS_EINPUT, "tag %s does not point at a commit", tag);
        goto done;
    }
    git_oid_cpy(commit, git_object_id(peeled));
done:
    git_object_free(peeled);
    git_object_free(obj);
    git_reference_free(ref);
    wit_buf_free(&name);
    return rc;
}

static bool is_wit_name(const char *n)
{
    size_t l = strlen(n);
    return l > 4 && strcmp(n + l - 4, ".wit") == 0 && n[0] != '.';
}

static int wfile_cmp(const void *a, const void *b)
{
    return strcmp(((const vcs_wfile *)a)->name, ((const vcs_wfile *)b)->name);
}

int vcs_tree_wit_files(git_repository *repo, const git_oid *commit, const char *path,
                       git_oid *tree_id, vcs_wfile **files, size_t *n, vcs_ctx *cx)
{
    int rc = 0;
    git_commit *c = NULL;
    git_tree *root = NULL, *sub = NULL;
    git_tree_entry *te = NULL;
    *files = NULL;
    *n = 0;
    if (git_commit_lookup(&c, repo, commit) < 0 || git_commit_tree(&root, c) < 0) {
        rc = vcs_git_fail(cx, VCS_EENV, "cannot read commit %s", git_oid_tostr_s(commit));
        goto done;
    }
    if (path[0] && strcmp(path, ".") != 0) {
        int e = git_tree_entry_bypath(&te, root, path);
        if (e == GIT_ENOTFOUND || (e == 0 && git_tree_entry_type(te) != GIT_OBJECT_TREE)) {
            rc = 1;
            goto done;
        }
        if (e < 0 || git_tree_lookup(&sub, repo, git_tree_entry_id(te)) < 0) {
            rc = vcs_git_fail(cx, VCS_EENV, "cannot read %s", path);
            goto done;
        }
    }
    git_tree *t = sub ? sub : root;
    git_oid_cpy(tree_id, git_tree_id(t));
    size_t count = git_tree_entrycount(t);
    if (count && !(*files = wit_calloc(count, sizeof **files))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        const git_tree_entry *e = git_tree_entry_byindex(t, i);
        if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || !is_wit_name(git_tree_entry_name(e)))
            continue;
        git_blob *blob = NULL;
        if (git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0) {
            rc = vcs_git_fail(cx, VCS_EENV, "cannot read %s/%s", path, git_tree_entry_name(e));
            goto done;
        }
        vcs_wfile *f = &(*files)[(*n)++];
        size_t len = (size_t)git_blob_rawsize(blob);
        f->name = wit_strdup(git_tree_entry_name(e));
        f->data = wit_malloc(len + 1);
        if (f->data) {
            memcpy(f->data, git_blob_rawcontent(blob), len);
            f->data[len] = 0;
        }
        f->len = len;
        git_oid_cpy(&f->blob, git_tree_entry_id(e));
        git_blob_free(blob);
        if (!f->name || !f->data) {
            rc = VCS_ENOMEM;
            goto done;
        }
    }
    if (*n > 1)
        qsort(*files, *n, sizeof **files, wfile_cmp);
done:
    if (rc) {
        vcs_wfiles_free(*files, *n);
        *files = NULL;
        *n = 0;
    }
    git_tree_entry_free(te);
    git_tree_free(sub);
    git_tree_free(root);
    git_commit_free(c);
    return rc;
}

int vcs_dir_wit_files(const char *dir, vcs_wfile **files, size_t *n, vcs_ctx *cx)
{
    int rc = 0;
    size_t cap = 0;
    DIR *d = opendir(dir);
    wit_buf path = WIT_BUF_INIT;
    *files = NULL;
    *n = 0;
    if (!d) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        return vcs_fail(cx, VCS_EENV, "%s: %s", dir, strerror(errno));
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!is_wit_name(de->d_name))
            continue;
        wit_buf_reset(&path);
        wit_buf_printf(&path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (path.oom) {
            rc = VCS_ENOMEM;
            goto done;
        }
        if (stat(path.data, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            vcs_wfile *nf = wit_realloc(*files, nc * sizeof *nf);
            if (!nf) {
                rc = VCS_ENOMEM;
                goto done;
            }
            *files = nf;
            cap = nc;
        }
        vcs_wfile *f = &(*files)[*n];
        memset(f, 0, sizeof *f);
        (*n)++;
        if (!(f->name = wit_strdup(de->d_name))) {
            rc = VCS_ENOMEM;
            goto done;
        }
        if (wit_read_file(path.data, &f->data, &f->len) != 0) {
            rc = vcs_fail(cx, VCS_EENV, "%s: %s", path.data, strerror(errno));
            goto done;
        }
        if (git_odb_hash(&f->blob, f->data, f->len, GIT_OBJECT_BLOB) < 0) {
            rc = vcs_git_fail(cx, VCS_EENV, "cannot hash %s", path.data);
            goto done;
        }
    }
    if (*n > 1)
        qsort(*files, *n, sizeof **files, wfile_cmp);
done:
    closedir(d);
    wit_buf_free(&path);
    if (rc) {
        vcs_wfiles_free(*files, *n);
        *files = NULL;
        *n = 0;
    }
    return rc;
}

int vcs_remote_tags(git_repository *repo, const char *name, char ***names, size_t *n,
                    vcs_ctx *cx)
{
    int rc = 0;
    git_remote *remote = NULL;
    const git_remote_head **heads = NULL;
    size_t nheads = 0;
    git_remote_callbacks cb;
    git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
    if (git_remote_lookup(&remote, repo, name) < 0) {
        rc = vcs_git_fail(cx, VCS_EENV, "no remote `%s`", name);
        goto done;
    }
    if (cx->progress)
        fprintf(cx->progress, "witc: listing the tags of %s (%s)\n", name, git_remote_url(remote));
    if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL, NULL) < 0 ||
        git_remote_ls(&heads, &nheads, remote) < 0) {
        rc = vcs_git_fail(cx, VCS_EENV, "cannot list the tags of remote `%s`", name);
        goto done;
    }
    for (size_t i = 0; i < nheads && !rc; i++) {
        const char *r = heads[i]->name;
        size_t l = strlen(r);
        if (strncmp(r, "refs/tags/", 10) != 0 || (l > 3 && strcmp(r + l - 3, "^{}") == 0))
            continue;
        rc = vcs_strv_push(names, n, r + 10);
    }
done:
    if (remote)
        git_remote_disconnect(remote);
    git_remote_free(remote);
    return rc;
}

int vcs_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        wit_buf b = WIT_BUF_INIT;
        wit_buf_printf(&b, "%s/%s", path, de->d_name);
        if (b.oom || vcs_rmtree(b.data) != 0)
            rc = -1;
        wit_buf_free(&b);
    }
    closedir(d);
    return rc == 0 ? rmdir(path) : -1;
}
