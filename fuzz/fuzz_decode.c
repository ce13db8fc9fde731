/* libFuzzer harness for the component decoder: any bytes must decode or fail with an
 * offset inside the input — never crash, hang or allocate without bound — and whatever
 * decodes must print as WIT, dump, and go through the canonical-ABI check without crashing. */
#include "component.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wit_arena *arena = wit_arena_new();
    cmp_component *c = NULL;
    cmp_error err;
    if (!arena)
        return 0;
    int rc = cmp_decode(data, size, arena, &c, &err);
    if (rc == 0) {
        wit_buf out = WIT_BUF_INIT;
        cmp_error perr;
        (void)cmp_print_wit(c, &out, &perr);
        cmp_dump(c, &out);
        (void)cmp_check_abi(c, arena, &perr);
        wit_buf_free(&out);
    } else if (rc == -1 && (err.offset > size || err.message[0] == '\0')) {
        abort(); /* an error must name a byte of the input and say something */
    }
    wit_arena_free(arena);
    return 0;
}
