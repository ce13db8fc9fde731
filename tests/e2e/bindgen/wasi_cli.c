/* End-to-end guest on the real WASI 0.2 host of `jco run` (preview2-shim), without wasi-libc
 * I/O and without the preview1 adapter: it implements wasi:cli/run and talks to the host
 * only through witc's bindings for the command world — arguments, environment, wall
 * clock, and stdout as an output-stream resource (own, borrow, list, string, result). */
#include "command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append(char **buf, size_t *len, const uint8_t *p, size_t n)
{
    *buf = (char *)realloc(*buf, *len + n);
    memcpy(*buf + *len, p, n);
    *len += n;
}

static void append_str(char **buf, size_t *len, const char *s)
{
    append(buf, len, (const uint8_t *)s, strlen(s));
}

bool exports_wasi_cli_run_run(void)
{
    char *out = NULL;
    size_t len = 0;
    command_list_string_t args;
    wasi_cli_environment_get_arguments(&args);
    append_str(&out, &len, "args:");
    for (size_t i = 1; i < args.len; i++) { /* argv[0] is the program name */
        append_str(&out, &len, " ");
        append(&out, &len, args.ptr[i].ptr, args.ptr[i].len);
    }
    command_list_string_free(&args);
    command_list_tuple2_string_string_t env;
    wasi_cli_environment_get_environment(&env);
    for (size_t i = 0; i < env.len; i++)
        if (env.ptr[i].f0.len == 10 && memcmp(env.ptr[i].f0.ptr, "WITC_E2E_X", 10) == 0) {
            append_str(&out, &len, "\nenv: ");
            append(&out, &len, env.ptr[i].f1.ptr, env.ptr[i].f1.len);
        }
    command_list_tuple2_string_string_free(&env);
    wasi_clocks_wall_clock_datetime_t now;
    wasi_clocks_wall_clock_now(&now);
    append_str(&out, &len, now.seconds > 1600000000u ? "\nclock: ok\n" : "\nclock: wrong\n");

    wasi_io_streams_own_output_stream_t stdout_ = wasi_cli_stdout_get_stdout();
    command_list_u8_t bytes = {(uint8_t *)out, len};
    wasi_io_streams_stream_error_t err;
    bool ok = wasi_io_streams_method_output_stream_blocking_write_and_flush(
        wasi_io_streams_borrow_output_stream(stdout_), &bytes, &err);
    wasi_io_streams_output_stream_drop_own(stdout_);
    free(out);
    return ok;
}
