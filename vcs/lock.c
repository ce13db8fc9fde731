/* wit/deps.lock.json: what `witc deps sync` vendored, precisely enough that
 * `witc deps check` can verify the tree offline: per package its version, repository,
 * tag, tag object id, commit id, the tree id of the folder and every file's blob id.
 * Packages are sorted by name then semver, files by name, so the text is deterministic
 * and a no-op sync rewrites nothing. */
#include "vcs.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void vcs_lock_pkg_free(vcs_lock_pkg *p)
{
    vcs_pkgid_free(&p->id);
    wit_free(p->dir);
    wit_free(p->git);
    wit_free(p->path);
    wit_free(p->tag);
    wit_free(p->tag_id);
    wit_free(p->commit);
    wit_free(p->tree);
    for (size_t i = 0; i < p->nfiles; i++) {
        wit_free(p->files[i].name);
        wit_free(p->files[i].blob);
    }
    wit_free(p->files);
    memset(p, 0, sizeof *p);
}

void vcs_lock_free(vcs_lock *l)
{
    for (size_t i = 0; i < l->n; i++)
        vcs_lock_pkg_free(&l->pkgs[i]);
    wit_free(l->pkgs);
    l->pkgs = NULL;
    l->n = 0;
}

static bool hex_id(const char *s)
{
    size_t n = strlen(s);
    if (n != 40 && n != 64)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* Copies a string member; `need` makes absence an error; `id` requires an object id. */
static int get_str(const cJSON *o, const char *key, bool need, bool id, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return need ? -1 : 0;
    if (!cJSON_IsString(v) || (id && !hex_id(v->valuestring)))
        return -1;
    return (*out = wit_strdup(v->valuestring)) ? 0 : VCS_ENOMEM;
}

int vcs_lock_parse(const char *text, size_t len, const char *file, vcs_lock *out, vcs_ctx *cx)
{
    int rc = VCS_OK;
    memset(out, 0, sizeof *out);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root)
        return vcs_fail(cx, VCS_EINPUT, "%s: not valid JSON", file);
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(root, "packages");
    if (!cJSON_IsNumber(ver) || ver->valueint != 1 || !cJSON_IsArray(pkgs)) {
        rc = vcs_fail(cx, VCS_EINPUT, "%s: expected {\"version\": 1, \"packages\": [...]}", file);
        goto done;
    }
    size_t n = (size_t)cJSON_GetArraySize(pkgs);
    if (n && !(out->pkgs = wit_calloc(n, sizeof *out->pkgs))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, pkgs) {
        vcs_lock_pkg *p = &out->pkgs[out->n++];
        char *name = NULL;
        const char *bad = NULL;
        int r = 0;
        if (!cJSON_IsObject(e))
            bad = "entry";
        else if ((r = get_str(e, "name", true, false, &name)) != 0)
            bad = "name";
        else if ((r = vcs_pkgid_parse(name, &p->id)) != 0 || p->id.version)
            bad = "name";
        else if ((r = get_str(e, "version", false, false, &p->id.version)) != 0)
            bad = "version";
        else if ((r = get_str(e, "dir", true, false, &p->dir)) != 0 || !p->dir[0] ||
                 strchr(p->dir, '/') || p->dir[0] == '.')
            bad = "dir";
        else if ((r = get_str(e, "git", true, false, &p->git)) != 0)
            bad = "git";
        else if ((r = get_str(e, "path", true, false, &p->path)) != 0)
            bad = "path";
        else if ((r = get_str(e, "tag", true, false, &p->tag)) != 0)
            bad = "tag";
        else if ((r = get_str(e, "tag_id", false, true, &p->tag_id)) != 0)
            bad = "tag_id";
        else if ((r = get_str(e, "commit", true, true, &p->commit)) != 0)
            bad = "commit";
        else if ((r = get_str(e, "tree", true, true, &p->tree)) != 0)
            bad = "tree";
        wit_free(name);
        if (!bad) {
            const cJSON *files = cJSON_GetObjectItemCaseSensitive(e, "files");
            size_t nf = cJSON_IsObject(files) ? (size_t)cJSON_GetArraySize(files) : 0;
            if (!cJSON_IsObject(files))
                bad = "files";
            else if (nf && !(p->files = wit_calloc(nf, sizeof *p->files)))
                r = VCS_ENOMEM;
            const cJSON *f;
            if (!bad && r == 0)
                cJSON_ArrayForEach(f, files) {
                    vcs_lock_file *lf = &p->files[p->nfiles++];
                    if (!cJSON_IsString(f) || !hex_id(f->valuestring) || strchr(f->string, '/')) {
                        bad = "files";
                        break;
                    }
                    lf->name = wit_strdup(f->string);
                    lf->blob = wit_strdup(f->valuestring);
                    if (!lf->name || !lf->blob) {
                        r = VCS_ENOMEM;
                        break;
                    }
                }
        }
        if (r == VCS_ENOMEM) {
            rc = r;
            goto done;
        }
        if (bad) {
            rc = vcs_fail(cx, VCS_EINPUT, "%s: package %zu: missing or invalid \"%s\"", file,
                          out->n, bad);
            goto done;
        }
    }
    vcs_lock_sort(out);
done:
    cJSON_Delete(root);
    if (rc)
        vcs_lock_free(out);
    return rc;
}

