/* libFuzzer harness over the whole WIT front end: lex, parse and resolve one in-memory
 * file (with the `active` feature enabled, as the conformance corpus runs), and when
 * it is accepted, emit its Resolve as JSON and print it back as WIT, so the emitters
 * see every shape the resolver accepts. Bad input must end in diagnostics: any crash,
 * sanitizer report, leak or stack overflow is a finding. */
#include "json.h"
#include "print.h"
#include "wit.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
            (void)gen_print_wit(&s.resolve, root, all, n, NULL, &out);
        }
        wit_free(all);
        wit_buf_free(&out);
    }
    wit_session_free(&s);
    return 0;
}
