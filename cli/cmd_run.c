/* `witc run COMPONENT.wasm [--dir HOST::GUEST]... [--env K=V]... [-- ARGS...]`: compiles a
 * command component natively (cmp_compile + cmp_build) into a cache keyed by a hash of the
 * component, witc's version and the runtime archives — $XDG_CACHE_HOME/witc/run/<hash>/,
 * populated atomically (built in a temporary directory, then renamed) — and executes it, so a
 * second run starts at once. stdio, arguments, the environment (plus --env) and --dir
 * preopens go to the guest. Exit status: the guest's (0 ok, 1 err, or the status given to
 * exit); 3 with a message on stderr when the guest traps, or when the component cannot be
 * compiled (the compiler's message is shown); 1 for a corrupt component; 2 for usage. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "common.h"
#include "compile.h"
#include "component.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef WITRT_SOURCE_DIR
#define WITRT_SOURCE_DIR ""
#endif
#ifndef WITRT_BUILD_DIR
#define WITRT_BUILD_DIR ""
#endif
#ifndef WITC_VERSION
#define WITC_VERSION "dev"
#endif

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void hash_file_meta(uint64_t *h, const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (stat(p, &st) == 0) {
        long long m[3] = {(long long)st.st_size, (long long)st.st_mtime, (long long)st.st_ino};
        h[0] = fnv(h[0], m, sizeof m);
        h[1] = fnv(h[1], m, sizeof m);
    }
}

static void rm_rf(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[8192];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Remove the intermediate files a cached build does not need (keep app, sources, Makefile). */
static void tidy(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[8192];
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if ((l > 2 && strcmp(e->d_name + l - 2, ".o") == 0) ||
            (l > 5 && strcmp(e->d_name + l - 5, ".wasm") == 0)) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    }
    closedir(d);
}