int vcs_lock_load(const char *path, vcs_lock *out, bool *exists, vcs_ctx *cx)
{
    char *text = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    *exists = false;
    if (wit_read_file(path, &text, &len) != 0) {
        if (errno == ENOENT)
            return VCS_OK;
        return vcs_fail(cx, VCS_EENV, "%s: %s", path, strerror(errno));
    }
    *exists = true;
    int rc = vcs_lock_parse(text, len, path, out, cx);
    wit_free(text);
    return rc;
}

static int ver_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    wit_semver va, vb;
    const char *why;
    if (wit_semver_parse(a, strlen(a), &va, &why) == 0 &&
        wit_semver_parse(b, strlen(b), &vb, &why) == 0) {
        int c = wit_semver_cmp(&va, &vb);
        if (c)
            return c;
    }
    return strcmp(a, b);
}

static int pkg_cmp(const void *x, const void *y)
{
    const vcs_lock_pkg *a = x, *b = y;
    int c = strcmp(a->id.ns, b->id.ns);
    if (!c)
        c = strcmp(a->id.name, b->id.name);
    return c ? c : ver_cmp(a->id.version, b->id.version);
}

static int file_cmp(const void *x, const void *y)
{
    return strcmp(((const vcs_lock_file *)x)->name, ((const vcs_lock_file *)y)->name);
}

void vcs_lock_sort(vcs_lock *l)
{
    if (l->n > 1)
        qsort(l->pkgs, l->n, sizeof *l->pkgs, pkg_cmp);
    for (size_t i = 0; i < l->n; i++)
        if (l->pkgs[i].nfiles > 1)
            qsort(l->pkgs[i].files, l->pkgs[i].nfiles, sizeof *l->pkgs[i].files, file_cmp);
}

