/* Reading wit-deps' deps.toml for `witc deps import`. Only the TOML that deps.toml
 * uses is understood: `key = "string"`, `key = { field = "string", … }` and `[key]`
 * tables of string fields, with comments. Archive URLs of the form
 * `<repo>/archive/<ref>.tar.gz` (or `archive/refs/tags/<ref>.tar.gz`, or a release
 * asset `<repo>/releases/download/<tag>/…`) name a git repository and a ref. */
#include "vcs.h"

#include <string.h>

void vcs_import_free(vcs_import *im)
{
    for (size_t i = 0; i < im->n; i++) {
        vcs_import_dep *d = &im->deps[i];
        wit_free(d->key);
        wit_free(d->url);
        wit_free(d->path);
        wit_free(d->prefix);
        wit_free(d->git);
        wit_free(d->tag);
        wit_free(d->ref);
    }
    wit_free(im->deps);
    im->deps = NULL;
    im->n = 0;
}

typedef struct lexer {
    const char *p, *end;
    int line;
    bool oom; /* a word could not be copied: failures below are VCS_ENOMEM */
} lexer;

static void skip_ws(lexer *lx, bool newlines)
{
    while (lx->p < lx->end) {
        char c = *lx->p;
        if (c == '#') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
        } else if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
            if (c == '\n')
                lx->line++;
            lx->p++;
        } else {
            break;
        }
    }
}

/* A bare or quoted key, or a basic/literal string value (no escapes beyond \" and \\). */
static char *read_word(lexer *lx, bool value)
{
    if (lx->p >= lx->end)
        return NULL;
    char q = *lx->p;
    if (q == '"' || q == '\'') {
        wit_buf b = WIT_BUF_INIT;
        lx->p++;
        while (lx->p < lx->end && *lx->p != q && *lx->p != '\n') {
            if (q == '"' && *lx->p == '\\' && lx->p + 1 < lx->end)
                lx->p++;
            wit_buf_putc(&b, *lx->p++);
        }
        if (lx->p >= lx->end || *lx->p != q) {
            wit_buf_free(&b);
            return NULL;
        }
        lx->p++;
        if (!b.data)
            wit_buf_puts(&b, "");
        char *w = wit_buf_detach(&b, NULL);
        lx->oom |= !w;
        return w;
    }
    if (value)
        return NULL;
    const char *s = lx->p;
    while (lx->p < lx->end && ((*lx->p >= 'a' && *lx->p <= 'z') || (*lx->p >= 'A' && *lx->p <= 'Z') ||
                               (*lx->p >= '0' && *lx->p <= '9') || *lx->p == '-' || *lx->p == '_'))
        lx->p++;
    if (lx->p == s)
        return NULL;
    char *w = wit_strndup(s, (size_t)(lx->p - s));
    lx->oom |= !w;
    return w;
}

static vcs_import_dep *find_or_add(vcs_import *im, const char *key, size_t *cap)
{
    for (size_t i = 0; i < im->n; i++)
        if (strcmp(im->deps[i].key, key) == 0)
            return &im->deps[i];
    if (im->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        vcs_import_dep *nd = wit_realloc(im->deps, nc * sizeof *nd);
        if (!nd)
            return NULL;
        im->deps = nd;
        *cap = nc;
    }
    vcs_import_dep *d = &im->deps[im->n];
    memset(d, 0, sizeof *d);
    if (!(d->key = wit_strdup(key)))
        return NULL;
    im->n++;
    return d;
}

static int set_field(vcs_import_dep *d, const char *field, char *val, const char *file, int line,
                     vcs_ctx *cx)
{
    char **slot = NULL;
    if (strcmp(field, "url") == 0)
        slot = &d->url;
    else if (strcmp(field, "path") == 0)
        slot = &d->path;
    else if (strcmp(field, "prefix") == 0 || strcmp(field, "subdir") == 0)
        slot = &d->prefix;
    else if (strcmp(field, "sha256") == 0 || strcmp(field, "sha512") == 0) {
        wit_free(val); /* digests of a tarball: a git tree id replaces them */
        return 0;
    }
    if (!slot) {
        wit_free(val);
        return vcs_fail(cx, VCS_EINPUT, "%s:%d: `%s`: unknown field `%s`", file, line, d->key,
                        field);
    }
    if (strcmp(field, "subdir") == 0 && val) {
        /* subdir is below the archive's top folder; prefix includes it */
        wit_buf b = WIT_BUF_INIT;
        wit_buf_printf(&b, "*/%s", val);
        wit_free(val);
        if (!(val = wit_buf_detach(&b, NULL)))
            return VCS_ENOMEM;
    }
    wit_free(*slot);
    *slot = val;
    return 0;
}

