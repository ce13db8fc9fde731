/* parse_tool: parses PATH as witc would (directory with deps/, or one file) without
 * resolving, and prints the diagnostics. Exit 0 parsed, 1 rejected, 3 I/O error.
 * `parse_tool --scan PATH` prints wit_scan_package's result instead. Used by the corpus
 * test and handy for poking at the parser by hand. */
#include "ast.h"

#include <string.h>

int main(int argc, char **argv)
{
    bool scanmode = argc == 3 && strcmp(argv[1], "--scan") == 0;
    if (argc != 2 && !scanmode) {
        fprintf(stderr, "usage: parse_tool [--scan] PATH\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    wit_session s;
    if (wit_session_init(&s) < 0)
        return 3;
    int rc;
    if (scanmode) {
        wit_pkg_name self;
        wit_pkg_ref *refs;
        uint32_t n;
        rc = wit_scan_package(&s, path, &self, &refs, &n);
        if (rc == WIT_OK) {
            printf("%s:%s%s%s\n", self.ns, self.name, self.version ? "@" : "", self.version ? self.version : "");
            for (uint32_t i = 0; i < n; i++)
                printf("  %s:%s%s%s\n", refs[i].name.ns, refs[i].name.name, refs[i].name.version ? "@" : "",
                       refs[i].name.version ? refs[i].name.version : "");
        }
    } else {
        wit_ast_group *g;
        uint32_t n;
        rc = wit_parse_path(&s, path, true, &g, &n);
    }
    wit_diags_render(&s.diags, &s.srcmap, WIT_DIAG_TEXT, false, stderr);
    wit_session_free(&s);
    return rc == WIT_OK ? 0 : rc == WIT_EINPUT ? 1 : 3;
}
