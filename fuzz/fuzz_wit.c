/* libFuzzer harness over the whole WIT front end: lex, parse and resolve one in-memory
 * file (with the `active` feature enabled, as the conformance corpus runs), and when
 * it is accepted, emit its Resolve as JSON and print it back as WIT, so the emitters
 * see every shape the resolver accepts. Bad input must end in diagnostics: any crash,
 * sanitizer report, leak or stack overflow is a finding. With WITC_FUZZ_ROUNDTRIP=1 (what
 * fuzz/long.sh sets) the printed WIT must also load again, or the harness aborts. */
#include "json.h"
#include "print.h"
#include "wit.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The printed text (all packages, the root first) must parse and resolve again. */
static void check_reload(const wit_buf *printed)
{
    static int mode = -1;
    if (mode < 0) {
        const char *e = getenv("WITC_FUZZ_ROUNDTRIP");
        mode = e && *e == '1';
    }
    if (!mode || !printed->data)
        return;
    wit_session s2;
    wit_id root2;
    if (wit_session_init(&s2) == 0 && wit_session_enable_feature(&s2, "active") == 0) {
        int rc = wit_load_source(&s2, "printed.wit", printed->data, printed->len, &root2);
        if (rc == WIT_EINPUT) {
            fprintf(stderr, "printed WIT does not load again:\n%s\n", printed->data);
            wit_diags_render(&s2.diags, &s2.srcmap, WIT_DIAG_TEXT, false, stderr);
            abort();
        }
    }
    wit_session_free(&s2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wit_session s;
    wit_id root = WIT_NONE;
    if (wit_session_init(&s) == 0 && wit_session_enable_feature(&s, "active") == 0 &&
        wit_load_source(&s, "fuzz.wit", (const char *)data, size, &root) == WIT_OK && root != WIT_NONE) {
        wit_buf out = WIT_BUF_INIT;
        (void)gen_json_resolve(&s.resolve, &out);
        wit_buf_reset(&out);
        wit_id *all = wit_malloc((s.resolve.npackages + 1) * sizeof *all);
        uint32_t n = 0;
        if (all) {
            for (uint32_t i = 0; i < s.resolve.npackages; i++)
                if (i != root)
                    all[n++] = i;
            if (gen_print_wit(&s.resolve, root, all, n, NULL, &out) == 0)
                check_reload(&out);
        }
        wit_free(all);
        wit_buf_free(&out);
    }
    wit_session_free(&s);
    return 0;
}
