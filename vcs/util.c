/* The vcs/ context (error messages, progress) and package-name helpers shared by the
 * manifest, the lock and the commands. A message is formatted once, where the failure
 * is understood, and carried up by return codes. */
#include "vcs.h"

#include <string.h>

void vcs_ctx_init(vcs_ctx *cx)
{
    memset(cx, 0, sizeof *cx);
    wit_buf_init(&cx->msg);
}

void vcs_ctx_free(vcs_ctx *cx)
{
    wit_buf_free(&cx->msg);
}

int vcs_fail(vcs_ctx *cx, int code, const char *fmt, ...)
{
    va_list ap;
    wit_buf_reset(&cx->msg);
    va_start(ap, fmt);
    wit_buf_vprintf(&cx->msg, fmt, ap);
    va_end(ap);
    return code;
}

void vcs_pkgid_free(vcs_pkgid *p)
{
    wit_free(p->ns);
    wit_free(p->name);
    wit_free(p->version);
    memset(p, 0, sizeof *p);
}

void vcs_pkgid_format(const vcs_pkgid *p, bool with_version, wit_buf *b)
{
    wit_buf_printf(b, "%s:%s", p->ns ? p->ns : "?", p->name ? p->name : "?");
    if (with_version && p->version)
        wit_buf_printf(b, "@%s", p->version);
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

int vcs_pkgid_parse(const char *text, vcs_pkgid *out)
{
    memset(out, 0, sizeof *out);
    const char *colon = strchr(text, ':');
    if (!colon || colon == text)
        return VCS_EINPUT;
    const char *at = strchr(colon, '@');
    const char *end = at ? at : text + strlen(text);
    if (end == colon + 1)
        return VCS_EINPUT;
    for (const char *p = text; p < end; p++)
        if (p != colon && !id_char(*p) && !(*p == '*' && p == colon + 1 && end == p + 1))
            return VCS_EINPUT;
    if (at) {
        wit_semver v;
        const char *why;
        if (wit_semver_parse(at + 1, strlen(at + 1), &v, &why) != 0)
            return VCS_EINPUT;
    }
    out->ns = wit_strndup(text, (size_t)(colon - text));
    out->name = wit_strndup(colon + 1, (size_t)(end - colon - 1));
    out->version = at ? wit_strdup(at + 1) : NULL;
    if (!out->ns || !out->name || (at && !out->version)) {
        vcs_pkgid_free(out);
        return VCS_ENOMEM;
    }
    return VCS_OK;
}

void vcs_scan_free(vcs_scan *s)
{
    vcs_pkgid_free(&s->self);
    for (size_t i = 0; i < s->nrefs; i++)
        vcs_pkgid_free(&s->refs[i]);
    wit_free(s->refs);
    memset(s, 0, sizeof *s);
}
