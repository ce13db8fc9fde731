/* The bridge from vcs/ to the WIT front end: reading a package folder's own name and
 * foreign references (parse only, for dependency resolution before deps/ exists), and
 * validating a folder with a full parse and resolve (for `witc release`). Diagnostics
 * are rendered as text into the caller's buffer. */
#include "vcs.h"
#include "wit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void render(wit_session *s, wit_buf *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return;
    wit_diags_render(&s->diags, &s->srcmap, WIT_DIAG_TEXT, false, f);
    fclose(f);
    wit_buf_append(err, text, len);
    free(text);
}

static int copy_name(const wit_pkg_name *n, vcs_pkgid *out)
{
    memset(out, 0, sizeof *out);
    out->ns = wit_strdup(n->ns ? n->ns : "");
    out->name = wit_strdup(n->name ? n->name : "");
    out->version = n->version ? wit_strdup(n->version) : NULL;
    if (!out->ns || !out->name || (n->version && !out->version)) {
        vcs_pkgid_free(out);
        return VCS_ENOMEM;
    }
    return 0;
}

int vcs_scan_wit(void *ud, const char *dir, vcs_scan *out, wit_buf *err)
{
    wit_session s;
    wit_pkg_name self;
    wit_pkg_ref *refs = NULL;
    uint32_t nrefs = 0;
    int rc = 0;
    (void)ud;
    memset(out, 0, sizeof *out);
    memset(&self, 0, sizeof self);
    if (wit_session_init(&s) != 0) {
        wit_session_free(&s);
        return VCS_ENOMEM;
    }
    int e = wit_scan_package(&s, dir, &self, &refs, &nrefs);
    if (e != WIT_OK) {
        render(&s, err);
        rc = e == WIT_ENOMEM ? VCS_ENOMEM : e == WIT_EIO ? VCS_EENV : VCS_EINPUT;
        goto done;
    }
    if (!self.ns || !self.name) {
        wit_buf_printf(err, "%s: no `package` declaration\n", dir);
        rc = VCS_EINPUT;
        goto done;
    }
    if ((rc = copy_name(&self, &out->self)) != 0)
        goto done;
    if (nrefs && !(out->refs = wit_calloc(nrefs, sizeof *out->refs))) {
        rc = VCS_ENOMEM;
        goto done;
    }
    for (uint32_t i = 0; i < nrefs; i++) {
        if ((rc = copy_name(&refs[i].name, &out->refs[out->nrefs])) != 0)
            goto done;
        out->nrefs++;
    }
done:
    if (rc)
        vcs_scan_free(out);
    wit_session_free(&s);
    return rc;
}

int vcs_validate_wit(const char *dir, wit_buf *err)
{
    wit_session s;
    wit_id root;
    int rc = 0;
    if (wit_session_init(&s) != 0) {
        wit_session_free(&s);
        return VCS_ENOMEM;
    }
    int e = wit_load_path(&s, dir, &root);
    if (e != WIT_OK) {
        render(&s, err);
        rc = e == WIT_ENOMEM ? VCS_ENOMEM : VCS_EINPUT;
    }
    wit_session_free(&s);
    return rc;
}
