/* Shared by the subcommands of `witc`. Each subcommand lives in its own file and is
 * listed once in commands.def. A subcommand returns an exit code. */
#ifndef WITC_CLI_H
#define WITC_CLI_H

#include <stdbool.h>

enum {
    EXIT_OK = 0,      /* success */
    EXIT_INPUT = 1,   /* the input is wrong; diagnostics say why */
    EXIT_USAGE = 2,   /* a usage error */
    EXIT_ENV = 3      /* an environment failure: I/O, network, missing compiler */
};

#define CMD(name, fn, summary) int fn(int argc, char **argv);
#include "commands.def"
#undef CMD

/* Prints "witc: <cmd>: <message>" and a hint to run --help, returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* True when argv[i] is -h or --help. */
bool cli_is_help(const char *arg);

#endif
