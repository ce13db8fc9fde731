/* witc: dispatch to a subcommand. Subcommands are listed once, in commands.def. */
#include "cli.h"
#include "new.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef WITC_VERSION
#define WITC_VERSION "0.0.0"
#endif

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
#define CMD(name, fn, summary) {#name, fn, summary},
#include "commands.def"
#undef CMD
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fputs("witc — a C toolchain for WIT, the WebAssembly Component Model's interface language\n\n"
          "usage: witc <command> [options]\n\ncommands:\n",
          out);
    for (const struct command *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fputs("\nRun `witc <command> --help` for a command's options.\n"
          "Exit status: 0 success, 1 the input is wrong, 2 usage error, 3 environment failure.\n",
          out);
}

bool cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "witc: %s%s", cmd ? cmd : "", cmd ? ": " : "");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(run `witc %s%s--help` for usage)\n", cmd ? cmd : "", cmd ? " " : "");
    va_end(ap);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    wit_set_binary_reader(cmp_wit_decode_text); /* `.wasm` WIT packages (component/wit_decode.c) */
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("witc %s\n", WITC_VERSION);
        return EXIT_OK;
    }
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->fn(argc - 1, argv + 1);
    return cli_usage_error(NULL, "unknown command `%s`", argv[1]);
}