int cmd_run(int argc, char **argv)
{
    const char *path = NULL;
    const char **pass = calloc((size_t)argc * 2 + 8, sizeof *pass);
    int npass = 0, rc = EXIT_OK;
    bool verbose = false;
    char *data = NULL;
    size_t len = 0;
    cmp_component *c = NULL;
    cmp_error err;
    wit_arena *arena = NULL;
    char store[8192], cache[4096], final_dir[4200], tmp[4300], app[4300];
    if (!pass) {
        fputs("witc: out of memory\n", stderr);
        return EXIT_ENV;
    }
    pass[npass++] = "app";
    pass[npass++] = "--argv0";
    pass[npass++] = NULL; /* filled below */
    int i = 1;
    for (; i < argc; i++) {
        const char *v;
        int r;
        if (cli_is_help(argv[i]) && !path) {
            puts("usage: witc run COMPONENT.wasm [--dir HOST::GUEST]... [--env K=V]... [-- ARGS...]\n\n"
                 "Compiles the command component natively (cached by its hash under\n"
                 "$XDG_CACHE_HOME/witc/run/) and runs it: stdio, ARGS, the environment plus\n"
                 "--env, and the --dir preopens reach the guest.\n"
                 "Exit status: the guest's (0 ok, 1 err, or its exit status); 3 when the guest\n"
                 "traps or the component cannot be compiled; 1 for a corrupt component.\n"
                 "WITC_RUNTIME_DIR overrides where libwitrt is found; -v shows the build steps.");
            free(pass);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if ((r = cli_flag_value("run", "--dir", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                goto usage;
            i--; /* cli_flag_value advanced past the value */
            pass[npass++] = "--dir";
            pass[npass++] = v;
        } else if ((r = cli_flag_value("run", "--env", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                goto usage;
            i--;
            if (!strchr(v, '=')) {
                free(pass);
                return cli_usage_error("run", "--env wants K=V, got `%s`", v);
            }
            pass[npass++] = "--env";
            pass[npass++] = v;
        } else if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
            verbose = true;
        } else if (argv[i][0] == '-' && argv[i][1] && !path) {
            free(pass);
            return cli_usage_error("run", "unknown option `%s`", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            break; /* the guest's arguments start here */
        }
    }
    if (!path) {
        free(pass);
        return cli_usage_error("run", "missing the component file");
    }
    pass[npass++] = "--";
    for (; i < argc; i++)
        pass[npass++] = argv[i];
    pass[npass] = NULL;
    {
        /* argv[0] the guest sees: the file name without .wasm (as jco run gives it) */
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        char *a0 = strdup(base);
        if (!a0)
            goto oom;
        size_t l = strlen(a0);
        if (l > 5 && strcmp(a0 + l - 5, ".wasm") == 0)
            a0[l - 5] = 0;
        pass[2] = a0;
    }
    if (!(arena = wit_arena_new()))
        goto oom;
    if (wit_read_file(path, &data, &len) < 0) {
        fprintf(stderr, "witc: %s: %s\n", path, strerror(errno));
        rc = EXIT_ENV;
        goto done;
    }
    cmp_runtime_paths rt;
    if (cmp_runtime_locate(&rt, WITRT_SOURCE_DIR, WITRT_BUILD_DIR, store, sizeof store, &err) < 0) {
        fprintf(stderr, "witc: %s\n", err.message);
        rc = EXIT_ENV;
        goto done;
    }
    uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
    h[0] = fnv(h[0], data, len);
    h[1] = fnv(h[1], data, len);
    h[0] = fnv(h[0], WITC_VERSION, strlen(WITC_VERSION));
    hash_file_meta(h, rt.lib_dir, "libwitrt.a");
    hash_file_meta(h, rt.lib_dir, "libwitrt-w2c.a");
    hash_file_meta(h, rt.include_dir, "witrt.h");
    hash_file_meta(h, "/proc/self", "exe"); /* a rebuilt witc may generate different glue */
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(cache, sizeof cache, "%s/witc/run", xdg);
    else if (home && *home)
        snprintf(cache, sizeof cache, "%s/.cache/witc/run", home);
    else
        snprintf(cache, sizeof cache, "/tmp/witc-cache-%ld/run", (long)getuid());
    snprintf(final_dir, sizeof final_dir, "%s/%016llx%016llx", cache, (unsigned long long)h[0],
             (unsigned long long)h[1]);
    snprintf(app, sizeof app, "%s/app", final_dir);
    if (access(app, X_OK) != 0) {
        int r = cmp_decode((const uint8_t *)data, len, arena, &c, &err);
        if (r < 0) {
            fprintf(stderr, "%s: error: at byte %zu (0x%zx): %s\n", path, err.offset, err.offset,
                    err.message);
            rc = r == -2 ? EXIT_ENV : EXIT_INPUT;
            goto done;
        }
        if (wit_mkdirs(cache) < 0) {
            fprintf(stderr, "witc: cannot create %s: %s\n", cache, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
        snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", cache);
        if (!mkdtemp(tmp)) {
            fprintf(stderr, "witc: cannot create a directory in %s: %s\n", cache, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
        cmp_compile_opts opts;
        memset(&opts, 0, sizeof opts);
        opts.rt = rt;
        opts.quiet = !verbose;
        cmp_compile_info info;
        r = cmp_compile(c, tmp, &opts, &info, &err);
        if (r == 0 && info.nhooks) {
            snprintf(err.message, sizeof err.message,
                     "unsupported import %.120s (and %u more): witc run serves WASI 0.2 only; "
                     "use witc compile + witc host c",
                     info.first_hook, info.nhooks - 1);
            r = -1;
        }
        if (r == 0 && !info.command) {
            snprintf(err.message, sizeof err.message,
                     "not a command: the component exports no wasi:cli/run@0.2.x (use witc compile "
                     "and a host for other components)");
            r = -1;
        }
        if (r == 0)
            r = cmp_build(tmp, &rt, &err);
        if (r < 0) {
            fprintf(stderr, "witc: %s: %s\n", path, err.message);
            rm_rf(tmp);
            rc = EXIT_ENV;
            goto done;
        }
        tidy(tmp);
        if (rename(tmp, final_dir) != 0) {
            /* another run won the race: use its build */
            rm_rf(tmp);
            if (access(app, X_OK) != 0) {
                fprintf(stderr, "witc: cannot populate %s: %s\n", final_dir, strerror(errno));
                rc = EXIT_ENV;
                goto done;
            }
        }
    }
    wit_free(data);
    data = NULL;
    wit_arena_free(arena);
    arena = NULL;
    fflush(stdout);
    execv(app, (char *const *)pass);
    fprintf(stderr, "witc: cannot execute %s: %s\n", app, strerror(errno));
    rc = EXIT_ENV;
done:
    wit_free(data);
    wit_arena_free(arena);
    free((void *)pass[2]);
    free(pass);
    return rc;
oom:
    fputs("witc: out of memory\n", stderr);
    free(pass);
    return EXIT_ENV;
usage:
    free(pass);
    return EXIT_USAGE;
}
