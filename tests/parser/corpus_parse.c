/* The conformance corpus through the parser alone: every must-accept case of wit-parser's
 * ui suite and every case of wit-component's interfaces suite must parse, and every must-reject case whose expected error is a syntax error
 * must be rejected at the expected LINE:COL. A reject case that the parser accepts must
 * carry a non-syntax (resolver) error; one that it rejects must be rejected at the
 * expected place. Skips (77) when ../shared/conformance is absent.
 *
 * usage: corpus_parse [CORPUS_DIR]   (default: $WITC_SOURCE_ROOT/../shared/conformance/wit-parser-ui) */
#include "ast.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Messages that only a lexer or parser produces. */
static const char *syntax_msgs[] = {
    "expected ", "unknown attribute", "type nesting too deep", "package nesting too deep",
    "nested packages must be placed", "invalid character in identifier",
    "identifiers must have characters", "unterminated", "unexpected character",
    "cannot place attributes on nested packages",
};

static bool is_syntax(const char *msg)
{
    for (size_t i = 0; i < sizeof syntax_msgs / sizeof syntax_msgs[0]; i++)
        if (strstr(msg, syntax_msgs[i]))
            return true;
    return false;
}

/* Reads the expectation: first line (message) and the LINE:COL after "-->". */
static bool read_expect(const char *path, char *msg, size_t msgn, unsigned *line, unsigned *col)
{
    char *text;
    size_t len;
    *line = *col = 0;
    if (wit_read_file(path, &text, &len) < 0)
        return false;
    size_t n = strcspn(text, "\n");
    if (n >= msgn)
        n = msgn - 1;
    memcpy(msg, text, n);
    msg[n] = 0;
    /* "--> path:L:C", or (one stale-format file) "path.wit:L:C: message" */
    const char *arrow = strstr(text, "--> ");
    if (arrow) {
        const char *e = arrow + 4 + strcspn(arrow + 4, "\n ");
        const char *c2 = e;
        while (c2 > arrow && c2[-1] != ':')
            c2--;
        const char *c1 = c2 - 1;
        while (c1 > arrow && c1[-1] != ':')
            c1--;
        *line = (unsigned)strtoul(c1, NULL, 10);
        *col = (unsigned)strtoul(c2, NULL, 10);
    } else if ((arrow = strstr(text, ".wit:")) != NULL) {
        if (sscanf(arrow + 5, "%u:%u", line, col) != 2)
            *line = *col = 0;
    }
    wit_free(text);
    return true;
}

int main(int argc, char **argv)
{
    char dir[4096];
    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
    } else {
        const char *src = getenv("WITC_SOURCE_ROOT");
        snprintf(dir, sizeof dir, "%s/../shared/conformance/wit-parser-ui", src ? src : ".");
    }
    char tsv[4200];
    snprintf(tsv, sizeof tsv, "%s/cases.tsv", dir);
    char *cases;
    size_t len;
    if (wit_read_file(tsv, &cases, &len) < 0) {
        printf("corpus not found at %s: skipped\n", dir);
        return 77;
    }
    char corpus[4200];
    snprintf(corpus, sizeof corpus, "%s/crates/wit-parser", dir);
    if (chdir(corpus) < 0) {
        wit_free(cases);
        printf("cannot enter %s: skipped\n", corpus);
        return 77;
    }
    unsigned passed = 0, failed = 0, skipped = 0;
    char *save = NULL;
    bool header = true;
    for (char *ln = strtok_r(cases, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        if (ln[0] == '#')
            continue;
        if (header) {
            header = false;
            continue;
        }
        char *f[6] = {0};
        char *s2 = NULL;
        int k = 0;
        for (char *c = strtok_r(ln, "\t", &s2); c && k < 6; c = strtok_r(NULL, "\t", &s2))
            f[k++] = c;
        if (k < 5)
            continue;
        const char *path = f[0], *expect = f[2], *expectation = f[3], *wasm = f[4];
        if (strcmp(wasm, "yes") == 0) {
            skipped++;
            continue;
        }
        wit_session s;
        if (wit_session_init(&s) < 0)
            return 1;
        wit_ast_group *g;
        uint32_t n;
        int rc = wit_parse_path(&s, path, true, &g, &n);
        unsigned gl = 0, gc = 0;
        if (s.diags.n && s.diags.items[0].span.start != UINT32_MAX)
            wit_srcmap_locate(&s.srcmap, s.diags.items[0].span.start, &gl, &gc);
        const char *gotmsg = s.diags.n ? s.diags.items[0].message : "";
        bool ok;
        char why[600] = "";
        if (strcmp(expect, "accept") == 0) {
            ok = rc == WIT_OK;
            if (!ok)
                snprintf(why, sizeof why, "rejected a valid case at %u:%u: %s", gl, gc, gotmsg);
        } else {
            char msg[300];
            unsigned el, ec;
            if (!read_expect(expectation, msg, sizeof msg, &el, &ec)) {
                ok = false;
                snprintf(why, sizeof why, "cannot read %s", expectation);
            } else if (rc == WIT_OK) {
                ok = !is_syntax(msg);
                if (!ok)
                    snprintf(why, sizeof why, "accepted; expected syntax error at %u:%u: %s", el, ec, msg);
            } else {
                ok = el == 0 || (el == gl && ec == gc);
                if (!ok)
                    snprintf(why, sizeof why, "rejected at %u:%u (%s), expected %u:%u (%s)", gl, gc, gotmsg,
                             el, ec, msg);
            }
        }
        if (ok) {
            passed++;
        } else {
            failed++;
            printf("FAIL %s: %s\n", path, why);
        }
        wit_session_free(&s);
    }
    wit_free(cases);
    /* wit-component's interfaces suite: every case is valid WIT. */
    snprintf(tsv, sizeof tsv, "%s/interfaces-cases.tsv", dir);
    snprintf(corpus, sizeof corpus, "%s/crates/wit-component/tests/interfaces", dir);
    if (wit_read_file(tsv, &cases, &len) == 0) {
        if (chdir(corpus) < 0) {
            printf("FAIL cannot enter %s\n", corpus);
            failed++;
        } else {
            header = true;
            for (char *ln = strtok_r(cases, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
                if (ln[0] == '#')
                    continue;
                if (header) {
                    header = false;
                    continue;
                }
                ln[strcspn(ln, "\t")] = 0;
                wit_session s;
                if (wit_session_init(&s) < 0)
                    return 1;
                wit_ast_group *g;
                uint32_t n;
                if (wit_parse_path(&s, ln, true, &g, &n) == WIT_OK) {
                    passed++;
                } else {
                    failed++;
                    printf("FAIL interfaces/%s: %s\n", ln, s.diags.n ? s.diags.items[0].message : "rejected");
                }
                wit_session_free(&s);
            }
        }
        wit_free(cases);
    }
    printf("corpus_parse: %u passed, %u failed, %u skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
