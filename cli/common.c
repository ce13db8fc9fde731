/* Helpers shared by `witc check`, `witc resolve` and `witc print`: feature flags with
 * wasm-tools' spelling (repeatable `--features`, comma or space separated, and
 * `--all-features`), diagnostic format and colour choices, and one load-and-report
 * routine so that every front-end command maps loader results to exit codes alike. */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_flag_value(const char *cmd, const char *name, int argc, char **argv, int *i, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        *i += 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(cmd, "`%s` needs a value", name);
        return -2;
    }
    *val = argv[*i + 1];
    *i += 2;
    return 1;
}

int cli_parse_features(const char *cmd, int argc, char **argv, int *i, cli_features *f)
{
    if (strcmp(argv[*i], "--all-features") == 0) {
        f->all = true;
        *i += 1;
        return 1;
    }
    const char *v = NULL;
    int rc = cli_flag_value(cmd, "--features", argc, argv, i, &v);
    if (rc <= 0)
        return rc;
    if (f->nlists >= (int)(sizeof f->lists / sizeof f->lists[0])) {
        cli_usage_error(cmd, "too many `--features` flags");
        return -2;
    }
    f->lists[f->nlists++] = v;
    return 1;
}

int cli_apply_features(wit_session *s, const cli_features *f)
{
    s->all_features = f->all;
    for (int k = 0; k < f->nlists; k++) {
        const char *p = f->lists[k];
        while (*p) {
            size_t n = strcspn(p, ", \t");
            if (n > 0) {
                char *name = wit_strndup(p, n);
                if (!name)
                    return -1;
                int rc = wit_session_enable_feature(s, name);
                wit_free(name);
                if (rc < 0)
                    return -1;
            }
            p += n;
            if (*p)
                p++;
        }
    }
    return 0;
}

int cli_parse_format(const char *v, wit_diag_format *out)
{
    if (strcmp(v, "text") == 0)
        *out = WIT_DIAG_TEXT;
    else if (strcmp(v, "json") == 0)
        *out = WIT_DIAG_JSON;
    else if (strcmp(v, "github") == 0)
        *out = WIT_DIAG_GITHUB;
    else
        return -1;
    return 0;
}

int cli_parse_color(const char *v)
{
    if (strcmp(v, "auto") == 0)
        return 0;
    if (strcmp(v, "always") == 0)
        return 1;
    if (strcmp(v, "never") == 0)
        return -1;
    return -2;
}

bool cli_use_color(int choice, FILE *out)
{
    if (choice != 0)
        return choice > 0;
    const char *term = getenv("TERM");
    const char *no = getenv("NO_COLOR");
    if ((no && *no) || (term && strcmp(term, "dumb") == 0))
        return false;
    return isatty(fileno(out)) != 0;
}

int cli_load(wit_session *s, const cli_features *f, const char *path, int color, wit_id *root)
{
    if (wit_session_init(s) < 0 || cli_apply_features(s, f) < 0) {
        fprintf(stderr, "witc: out of memory\n");
        return EXIT_ENV;
    }
    int rc = wit_load_path(s, path, root);
    if (s->diags.n > 0)
        wit_diags_render(&s->diags, &s->srcmap, WIT_DIAG_TEXT, cli_use_color(color, stderr), stderr);
    switch (rc) {
    case WIT_OK:
        return EXIT_OK;
    case WIT_EINPUT:
        return EXIT_INPUT;
    case WIT_ENOMEM:
        fprintf(stderr, "witc: out of memory\n");
        return EXIT_ENV;
    default:
        if (s->diags.n == 0)
            fprintf(stderr, "witc: cannot read `%s`\n", path);
        return EXIT_ENV;
    }
}

void cli_render_since(wit_session *s, size_t first, int color)
{
    if (first >= s->diags.n)
        return;
    wit_diags tail = s->diags;
    tail.items += first;
    tail.n -= first;
    wit_diags_render(&tail, &s->srcmap, WIT_DIAG_TEXT, cli_use_color(color, stderr), stderr);
}

int cli_load_world(wit_session *s, const cli_features *f, const char *path, const char *world, int color,
                   wit_id *world_out)
{
    wit_id root = WIT_NONE;
    int rc = cli_load(s, f, path, color, &root);
    if (rc != EXIT_OK)
        return rc;
    size_t first = s->diags.n;
    *world_out = wit_select_world(s, root, world);
    if (*world_out == WIT_NONE) {
        cli_render_since(s, first, color);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}
