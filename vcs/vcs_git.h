/* Private to vcs/: the libgit2 work shared by the deps and release commands. */
#ifndef WITC_VCS_GIT_H
#define WITC_VCS_GIT_H

#include "vcs.h"

#include <git2.h>

/* One *.wit file read from a tree or from disk. */
typedef struct vcs_wfile {
    char *name;   /* owned */
    char *data;   /* owned, NUL-terminated */
    size_t len;
    git_oid blob;
} vcs_wfile;

void vcs_wfiles_free(vcs_wfile *f, size_t n);

/* git_libgit2_init / shutdown, counted. vcs_git_begin returns 0 or VCS_EENV. */
int vcs_git_begin(vcs_ctx *cx);
void vcs_git_end(void);
/* Formats libgit2's last error after `what` into cx->msg; returns code. */
int vcs_git_fail(vcs_ctx *cx, int code, const char *what, ...) WIT_PRINTF(3, 4);

/* The cache root: `opt` when given, else $XDG_CACHE_HOME/witc, else $HOME/.cache/witc.
 * Returns a wit_malloc'd path or NULL (OOM, or no HOME). */
char *vcs_cache_root(const char *opt);
/* Opens the cached bare repository of `url` under root. With create, makes it when
 * absent; without, returns 1 when absent. 0 / 1 / VCS_E*. *out is the caller's. */
int vcs_cache_open(const char *root, const char *url, bool create, git_repository **out,
                   vcs_ctx *cx);
/* Fetches tag `tag` (every tag when NULL) of url into repo, forced: a moved tag moves
 * here too. A tag the remote does not have is not an error here (vcs_tag_peel says 1). */
int vcs_cache_fetch(git_repository *repo, const char *url, const char *tag, vcs_ctx *cx);
/* Resolves refs/tags/<tag>: the tag object (annotated) or zero id (lightweight), the
 * commit it peels to. 0, 1 when the tag does not exist, or VCS_E*. */
int vcs_tag_peel(git_repository *repo, const char *tag, git_oid *tag_id, bool *annotated,
                 git_oid *commit, vcs_ctx *cx);
/* Reads the *.wit blobs directly inside folder `path` of commit's tree, sorted by name,
 * without a checkout. *tree_id gets the folder's tree id. 0, 1 when the folder does
 * not exist, or VCS_E*. */
int vcs_tree_wit_files(git_repository *repo, const git_oid *commit, const char *path,
                       git_oid *tree_id, vcs_wfile **files, size_t *n, vcs_ctx *cx);
/* Reads the *.wit files directly inside dir (sorted, with blob ids). A missing dir is 1. */
int vcs_dir_wit_files(const char *dir, vcs_wfile **files, size_t *n, vcs_ctx *cx);
/* Tag names (without refs/tags/) that remote `name` of repo advertises, like
 * `git ls-remote --tags`; appended to *names (wit_malloc'd strings). */
int vcs_remote_tags(git_repository *repo, const char *name, char ***names, size_t *n,
                    vcs_ctx *cx);
/* Appends s (copied) to a growable string list. 0 or VCS_ENOMEM. */
int vcs_strv_push(char ***v, size_t *n, const char *s);
void vcs_strv_free(char **v, size_t n);
/* rm -rf. Returns 0 or -1. */
int vcs_rmtree(const char *path);

#endif
