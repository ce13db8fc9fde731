/* wit/deps.json: which git repository (and folder in it) provides each package name.
 * Versions do not live here — they come from the WIT references — except as a default
 * for references written without one. A "ns:*" entry serves a whole namespace, with
 * {name} expanded in its URL; an exact entry always wins over a namespace entry. */
#include "vcs.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <string.h>

void vcs_manifest_free(vcs_manifest *m)
{
    for (size_t i = 0; i < m->n; i++) {
        vcs_source *s = &m->items[i];
        wit_free(s->key);
        wit_free(s->ns);
        wit_free(s->name);
        wit_free(s->git);
        wit_free(s->path);
        wit_free(s->tag);
        wit_free(s->version);
    }
    wit_free(m->items);
    m->items = NULL;
    m->n = 0;
}

/* A string member of obj, or `dflt` when absent; -1 when present but not a string. */
static int str_member(const cJSON *obj, const char *key, const char *dflt, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v) {
        if (dflt && !(*out = wit_strdup(dflt)))
            return VCS_ENOMEM;
        return 0;
    }
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return -1;
    return (*out = wit_strdup(v->valuestring)) ? 0 : VCS_ENOMEM;
}

int vcs_manifest_parse(const char *text, size_t len, const char *file, vcs_manifest *out,
                       vcs_ctx *cx)
{
    int rc = VCS_OK;
    memset(out, 0, sizeof *out);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root)
        return vcs_fail(cx, VCS_EINPUT, "%s: not valid JSON", file);
    const cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(root, "packages");
    if (!cJSON_IsObject(pkgs)) {
        rc = vcs_fail(cx, VCS_EINPUT, "%s: expected an object \"packages\" at the top level", file);
        goto done;
    }
    size_t n = (size_t)cJSON_GetArraySize(pkgs);
    if (n && !(out->items = wit_calloc(n, sizeof *out->items))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, pkgs) {
        vcs_source *s = &out->items[out->n++];
        vcs_pkgid id;
        int prc = vcs_pkgid_parse(e->string, &id);
        if (prc == VCS_ENOMEM) {
            rc = prc;
            goto done;
        }
        if (prc != 0 || id.version) {
            vcs_pkgid_free(&id);
            rc = vcs_fail(cx, VCS_EINPUT,
                          "%s: `%s` is not a package name (expected `ns:name` or `ns:*`)", file,
                          e->string);
            goto done;
        }
        s->ns = id.ns;
        s->name = strcmp(id.name, "*") == 0 ? NULL : id.name;
        if (!s->name)
            wit_free(id.name);
        if (!(s->key = wit_strdup(e->string))) {
            rc = VCS_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j + 1 < out->n; j++)
            if (strcmp(out->items[j].key, s->key) == 0) {
                rc = vcs_fail(cx, VCS_EINPUT, "%s: `%s` is listed twice", file, s->key);
                goto done;
            }
        if (!cJSON_IsObject(e)) {
            rc = vcs_fail(cx, VCS_EINPUT, "%s: `%s`: expected an object with \"git\"", file,
                          s->key);
            goto done;
        }
        const cJSON *f;
        cJSON_ArrayForEach(f, e) {
            static const char *const known[] = {"git", "path", "tag", "version"};
            bool ok = false;
            for (size_t k = 0; k < 4; k++)
                ok |= strcmp(f->string, known[k]) == 0;
            if (!ok) {
                rc = vcs_fail(cx, VCS_EINPUT,
                              "%s: `%s`: unknown field \"%s\" (known: git, path, tag, version)",
                              file, s->key, f->string);
                goto done;
            }
        }
        const char *bad = NULL;
        int r;
        if ((r = str_member(e, "git", NULL, &s->git)) != 0 || !s->git)
            bad = r == VCS_ENOMEM ? "" : "git";
        else if ((r = str_member(e, "path", "wit", &s->path)) != 0)
            bad = r == VCS_ENOMEM ? "" : "path";
        else if ((r = str_member(e, "tag", "v{version}", &s->tag)) != 0)
            bad = r == VCS_ENOMEM ? "" : "tag";
        else if ((r = str_member(e, "version", NULL, &s->version)) != 0)
            bad = r == VCS_ENOMEM ? "" : "version";
        if (bad) {
            rc = !bad[0] ? VCS_ENOMEM
                         : vcs_fail(cx, VCS_EINPUT, "%s: `%s`: \"%s\" must be a non-empty string",
                                    file, s->key, bad);
            goto done;
        }
        if (s->version) {
            wit_semver v;
            const char *why;
            if (wit_semver_parse(s->version, strlen(s->version), &v, &why) != 0) {
                rc = vcs_fail(cx, VCS_EINPUT, "%s: `%s`: version `%s` is not semver: %s", file,
                              s->key, s->version, why);
                goto done;
            }
        }
    }
