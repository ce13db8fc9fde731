/* End-to-end guest: wasi-libc (printf) through jco's preview1 reactor adapter, exporting
 * wasi:cli/run with witc's bindings; `jco run` runs it. */
#include "hello.h"

#include <stdio.h>

bool exports_wasi_cli_run_run(void)
{
    printf("hello from C, wörld ✓ %d\n", 42);
    fflush(stdout);
    return true;
}