/* Splits an archive URL into repository and ref. */
static int map_url(vcs_import_dep *d)
{
    const char *u = d->url, *a;
    size_t ulen = strlen(u);
    const char *sfx = ".tar.gz";
    if ((a = strstr(u, "/archive/")) && ulen > strlen(sfx) &&
        strcmp(u + ulen - strlen(sfx), sfx) == 0) {
        const char *ref = a + strlen("/archive/");
        size_t rlen = (size_t)(u + ulen - strlen(sfx) - ref);
        bool branch = false;
        if (strncmp(ref, "refs/tags/", 10) == 0)
            ref += 10, rlen -= 10;
        else if (strncmp(ref, "refs/heads/", 11) == 0)
            ref += 11, rlen -= 11, branch = true;
        else
            branch = !((ref[0] == 'v' && ref[1] >= '0' && ref[1] <= '9') ||
                       (ref[0] >= '0' && ref[0] <= '9'));
        if (!(d->git = wit_strndup(u, (size_t)(a - u))) || !(d->ref = wit_strndup(ref, rlen)))
            return VCS_ENOMEM;
        if (!branch && !(d->tag = wit_strdup(d->ref)))
            return VCS_ENOMEM;
    } else if ((a = strstr(u, "/releases/download/"))) {
        const char *tag = a + strlen("/releases/download/");
        const char *slash = strchr(tag, '/');
        if (slash) {
            if (!(d->git = wit_strndup(u, (size_t)(a - u))) ||
                !(d->tag = wit_strndup(tag, (size_t)(slash - tag))) || !(d->ref = wit_strdup(d->tag)))
                return VCS_ENOMEM;
        }
    }
    return 0;
}

int vcs_import_parse(const char *text, size_t len, const char *file, vcs_import *out, vcs_ctx *cx)
{
    int rc = VCS_OK;
    size_t cap = 0;
    char *table = NULL, *key = NULL, *val = NULL, *field = NULL;
    lexer lx = {text, text + len, 1, false};
    memset(out, 0, sizeof *out);
    for (;;) {
        skip_ws(&lx, true);
        if (lx.p >= lx.end)
            break;
        int line = lx.line;
        if (*lx.p == '[') {
            lx.p++;
            skip_ws(&lx, false);
            wit_free(table);
            table = read_word(&lx, false);
            skip_ws(&lx, false);
            if (!table || lx.p >= lx.end || *lx.p != ']') {
                rc = vcs_fail(cx, VCS_EINPUT, "%s:%d: expected `[name]`", file, line);
                goto done;
            }
            lx.p++;
            if (!find_or_add(out, table, &cap)) {
                rc = VCS_ENOMEM;
                goto done;
            }
            continue;
        }
        key = read_word(&lx, false);
        skip_ws(&lx, false);
        if (!key || lx.p >= lx.end || *lx.p != '=') {
            rc = vcs_fail(cx, VCS_EINPUT, "%s:%d: expected `name = value`", file, line);
            goto done;
        }
        lx.p++;
        skip_ws(&lx, false);
        if (table) {
            /* a field of the current [table] */
            if (!(val = read_word(&lx, true))) {
                rc = vcs_fail(cx, VCS_EINPUT, "%s:%d: expected a string for `%s`", file, line, key);
                goto done;
            }
            vcs_import_dep *td = find_or_add(out, table, &cap);
            if (!td) {
                rc = VCS_ENOMEM;
                goto done;
            }
            rc = set_field(td, key, val, file, line, cx);
            val = NULL;
            if (rc)
                goto done;
        } else {
            vcs_import_dep *d = find_or_add(out, key, &cap);
            if (!d) {
                rc = VCS_ENOMEM;
                goto done;
            }
            if (lx.p < lx.end && *lx.p == '{') {
                lx.p++;
                for (;;) {
                    skip_ws(&lx, false);
                    if (lx.p < lx.end && *lx.p == '}') {
                        lx.p++;
                        break;
                    }
                    field = read_word(&lx, false);
                    skip_ws(&lx, false);
                    if (!field || lx.p >= lx.end || *lx.p != '=') {
                        rc = vcs_fail(cx, VCS_EINPUT, "%s:%d: expected `field = \"value\"`", file,
                                      line);
                        goto done;
                    }
                    lx.p++;
                    skip_ws(&lx, false);
                    if (!(val = read_word(&lx, true))) {
                        rc = vcs_fail(cx, VCS_EINPUT, "%s:%d: expected a string for `%s`", file,
                                      line, field);
                        goto done;
                    }
                    rc = set_field(d, field, val, file, line, cx);
                    val = NULL;
                    wit_free(field);
                    field = NULL;
                    if (rc)
                        goto done;
                    skip_ws(&lx, false);
                    if (lx.p < lx.end && *lx.p == ',')
                        lx.p++;
                }
            } else {
                if (!(val = read_word(&lx, true))) {
                    rc = vcs_fail(cx, VCS_EINPUT, "%s:%d: expected a string or `{ … }`", file, line);
                    goto done;
                }
                /* wit-deps: a string that is a URL is a URL dependency, anything else a path */
                bool url = strstr(val, "://") != NULL;
                rc = set_field(d, url ? "url" : "path", val, file, line, cx);
                val = NULL;
                if (rc)
                    goto done;
            }
        }
        wit_free(key);
        key = NULL;
    }
    for (size_t i = 0; i < out->n; i++) {
        vcs_import_dep *d = &out->deps[i];
        if (!d->url == !d->path) {
            rc = vcs_fail(cx, VCS_EINPUT, "%s: `%s`: exactly one of `url` and `path` is needed",
                          file, d->key);
            goto done;
        }
        if (d->url && (rc = map_url(d)) != 0)
            goto done;
    }
done:
    if (rc == VCS_EINPUT && lx.oom)
        rc = VCS_ENOMEM;
    wit_free(table);
    wit_free(key);
    wit_free(val);
    wit_free(field);
    if (rc)
        vcs_import_free(out);
    return rc;
}
