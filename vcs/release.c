/* `witc release` and `witc versions`.
 *
 * Release computes the next `<base>-rc-<date>.<N>` from the local tags and the remote's
 * (listed like `git ls-remote`), rewrites the repository's own WIT textually — the
 * `package` lines, references between its packages, and release-candidate `@since`
 * values — validates before and after with the front end, commits and creates an
 * annotated tag. Every refusal happens before the first write, except an invalid result
 * of the bump, which restores the original bytes. The rewrite works on the raw text,
 * skipping comments, so formatting and docs survive byte for byte. */
#include "vcs_git.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef vcs_pkgid rpkg;

typedef struct rfile {
    char *rel;      /* path relative to the work tree */
    char *abs;
    char *old;      /* original text */
    size_t old_len;
    wit_buf neu;    /* rewritten text */
    bool changed;
} rfile;

typedef struct rel {
    const vcs_release_opts *o;
    vcs_ctx *cx;
    git_repository *repo;
    const char *workdir;
    char **dirs;
    size_t ndirs;
    rfile *files;
    size_t nfiles;
    rpkg *pkgs;
    size_t npkgs;
    char **tags;
    size_t ntags;
    char *version;
    char *tagname;
} rel;

static bool idc(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static bool verc(char c)
{
    return idc(c) || c == '.' || c == '+';
}

/* Length of a version token at s (semver characters, without a trailing '.'). */
static size_t ver_len(const char *s, const char *end)
{
    size_t n = 0;
    while (s + n < end && verc(s[n]))
        n++;
    while (n && s[n - 1] == '.')
        n--;
    return n;
}

static size_t skip_comment(const char *p, const char *end)
{
    if (p + 1 < end && p[0] == '/' && p[1] == '/') {
        size_t n = 0;
        while (p + n < end && p[n] != '\n')
            n++;
        return n;
    }
    if (p + 1 < end && p[0] == '/' && p[1] == '*') {
        size_t n = 2;
        int depth = 1; /* WIT block comments nest */
        while (p + n < end && depth) {
            if (p + n + 1 < end && p[n] == '/' && p[n + 1] == '*')
                depth++, n += 2;
            else if (p + n + 1 < end && p[n] == '*' && p[n + 1] == '/')
                depth--, n += 2;
            else
                n++;
        }
        return n;
    }
    return 0;
}

static const rpkg *find_pkg(const rel *r, const char *ns, size_t nslen, const char *name,
                            size_t namelen)
{
    for (size_t i = 0; i < r->npkgs; i++)
        if (strlen(r->pkgs[i].ns) == nslen && strncmp(r->pkgs[i].ns, ns, nslen) == 0 &&
            strlen(r->pkgs[i].name) == namelen && strncmp(r->pkgs[i].name, name, namelen) == 0)
            return &r->pkgs[i];
    return NULL;
}

/* Finds `package ns:name@version` declarations (collect) or rewrites versions (out). */
static int walk(rel *r, const char *text, size_t len, wit_buf *out, const char *file)
{
    const char *p = text, *end = text + len, *copied = text;
    while (p < end) {
        size_t c = skip_comment(p, end);
        if (c) {
            p += c;
            continue;
        }
        if (*p == '@' && end - p > 6 && strncmp(p, "@since", 6) == 0 && !idc(p[6])) {
            const char *q = p + 6;
            while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
                q++;
            if (q < end && *q == '(') {
                q++;
                while (q < end && (*q == ' ' || *q == '\t'))
                    q++;
                if (end - q > 7 && strncmp(q, "version", 7) == 0) {
                    q += 7;
                    while (q < end && (*q == ' ' || *q == '\t'))
                        q++;
                    if (q < end && *q == '=') {
                        q++;
                        while (q < end && (*q == ' ' || *q == '\t'))
                            q++;
                        size_t vl = ver_len(q, end);
                        char *v = wit_strndup(q, vl);
                        if (!v)
                            return VCS_ENOMEM;
                        if (out && vcs_version_is_rc(v)) {
                            wit_buf_append(out, copied, (size_t)(q - copied));
                            wit_buf_puts(out, r->version);
                            copied = q + vl;
                        }
                        wit_free(v);
                        p = q + vl;
                        continue;
                    }
                }
            }
            p += 6;
            continue;
        }
        if (idc(*p) && (p == text || !(idc(p[-1]) || p[-1] == '%' || p[-1] == '.' || p[-1] == '@'))) {
            const char *ns = p;
            while (p < end && idc(*p))
                p++;
            size_t nslen = (size_t)(p - ns);
            bool is_package = nslen == 7 && strncmp(ns, "package", 7) == 0;
            if (is_package && out == NULL) {
                const char *q = p;
                while (q < end && (*q == ' ' || *q == '\t'))
                    q++;
                const char *n1 = q;
                while (q < end && idc(*q))
                    q++;
                if (q < end && *q == ':' && q > n1) {
                    const char *n2 = ++q;
                    while (q < end && idc(*q))
                        q++;
                    size_t l2 = (size_t)(q - n2);
                    if (q < end && *q == '@' && l2) {
                        size_t vl = ver_len(q + 1, end);
                        rpkg *np = wit_realloc(r->pkgs, (r->npkgs + 1) * sizeof *np);
                        if (!np)
                            return VCS_ENOMEM;
                        r->pkgs = np;
                        rpkg *k = &np[r->npkgs++];
                        k->ns = wit_strndup(n1, (size_t)(n2 - 1 - n1));
                        k->name = wit_strndup(n2, l2);
                        k->version = wit_strndup(q + 1, vl);
                        if (!k->ns || !k->name || !k->version)
                            return VCS_ENOMEM;
                        for (size_t i = 0; i + 1 < r->npkgs; i++)
                            if (strcmp(r->pkgs[i].ns, k->ns) == 0 &&
                                strcmp(r->pkgs[i].name, k->name) == 0 &&
                                strcmp(r->pkgs[i].version, k->version) != 0)
                                return vcs_fail(r->cx, VCS_EINPUT,
                                                "%s: package %s:%s is declared at %s and at %s",
                                                file, k->ns, k->name, r->pkgs[i].version,
                                                k->version);
                        p = q + 1 + vl;
                    }
                }
                continue;
            }
            if (out && p < end && *p == ':') {
                const char *name = p + 1, *q = name;
                while (q < end && idc(*q))
                    q++;
                const rpkg *k = find_pkg(r, ns, nslen, name, (size_t)(q - name));
                while (k && q < end && *q == '/') {
                    q++;
                    while (q < end && idc(*q))
                        q++;
                }
                if (k && q < end && *q == '@') {
                    size_t vl = ver_len(q + 1, end);
                    if (vl == strlen(k->version) && strncmp(q + 1, k->version, vl) == 0) {
                        wit_buf_append(out, copied, (size_t)(q + 1 - copied));
                        wit_buf_puts(out, r->version);
                        copied = q + 1 + vl;
                    }
                    p = q + 1 + vl;
                } else {
                    p = q;
                }
            }
            continue;
        }
        p++;
    }
    if (out)
        wit_buf_append(out, copied, (size_t)(end - copied));
    return out && out->oom ? VCS_ENOMEM : 0;
}

int vcs_release_rewrite(const char *text, size_t len, const vcs_pkgid *pkgs, size_t npkgs,
                        const char *version, wit_buf *out)
{
    rel r;
    memset(&r, 0, sizeof r);
    r.pkgs = (rpkg *)pkgs; /* read only: walk() appends to pkgs only when out == NULL */
    r.npkgs = npkgs;
    r.version = (char *)version;
    return walk(&r, text, len, out, "");
}

static void rel_free(rel *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        wit_free(r->files[i].rel);
        wit_free(r->files[i].abs);
        wit_free(r->files[i].old);
        wit_buf_free(&r->files[i].neu);
    }
    wit_free(r->files);
    for (size_t i = 0; i < r->npkgs; i++) {
        wit_free(r->pkgs[i].ns);
        wit_free(r->pkgs[i].name);
        wit_free(r->pkgs[i].version);
    }
    wit_free(r->pkgs);
    vcs_strv_free(r->dirs, r->ndirs);
    vcs_strv_free(r->tags, r->ntags);
    wit_free(r->version);
    wit_free(r->tagname);
    git_repository_free(r->repo);
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The WIT folders: the ones asked for, else `wit` and `wit-*` at the top of the tree. */
static int find_dirs(rel *r)
{
    int rc = 0;
    if (r->o->wit_dirs) {
        for (size_t i = 0; i < r->o->nwit_dirs && !rc; i++)
            rc = vcs_strv_push(&r->dirs, &r->ndirs, r->o->wit_dirs[i]);
        return rc;
    }
    DIR *d = opendir(r->workdir);
    if (!d)
        return vcs_fail(r->cx, VCS_EENV, "%s: %s", r->workdir, strerror(errno));
    struct dirent *de;
    while ((de = readdir(d)) && !rc) {
        if (strcmp(de->d_name, "wit") != 0 && strncmp(de->d_name, "wit-", 4) != 0)
            continue;
        wit_buf b = WIT_BUF_INIT;
        struct stat st;
        wit_buf_printf(&b, "%s%s", r->workdir, de->d_name);
        if (!b.oom && stat(b.data, &st) == 0 && S_ISDIR(st.st_mode))
            rc = vcs_strv_push(&r->dirs, &r->ndirs, de->d_name);
        wit_buf_free(&b);
    }
    closedir(d);
    if (!rc && r->ndirs > 1)
        qsort(r->dirs, r->ndirs, sizeof *r->dirs, cmp_strp);
    if (!rc && !r->ndirs)
        rc = vcs_fail(r->cx, VCS_EINPUT, "no WIT folder (wit/ or wit-*/) in %s", r->workdir);
    return rc;
}

static int read_files(rel *r)
{
    for (size_t i = 0; i < r->ndirs; i++) {
        wit_buf d = WIT_BUF_INIT;
        vcs_wfile *f = NULL;
        size_t n = 0;
        wit_buf_printf(&d, "%s%s", r->workdir, r->dirs[i]);
        if (d.oom)
            return VCS_ENOMEM;
        int rc = vcs_dir_wit_files(d.data, &f, &n, r->cx);
        if (rc == 1)
            rc = vcs_fail(r->cx, VCS_EINPUT, "%s: no such folder", r->dirs[i]);
        wit_buf_free(&d);
        if (rc)
            return rc;
        rfile *nf = wit_realloc(r->files, (r->nfiles + n) * sizeof *nf);
        if (!nf) {
            vcs_wfiles_free(f, n);
            return VCS_ENOMEM;
        }
        r->files = nf;
        for (size_t k = 0; k < n; k++) {
            rfile *x = &r->files[r->nfiles++];
            memset(x, 0, sizeof *x);
            wit_buf a = WIT_BUF_INIT, b = WIT_BUF_INIT;
            wit_buf_printf(&a, "%s/%s", r->dirs[i], f[k].name);
            wit_buf_printf(&b, "%s%s/%s", r->workdir, r->dirs[i], f[k].name);
            x->rel = wit_buf_detach(&a, NULL);
            x->abs = wit_buf_detach(&b, NULL);
            x->old = f[k].data;
            x->old_len = f[k].len;
            f[k].data = NULL;
            if (!x->rel || !x->abs)
                rc = VCS_ENOMEM;
        }
        vcs_wfiles_free(f, n);
        if (rc)
            return rc;
    }
    return 0;
}

static int dirty(rel *r)
{
    git_status_options so;
    git_status_list *st = NULL;
    int rc = 0;
    git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
    so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    if (git_status_list_new(&st, r->repo, &so) < 0)
        return vcs_git_fail(r->cx, VCS_EENV, "cannot read the status of the work tree");
    size_t n = git_status_list_entrycount(st);
    if (n) {
        const git_status_entry *e = git_status_byindex(st, 0);
        const char *path = e->index_to_workdir ? e->index_to_workdir->old_file.path
                           : e->head_to_index ? e->head_to_index->old_file.path
                                              : "?";
        rc = vcs_fail(r->cx, VCS_EINPUT,
                      "the work tree has uncommitted changes (%zu path%s, e.g. %s): commit or "
                      "stash them first",
                      n, n == 1 ? "" : "s", path);
    }
    git_status_list_free(st);
    return rc;
}

static int validate_all(rel *r, const char *when)
{
    if (!r->o->validate)
        return 0;
    for (size_t i = 0; i < r->ndirs; i++) {
        wit_buf d = WIT_BUF_INIT, err = WIT_BUF_INIT;
        wit_buf_printf(&d, "%s%s", r->workdir, r->dirs[i]);
        int rc = d.oom ? VCS_ENOMEM : r->o->validate(d.data, &err);
        if (rc && rc != VCS_ENOMEM)
            rc = vcs_fail(r->cx, VCS_EINPUT, "%s is not valid WIT %s:\n%s", r->dirs[i], when,
                          err.data ? err.data : "");
        wit_buf_free(&d);
        wit_buf_free(&err);
        if (rc)
            return rc;
    }
    return 0;
}

static void print_diff(rel *r, FILE *out)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        rfile *f = &r->files[i];
        if (!f->changed)
            continue;
        fprintf(out, "--- a/%s\n+++ b/%s\n", f->rel, f->rel);
        const char *a = f->old, *ae = f->old + f->old_len, *b = f->neu.data,
                   *be = f->neu.data + f->neu.len;
        for (unsigned line = 1; a < ae || b < be; line++) {
            const char *an = memchr(a, '\n', (size_t)(ae - a)), *bn = memchr(b, '\n', (size_t)(be - b));
            size_t al = an ? (size_t)(an - a) : (size_t)(ae - a);
            size_t bl = bn ? (size_t)(bn - b) : (size_t)(be - b);
            if (al != bl || memcmp(a, b, al) != 0)
                fprintf(out, "@@ -%u +%u @@\n-%.*s\n+%.*s\n", line, line, (int)al, a, (int)bl, b);
            a = an ? an + 1 : ae;
            b = bn ? bn + 1 : be;
        }
    }
}

