/* `witc deps sync | check | update [PKG] | tree | import`: flags to vcs_deps_opts, the
 * WIT reader wired in, vcs error codes mapped to exit codes (1 input, 3 environment). */
#include "cli.h"
#include "vcs.h"

#include <stdio.h>
#include <string.h>

static void help(FILE *out)
{
    fputs("usage: witc deps <command> [options]\n\n"
          "commands:\n"
          "  sync          make wit/deps/ match wit/deps.json, the WIT's references and the lock;\n"
          "                writes wit/deps.lock.json (unchanged packages are not touched)\n"
          "  check         read-only, offline: exit 1 listing every difference between the\n"
          "                vendored files, the WIT references and the lock\n"
          "  update [PKG]  move to the tags the WIT now references and refetch (PKG = ns:name);\n"
          "                accepts a moved tag for PKG (or for all without PKG)\n"
          "  tree          the resolved graph with versions, tags and commits\n"
          "  import        write wit/deps.json from a wit-deps wit/deps.toml\n\n"
          "options:\n"
          "  --wit DIR     the package folder (default: wit)\n"
          "  --offline     use only the cache ($XDG_CACHE_HOME/witc), never the network\n"
          "  --locked      refuse to change the lock\n"
          "  --cache DIR   the cache folder\n"
          "  --format F    check: text (default) or github (::error annotations)\n"
          "  --from FILE   import: the deps.toml to read (default: DIR/deps.toml)\n"
          "  -q, --quiet   no progress lines\n\n"
          "wit/deps.json: {\"packages\": {\"wasi:io\": {\"git\": URL, \"path\": \"wit\", \"tag\": \"v{version}\"},\n"
          "                             \"wasi:*\": {\"git\": \"https://host/WebAssembly/wasi-{name}\"}}}\n",
          out);
}

static int exit_code(int rc)
{
    return rc == VCS_OK ? EXIT_OK : rc == VCS_EINPUT ? EXIT_INPUT : EXIT_ENV;
}

int cmd_deps(int argc, char **argv)
{
    vcs_deps_opts o;
    const char *sub = NULL, *from = NULL;
    bool quiet = false;
    memset(&o, 0, sizeof o);
    o.wit_dir = "wit";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            help(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--offline") == 0) {
            o.offline = true;
        } else if (strcmp(a, "--locked") == 0) {
            o.locked = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(a, "--format") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("deps", "--format needs a value (text or github)");
            const char *v = argv[++i];
            if (strcmp(v, "github") == 0)
                o.github = true;
            else if (strcmp(v, "text") != 0)
                return cli_usage_error("deps", "--format %s: expected text or github", v);
        } else if (strcmp(a, "--wit") == 0 || strcmp(a, "--cache") == 0 || strcmp(a, "--from") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("deps", "%s needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'w')
                o.wit_dir = v;
            else if (a[2] == 'c')
                o.cache_dir = v;
            else
                from = v;
        } else if (a[0] == '-') {
            return cli_usage_error("deps", "unknown option `%s`", a);
        } else if (!sub) {
            sub = a;
        } else if (strcmp(sub, "update") == 0 && !o.update_pkg) {
            o.update_pkg = a;
        } else {
            return cli_usage_error("deps", "unexpected argument `%s`", a);
        }
    }
    if (!sub)
        return cli_usage_error("deps", "missing command (sync, check, update, tree, import)");
    vcs_ctx cx;
    vcs_ctx_init(&cx);
    cx.progress = quiet ? NULL : stderr;
    cx.scan = vcs_scan_wit;
    int rc;
    if (strcmp(sub, "import") == 0) {
        wit_buf t = WIT_BUF_INIT, j = WIT_BUF_INIT, d = WIT_BUF_INIT;
        wit_buf_printf(&t, "%s/deps.toml", o.wit_dir);
        wit_buf_printf(&j, "%s/deps.json", o.wit_dir);
        wit_buf_printf(&d, "%s/deps", o.wit_dir);
        rc = t.oom || j.oom || d.oom ? VCS_ENOMEM
                                     : vcs_deps_import(from ? from : t.data, j.data, d.data, stdout, &cx);
        wit_buf_free(&t);
        wit_buf_free(&j);
        wit_buf_free(&d);
    } else {
        if (strcmp(sub, "sync") == 0)
            o.mode = VCS_DEPS_SYNC;
        else if (strcmp(sub, "update") == 0)
            o.mode = VCS_DEPS_UPDATE;
        else if (strcmp(sub, "check") == 0)
            o.mode = VCS_DEPS_CHECK, o.offline = true;
        else if (strcmp(sub, "tree") == 0)
            o.mode = VCS_DEPS_TREE;
        else {
            vcs_ctx_free(&cx);
            return cli_usage_error("deps", "unknown command `%s`", sub);
        }
        if (o.update_pkg && o.locked) {
            vcs_ctx_free(&cx);
            return cli_usage_error("deps", "update and --locked contradict each other");
        }
        o.out = stdout;
        rc = vcs_deps_run(&o, &cx);
    }
    fflush(stdout);
    if (rc == VCS_ENOMEM)
        fprintf(stderr, "witc: deps %s: out of memory\n", sub);
    else if (rc)
        fprintf(stderr, "witc: deps %s: %s\n", sub, cx.msg.data ? cx.msg.data : "failed");
    else if (cx.msg.data && cx.msg.len && !quiet)
        fprintf(stderr, "witc: deps %s: %s\n", sub, cx.msg.data);
    vcs_ctx_free(&cx);
    return exit_code(rc);
}