int vcs_lock_format(const vcs_lock *l, wit_buf *out)
{
    /* Written by hand rather than through cJSON_Print: two-space indentation, one file
     * per line, so a lock diff in review reads like the change it records. */
    wit_buf_puts(out, "{\n  \"version\": 1,\n  \"packages\": [");
    for (size_t i = 0; i < l->n; i++) {
        const vcs_lock_pkg *p = &l->pkgs[i];
        char *s;
#define FIELD(k, v, last)                                                          \
    do {                                                                           \
        if (!(v)) {                                                                \
            wit_buf_printf(out, "      \"%s\": null%s\n", k, last ? "" : ",");     \
            break;                                                                 \
        }                                                                          \
        cJSON *j_ = cJSON_CreateString(v);                                         \
        s = j_ ? cJSON_PrintUnformatted(j_) : NULL;                                \
        cJSON_Delete(j_);                                                          \
        if (!s)                                                                    \
            return VCS_ENOMEM;                                                     \
        wit_buf_printf(out, "      \"%s\": %s%s\n", k, s, last ? "" : ",");        \
        cJSON_free(s);                                                             \
    } while (0)
        wit_buf_puts(out, i ? ",\n    {\n" : "\n    {\n");
        wit_buf name = WIT_BUF_INIT;
        vcs_pkgid_format(&p->id, false, &name);
        if (name.oom)
            return VCS_ENOMEM;
        FIELD("name", name.data, false);
        wit_buf_free(&name);
        FIELD("version", p->id.version, false);
        FIELD("dir", p->dir, false);
        FIELD("git", p->git, false);
        FIELD("path", p->path, false);
        FIELD("tag", p->tag, false);
        FIELD("tag_id", p->tag_id, false);
        FIELD("commit", p->commit, false);
        FIELD("tree", p->tree, false);
        wit_buf_puts(out, "      \"files\": {");
        for (size_t f = 0; f < p->nfiles; f++) {
            cJSON *j = cJSON_CreateString(p->files[f].name);
            s = j ? cJSON_PrintUnformatted(j) : NULL;
            cJSON_Delete(j);
            if (!s)
                return VCS_ENOMEM;
            wit_buf_printf(out, "%s\n        %s: \"%s\"", f ? "," : "", s, p->files[f].blob);
            cJSON_free(s);
        }
        wit_buf_puts(out, p->nfiles ? "\n      }\n    }" : "}\n    }");
#undef FIELD
    }
    wit_buf_puts(out, l->n ? "\n  ]\n}\n" : "]\n}\n");
    return out->oom ? VCS_ENOMEM : VCS_OK;
}

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

vcs_lock_pkg *vcs_lock_find(const vcs_lock *l, const char *ns, const char *name,
                            const char *version)
{
    for (size_t i = 0; i < l->n; i++) {
        vcs_lock_pkg *p = &l->pkgs[i];
        if (strcmp(p->id.ns, ns) == 0 && strcmp(p->id.name, name) == 0 &&
            str_eq(p->id.version, version))
            return p;
    }
    return NULL;
}

static int dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    return !src || (*dst = wit_strdup(src)) ? 0 : VCS_ENOMEM;
}

int vcs_lock_pkg_copy(vcs_lock_pkg *dst, const vcs_lock_pkg *src)
{
    memset(dst, 0, sizeof *dst);
    int rc = dup_opt(&dst->id.ns, src->id.ns) | dup_opt(&dst->id.name, src->id.name) |
             dup_opt(&dst->id.version, src->id.version) | dup_opt(&dst->dir, src->dir) |
             dup_opt(&dst->git, src->git) | dup_opt(&dst->path, src->path) |
             dup_opt(&dst->tag, src->tag) | dup_opt(&dst->tag_id, src->tag_id) |
             dup_opt(&dst->commit, src->commit) | dup_opt(&dst->tree, src->tree);
    if (!rc && src->nfiles && !(dst->files = wit_calloc(src->nfiles, sizeof *dst->files)))
        rc = VCS_ENOMEM;
    for (size_t i = 0; !rc && i < src->nfiles; i++) {
        dst->nfiles++;
        rc = dup_opt(&dst->files[i].name, src->files[i].name) |
             dup_opt(&dst->files[i].blob, src->files[i].blob);
    }
    if (rc) {
        vcs_lock_pkg_free(dst);
        return VCS_ENOMEM;
    }
    return VCS_OK;
}

bool vcs_lock_pkg_same(const vcs_lock_pkg *a, const vcs_lock_pkg *b)
{
    if (!str_eq(a->id.ns, b->id.ns) || !str_eq(a->id.name, b->id.name) ||
        !str_eq(a->id.version, b->id.version) || !str_eq(a->dir, b->dir) ||
        !str_eq(a->git, b->git) || !str_eq(a->path, b->path) || !str_eq(a->tag, b->tag) ||
        !str_eq(a->tag_id, b->tag_id) || !str_eq(a->commit, b->commit) ||
        !str_eq(a->tree, b->tree) || a->nfiles != b->nfiles)
        return false;
    for (size_t i = 0; i < a->nfiles; i++)
        if (!str_eq(a->files[i].name, b->files[i].name) ||
            !str_eq(a->files[i].blob, b->files[i].blob))
            return false;
    return true;
}
