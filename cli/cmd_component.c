/* `witc component <subcommand>`: tools that work on component binaries. This file is a
 * small dispatcher; each subcommand is one function below (`wit` now; `embed` and `new`
 * are added by their owners as further rows of the table). */
#include "cli.h"
#include "cmd_component_embed.h"
#include "cmd_component_new.h"
#include "component.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct subcommand {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static int component_wit(int argc, char **argv);

static const struct subcommand subcommands[] = {
    {"embed", cmd_component_embed, "add a world's component-type section to a core module"},
    {"new", cmd_component_new, "turn a core module with a component-type section into a component"},
    {"wit", component_wit, "print the world of a component binary as WIT"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fputs("usage: witc component <subcommand> [options]\n\nsubcommands:\n", out);
    for (const struct subcommand *s = subcommands; s->name; s++)
        fprintf(out, "  %-8s %s\n", s->name, s->summary);
}

int cmd_component(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is_help(argv[1])) {
        usage(stdout);
        return EXIT_OK;
    }
    for (const struct subcommand *s = subcommands; s->name; s++)
        if (strcmp(argv[1], s->name) == 0)
            return s->fn(argc - 1, argv + 1);
    return cli_usage_error("component", "unknown subcommand `%s`", argv[1]);
}

/* Reads and decodes `path`; prints the error and returns an exit code when that fails. */
static int load(const char *path, wit_arena *arena, char **data, cmp_component **c)
{
    size_t len;
    cmp_error err;
    if (wit_read_file(path, data, &len) < 0) {
        fprintf(stderr, "witc: %s: %s\n", path, strerror(errno));
        return EXIT_ENV;
    }
    int rc = cmp_decode((const uint8_t *)*data, len, arena, c, &err);
    if (rc == -2) {
        fprintf(stderr, "witc: %s: out of memory\n", path);
        return EXIT_ENV;
    }
    if (rc < 0) {
        fprintf(stderr, "%s: error: at byte %zu (0x%zx): %s\n", path, err.offset, err.offset,
                err.message);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* witc component wit [--dump] COMPONENT.wasm */
static int component_wit(int argc, char **argv)
{
    const char *path = NULL;
    bool dump = false;
    int rc;
    char *data = NULL;
    cmp_component *c = NULL;
    wit_buf out = WIT_BUF_INIT;
    wit_arena *arena = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            puts("usage: witc component wit [--dump] COMPONENT.wasm\n\n"
                 "Prints the component's world as WIT (the form `jco wit` prints).\n"
                 "--dump  print the decoded definitions and index spaces instead");
            return EXIT_OK;
        } else if (strcmp(argv[i], "--dump") == 0) {
            dump = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("component wit", "unknown option `%s`", argv[i]);
        } else if (path) {
            return cli_usage_error("component wit", "only one component file may be given");
        } else {
            path = argv[i];
        }
    }
    if (!path)
        return cli_usage_error("component wit", "missing the component file");
    if (!(arena = wit_arena_new())) {
        fputs("witc: out of memory\n", stderr);
        return EXIT_ENV;
    }
    rc = load(path, arena, &data, &c);
    if (rc != EXIT_OK)
        goto done;
    if (dump) {
        cmp_dump(c, &out);
    } else {
        cmp_error err;
        if (cmp_print_wit(c, &out, &err) < 0) {
            fprintf(stderr, "%s: error: %s\n", path, err.message);
            rc = EXIT_INPUT;
            goto done;
        }
    }
    if (out.oom) {
        fputs("witc: out of memory\n", stderr);
        rc = EXIT_ENV;
        goto done;
    }
    if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
        fprintf(stderr, "witc: writing stdout: %s\n", strerror(errno));
        rc = EXIT_ENV;
    }
done:
    wit_buf_free(&out);
    wit_free(data);
    wit_arena_free(arena);
    return rc;
}
