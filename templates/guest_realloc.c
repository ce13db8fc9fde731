/* Template: the guest's allocator export, included in every generated W.c.
 * Compiled alone by tests/gen (the lines above the marker are the test harness). */
#include <stdint.h>
#include <stdlib.h>
/* witc:template-begin */

/* The canonical ABI's allocator: the host calls it to place strings, lists and spilled
 * parameters in this module's memory. Weak, so a program may provide its own. A size-0
 * request gets a non-null, suitably aligned dummy pointer that is never dereferenced;
 * such a block (old_size == 0) is never handed to realloc. Out of memory traps. */
__attribute__((__weak__, __export_name__("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size);
__attribute__((__weak__, __export_name__("cabi_realloc")))
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size)
{
    if (new_size == 0)
        return (void *)align;
    if (old_size == 0)
        ptr = NULL;
    void *ret = realloc(ptr, new_size);
    if (!ret)
        abort();
    return ret;
}