done:
    cJSON_Delete(root);
    if (rc)
        vcs_manifest_free(out);
    return rc;
}

int vcs_manifest_load(const char *path, vcs_manifest *out, vcs_ctx *cx)
{
    char *text = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    if (wit_read_file(path, &text, &len) != 0) {
        if (errno == ENOENT)
            return vcs_fail(cx, VCS_EINPUT,
                            "%s does not exist: list the repositories that provide your "
                            "dependencies there (see `witc deps --help`)",
                            path);
        return vcs_fail(cx, VCS_EENV, "%s: %s", path, strerror(errno));
    }
    int rc = vcs_manifest_parse(text, len, path, out, cx);
    wit_free(text);
    return rc;
}

const vcs_source *vcs_manifest_find(const vcs_manifest *m, const char *ns, const char *name)
{
    const vcs_source *wild = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const vcs_source *s = &m->items[i];
        if (strcmp(s->ns, ns) != 0)
            continue;
        if (!s->name)
            wild = s;
        else if (strcmp(s->name, name) == 0)
            return s;
    }
    return wild;
}

char *vcs_expand(const char *pattern, const char *name, const char *version)
{
    wit_buf b = WIT_BUF_INIT;
    for (const char *p = pattern; *p;) {
        if (strncmp(p, "{name}", 6) == 0) {
            wit_buf_puts(&b, name ? name : "");
            p += 6;
        } else if (strncmp(p, "{version}", 9) == 0) {
            wit_buf_puts(&b, version ? version : "");
            p += 9;
        } else {
            wit_buf_putc(&b, *p++);
        }
    }
    if (!b.data)
        wit_buf_puts(&b, "");
    return wit_buf_detach(&b, NULL);
}

int vcs_manifest_format(const vcs_manifest *m, wit_buf *out)
{
    int rc = VCS_ENOMEM;
    cJSON *root = cJSON_CreateObject();
    cJSON *pkgs = root ? cJSON_AddObjectToObject(root, "packages") : NULL;
    char *text = NULL;
    if (!pkgs)
        goto done;
    for (size_t i = 0; i < m->n; i++) {
        const vcs_source *s = &m->items[i];
        cJSON *o = cJSON_AddObjectToObject(pkgs, s->key);
        if (!o || !cJSON_AddStringToObject(o, "git", s->git))
            goto done;
        if (s->path && strcmp(s->path, "wit") != 0 && !cJSON_AddStringToObject(o, "path", s->path))
            goto done;
        if (s->tag && strcmp(s->tag, "v{version}") != 0 &&
            !cJSON_AddStringToObject(o, "tag", s->tag))
            goto done;
        if (s->version && !cJSON_AddStringToObject(o, "version", s->version))
            goto done;
    }
    if (!(text = cJSON_Print(root)))
        goto done;
    wit_buf_puts(out, text);
    wit_buf_putc(out, '\n');
    rc = out->oom ? VCS_ENOMEM : VCS_OK;
done:
    cJSON_free(text);
    cJSON_Delete(root);
    return rc;
}
