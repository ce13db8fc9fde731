/* Flag parsing and loading shared by the front-end subcommands (check, resolve, print):
 * `--features a,b` / `--all-features`, `--format`, `--color`, and "load PATH, render the
 * diagnostics, map the result to an exit code". */
#ifndef WITC_CLI_COMMON_H
#define WITC_CLI_COMMON_H

#include "cli.h"
#include "wit.h"

/* Features requested on the command line. Names point into argv (not copied). */
typedef struct cli_features {
    const char *lists[64]; /* each a comma- or space-separated list from one --features */
    int nlists;
    bool all;
} cli_features;

/* Tries to consume argv[*i] (and its value) as `--features LIST`, `--features=LIST` or
 * `--all-features`. Returns 1 and advances *i past what it consumed, 0 when the flag is
 * not a feature flag, or EXIT_USAGE-negated (-2) after printing a usage error for `cmd`. */
int cli_parse_features(const char *cmd, int argc, char **argv, int *i, cli_features *f);

/* Enables the features on a freshly initialised session. Returns 0, or -1 on OOM. */
int cli_apply_features(wit_session *s, const cli_features *f);

/* Parses a `--format` value. Returns 0 and stores the format, or -1 for an unknown name. */
int cli_parse_format(const char *v, wit_diag_format *out);

/* `--color auto|always|never`: 0 auto, 1 always, -1 never; returns -2 for anything else. */
int cli_parse_color(const char *v);
/* Whether to colour output going to `out` under the given `--color` choice. */
bool cli_use_color(int choice, FILE *out);

/* If argv[*i] is `--NAME VALUE` or `--NAME=VALUE`, stores VALUE in *val, advances *i and
 * returns 1; returns 0 when the flag is something else, -2 (after a usage error) when the
 * value is missing. */
int cli_flag_value(const char *cmd, const char *name, int argc, char **argv, int *i, const char **val);

/* Initialises `s`, applies the features and loads `path` into it. Diagnostics (if any)
 * are rendered to stderr as text (colour per `color`). Returns EXIT_OK with *root set,
 * EXIT_INPUT when the WIT is wrong, EXIT_ENV on I/O failure or OOM. The caller frees the
 * session with wit_session_free in every case. */
int cli_load(wit_session *s, const cli_features *f, const char *path, int color, wit_id *root);

/* Like cli_load, then selects `world` (NULL: the root package's only world) as
 * wit_select_world does. Every diagnostic is rendered once. Returns EXIT_OK with
 * *world_out set, EXIT_INPUT when the WIT is wrong or the world does not exist, EXIT_ENV on
 * I/O failure or OOM. The caller frees the session with wit_session_free in every case. */
int cli_load_world(wit_session *s, const cli_features *f, const char *path, const char *world, int color,
                   wit_id *world_out);

/* Renders the diagnostics recorded since index `first` as text to stderr. */
void cli_render_since(wit_session *s, size_t first, int color);

#endif