static int restore(rel *r)
{
    int rc = 0;
    for (size_t i = 0; i < r->nfiles; i++)
        if (r->files[i].changed &&
            wit_write_file_atomic(r->files[i].abs, r->files[i].old, r->files[i].old_len) != 0)
            rc = vcs_fail(r->cx, VCS_EENV, "cannot restore %s: %s", r->files[i].abs, strerror(errno));
    return rc;
}

static int commit_and_tag(rel *r, git_signature *sig)
{
    int rc = 0;
    git_index *idx = NULL;
    git_oid tree_id, commit_id, tag_id;
    git_tree *tree = NULL;
    git_object *head = NULL, *commit = NULL;
    wit_buf msg = WIT_BUF_INIT, tmsg = WIT_BUF_INIT;
    if (git_repository_index(&idx, r->repo) < 0)
        goto fail;
    for (size_t i = 0; i < r->nfiles; i++)
        if (r->files[i].changed && git_index_add_bypath(idx, r->files[i].rel) < 0)
            goto fail;
    if (git_index_write(idx) < 0 || git_index_write_tree(&tree_id, idx) < 0 ||
        git_tree_lookup(&tree, r->repo, &tree_id) < 0 ||
        git_revparse_single(&head, r->repo, "HEAD^{commit}") < 0)
        goto fail;
    wit_buf_printf(&msg, "Release %s\n", r->version);
    const git_commit *parents[] = {(const git_commit *)head};
    if (msg.oom || git_commit_create(&commit_id, r->repo, "HEAD", sig, sig, NULL, msg.data, tree,
                                     1, parents) < 0)
        goto fail;
    if (r->o->out)
        fprintf(r->o->out, "committed %.12s \"Release %s\"\n", git_oid_tostr_s(&commit_id),
                r->version);
    if (!r->o->no_tag) {
        const char *dash = strchr(r->version, '-');
        wit_buf_printf(&tmsg, "Tag release candidate for %.*s release: %s\n",
                       (int)(dash ? (size_t)(dash - r->version) : strlen(r->version)), r->version,
                       r->version);
        if (tmsg.oom || git_object_lookup(&commit, r->repo, &commit_id, GIT_OBJECT_COMMIT) < 0 ||
            git_tag_create(&tag_id, r->repo, r->tagname, commit, sig, tmsg.data, 0) < 0)
            goto fail;
        if (r->o->out)
            fprintf(r->o->out, "tagged %s (annotated, %.12s)\n", r->tagname, git_oid_tostr_s(&tag_id));
    }
    goto done;
fail:
    rc = vcs_git_fail(r->cx, VCS_EENV, "cannot commit and tag the release");
done:
    wit_buf_free(&msg);
    wit_buf_free(&tmsg);
    git_object_free(commit);
    git_object_free(head);
    git_tree_free(tree);
    git_index_free(idx);
    return rc;
}

int vcs_release(const vcs_release_opts *o, char **version_out, vcs_ctx *cx)
{
    rel r;
    int rc;
    git_signature *sig = NULL;
    git_remote *remote = NULL;
    char today[16];
    memset(&r, 0, sizeof r);
    r.o = o;
    r.cx = cx;
    if (version_out)
        *version_out = NULL;
    if ((rc = vcs_git_begin(cx)) != 0)
        return rc;
    const char *date = o->date;
    if (!date) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        date = today;
    }
    if (!vcs_date_valid(date)) {
        rc = vcs_fail(cx, VCS_EINPUT, "--date %s is not a date written YYYY-MM-DD", date);
        goto done;
    }
    if (o->base) {
        wit_semver v;
        const char *why = "it has a pre-release or build part";
        if (wit_semver_parse(o->base, strlen(o->base), &v, &why) != 0 || v.pre || v.build) {
            rc = vcs_fail(cx, VCS_EINPUT, "--base %s is not a semver X.Y.Z: %s", o->base, why);
            goto done;
        }
    }
    if (git_repository_open_ext(&r.repo, o->repo_path ? o->repo_path : ".", 0, NULL) < 0) {
        rc = vcs_git_fail(cx, VCS_EINPUT, "not in a git repository");
        goto done;
    }
    if (!(r.workdir = git_repository_workdir(r.repo))) {
        rc = vcs_fail(cx, VCS_EINPUT, "the repository has no work tree");
        goto done;
    }
    if ((rc = dirty(&r)) != 0 || (rc = find_dirs(&r)) != 0 || (rc = read_files(&r)) != 0)
        goto done;
    for (size_t i = 0; i < r.nfiles; i++)
        if ((rc = walk(&r, r.files[i].old, r.files[i].old_len, NULL, r.files[i].rel)) != 0)
            goto done;
    if (!r.npkgs) {
        rc = vcs_fail(cx, VCS_EINPUT, "no versioned `package ns:name@X.Y.Z` line in the WIT folders");
        goto done;
    }
    /* the base: --base, or the packages' common version without its pre-release */
    wit_buf base = WIT_BUF_INIT;
    if (o->base) {
        wit_buf_puts(&base, o->base);
    } else {
        for (size_t i = 0; i < r.npkgs; i++) {
            wit_semver v;
            const char *why;
            wit_buf b = WIT_BUF_INIT;
            if (wit_semver_parse(r.pkgs[i].version, strlen(r.pkgs[i].version), &v, &why) != 0) {
                wit_buf_free(&base);
                rc = vcs_fail(cx, VCS_EINPUT, "package %s:%s@%s: the version is not semver (%s)",
                              r.pkgs[i].ns, r.pkgs[i].name, r.pkgs[i].version, why);
                goto done;
            }
            wit_buf_printf(&b, "%llu.%llu.%llu", (unsigned long long)v.major,
                           (unsigned long long)v.minor, (unsigned long long)v.patch);
            if (base.data && b.data && strcmp(base.data, b.data) != 0) {
                rc = vcs_fail(cx, VCS_EINPUT,
                              "the packages are at different versions (%s and %s): pass --base",
                              base.data, b.data);
                wit_buf_free(&b);
                wit_buf_free(&base);
                goto done;
            }
            if (!base.data)
                wit_buf_puts(&base, b.data ? b.data : "");
            wit_buf_free(&b);
        }
    }
    /* tags: local, and the remote's */
    git_strarray local = {NULL, 0};
    if (git_tag_list(&local, r.repo) < 0) {
        wit_buf_free(&base);
        rc = vcs_git_fail(cx, VCS_EENV, "cannot list tags");
        goto done;
    }
    for (size_t i = 0; i < local.count && !rc; i++)
        rc = vcs_strv_push(&r.tags, &r.ntags, local.strings[i]);
    git_strarray_dispose(&local);
    const char *rname = o->remote;
    if (!rname && git_remote_lookup(&remote, r.repo, "origin") == 0)
        rname = "origin";
    if (!rc && rname)
        rc = vcs_remote_tags(r.repo, rname, &r.tags, &r.ntags, cx);
    if (rc) {
        wit_buf_free(&base);
        goto done;
    }
    uint64_t n = vcs_rc_next(base.data ? base.data : "", date, (const char *const *)r.tags, r.ntags);
    wit_buf ver = WIT_BUF_INIT;
    wit_buf_printf(&ver, "%s-rc-%s.%llu", base.data ? base.data : "", date, (unsigned long long)n);
    wit_buf_free(&base);
    if (!(r.version = wit_buf_detach(&ver, NULL))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    wit_buf tn = WIT_BUF_INIT;
    wit_buf_printf(&tn, "v%s", r.version);
    if (!(r.tagname = wit_buf_detach(&tn, NULL))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    {
        wit_semver v;
        if (vcs_tag_version(r.tagname, &v) != 0) {
            rc = vcs_fail(cx, VCS_EINPUT, "%s would not be valid semver", r.version);
            goto done;
        }
    }
    for (size_t i = 0; i < r.ntags; i++)
        if (strcmp(r.tags[i], r.tagname) == 0) {
            rc = vcs_fail(cx, VCS_EINPUT, "tag %s already exists; a tag is never moved or reused",
                          r.tagname);
            goto done;
        }
    if (!o->dry_run && git_signature_default(&sig, r.repo) < 0) {
        rc = vcs_git_fail(cx, VCS_EINPUT, "no committer identity (set user.name and user.email)");
        goto done;
    }
    if ((rc = validate_all(&r, "before the bump")) != 0)
        goto done;
    size_t nchanged = 0;
    for (size_t i = 0; i < r.nfiles; i++) {
        rfile *f = &r.files[i];
        if ((rc = walk(&r, f->old, f->old_len, &f->neu, f->rel)) != 0)
            goto done;
        f->changed = f->neu.len != f->old_len || memcmp(f->neu.data, f->old, f->old_len) != 0;
        nchanged += f->changed;
    }
    if (o->dry_run) {
        FILE *out = o->out ? o->out : stdout;
        print_diff(&r, out);
        fprintf(out, "would commit \"Release %s\" and tag %s (dry run: nothing written)\n",
                r.version, o->no_tag ? "nothing" : r.tagname);
        goto ok;
    }
    for (size_t i = 0; i < r.nfiles; i++) {
        rfile *f = &r.files[i];
        if (f->changed && wit_write_file_atomic(f->abs, f->neu.data, f->neu.len) != 0) {
            rc = vcs_fail(cx, VCS_EENV, "cannot write %s: %s", f->abs, strerror(errno));
            restore(&r);
            goto done;
        }
    }
    if ((rc = validate_all(&r, "after the bump")) != 0) {
        restore(&r);
        goto done;
    }
    (void)nchanged;
    if ((rc = commit_and_tag(&r, sig)) != 0)
        goto done;
ok:
    if (version_out) {
        *version_out = r.version;
        r.version = NULL;
    }
done:
    git_remote_free(remote);
    git_signature_free(sig);
    rel_free(&r);
    vcs_git_end();
    return rc;
}

int vcs_versions(const char *path, FILE *out, size_t *nonversions, vcs_ctx *cx)
{
    int rc;
    git_repository *repo = NULL;
    git_strarray tags = {NULL, 0};
    char **v = NULL;
    size_t n = 0;
    *nonversions = 0;
    if ((rc = vcs_git_begin(cx)) != 0)
        return rc;
    if (git_repository_open_ext(&repo, path ? path : ".", 0, NULL) < 0) {
        rc = vcs_git_fail(cx, VCS_EINPUT, "%s is not in a git repository", path ? path : ".");
        goto done;
    }
    if (git_tag_list(&tags, repo) < 0) {
        rc = vcs_git_fail(cx, VCS_EENV, "cannot list tags");
        goto done;
    }
    for (size_t i = 0; i < tags.count && !rc; i++)
        rc = vcs_strv_push(&v, &n, tags.strings[i]);
    if (rc)
        goto done;
    /* insertion sort keeps this dependency-free of qsort's comparator signature */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && vcs_tag_cmp(v[j - 1], v[j]) > 0; j--) {
            char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        wit_semver sv;
        git_object *obj = NULL;
        wit_buf ref = WIT_BUF_INIT;
        char kind[16] = "";
        wit_buf_printf(&ref, "refs/tags/%s", v[i]);
        if (!ref.oom && git_revparse_single(&obj, repo, ref.data) == 0)
            snprintf(kind, sizeof kind, "%s",
                     git_object_type(obj) == GIT_OBJECT_TAG ? "annotated" : "lightweight");
        git_object_free(obj);
        wit_buf_free(&ref);
        if (vcs_tag_version(v[i], &sv) != 0) {
            fprintf(out, "%-36s %-11s  not a version\n", v[i], kind);
            (*nonversions)++;
            continue;
        }
        const char *note = "";
        const char *pre = sv.pre;
        /* WASI's `-N` counter after a date sorts lexically (-10 < -2) */
        if (pre && sv.pre_len > 14 && strncmp(pre, "rc-", 3) == 0 && pre[13] == '-')
            note = "  counter written -N (sorts as text)";
        fprintf(out, "%-36s %-11s%s\n", v[i], kind, note);
    }
done:
    vcs_strv_free(v, n);
    git_strarray_dispose(&tags);
    git_repository_free(repo);
    vcs_git_end();
    return rc;
}
