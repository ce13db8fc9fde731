/* Host of tests/e2e/host_multi.sh: three instances of one component (host_multi.wit) in one
 * process, through the stubs of `witc host c`. Checks that guest globals, linear memory and
 * handle tables are per instance, that imports see the instance that called them
 * (multi_current_instance, also across a nested call into another instance), that a trap in
 * one leaves the others answering, that fini releases the host resources an instance held,
 * and that create/destroy in a loop leaves nothing behind (run under ASan by the script).
 * Prints one line per step; exit status 0 when every check held. */
#include "multi_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* witc compile's glue: the instance's runtime state (its `user` is the W_instance) */
wrt_instance *witc_instance(struct witc_component *c);

static int g_failed;
static multi_instance g_inst[3];
static const char *const g_names[3] = {"A", "B", "C"};
static int g_nested;      /* whoami of A calls into B first */
static int g_tokens_live; /* host tokens not destroyed yet */

#define CHECK(cond, what)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "CHECK FAILED (line %d): %s\n", __LINE__, what);                      \
            g_failed = 1;                                                                          \
        }                                                                                          \
    } while (0)

static const char *name_of(const multi_instance *inst)
{
    for (int i = 0; i < 3; i++)
        if (inst == &g_inst[i])
            return g_names[i];
    return inst ? "?" : "(none)";
}

void test_multi_env_whoami(multi_string_t *ret)
{
    multi_instance *me = multi_current_instance();
    if (g_nested && me == &g_inst[0]) {
        uint32_t v = 0;
        CHECK(multi_call_api_bump(&g_inst[1], 0, &v) == 0, "a call into B from A's import");
        CHECK(multi_current_instance() == me, "the current instance is A again after it");
    }
    multi_string_dup(ret, name_of(me));
}

typedef struct token {
    uint32_t v;
} token;

static test_multi_env_own_token_t new_token(uint32_t v)
{
    token *t = malloc(sizeof *t);
    if (!t)
        abort();
    t->v = v;
    g_tokens_live++;
    test_multi_env_own_token_t own = {t};
    return own;
}

test_multi_env_own_token_t test_multi_env_constructor_token(uint32_t v)
{
    return new_token(v);
}

uint32_t test_multi_env_method_token_get(test_multi_env_borrow_token_t self)
{
    return ((token *)self.rep)->v;
}

void test_multi_env_token_destroy(void *rep)
{
    free(rep);
    g_tokens_live--;
}

static uint32_t bump(int i, uint32_t by)
{
    uint32_t v = 0;
    if (multi_call_api_bump(&g_inst[i], by, &v) != 0) {
        fprintf(stderr, "%s bump: %s\n", g_names[i], g_inst[i].err.message);
        return UINT32_MAX;
    }
    return v;
}

/* the instance's string (get or ask) compared with want */
static int text_is(int i, int ask, const char *want)
{
    multi_string_t s;
    int rc = ask ? multi_call_api_ask(&g_inst[i], &s) : multi_call_api_get(&g_inst[i], &s);
    if (rc != 0)
        return 0;
    int same = s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
    if (!same)
        fprintf(stderr, "%s %s: \"%.*s\", not \"%s\"\n", g_names[i], ask ? "ask" : "get",
                (int)s.len, (const char *)s.ptr, want);
    multi_string_free(&s);
    return same;
}

static exports_test_multi_api_own_blob_t blob(int i, const char *text)
{
    multi_string_t s = {(uint8_t *)text, strlen(text)};
    exports_test_multi_api_own_blob_t h = {0};
    CHECK(multi_call_api_constructor_blob(&g_inst[i], &s, &h) == 0, "blob constructor");
    return h;
}

static int blob_text_is(int i, uint32_t handle, const char *want)
{
    multi_string_t s;
    exports_test_multi_api_borrow_blob_t b = {handle};
    if (multi_call_api_method_blob_text(&g_inst[i], b, &s) != 0)
        return 0;
    int same = s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
    multi_string_free(&s);
    return same;
}

static void put(int i, const char *text)
{
    multi_string_t s = {(uint8_t *)text, strlen(text)};
    CHECK(multi_call_api_put(&g_inst[i], &s) == 0, "put");
}

int main(void)
{
    for (int i = 0; i < 3; i++)
        CHECK(multi_instance_init(&g_inst[i], NULL) == 0, "init");
    CHECK(multi_current_instance() == NULL, "no current instance outside calls");
    for (int i = 0; i < 3; i++)
        CHECK(witc_instance(g_inst[i].comp)->user == &g_inst[i], "cx->inst->user is the W_instance");
    CHECK(g_inst[0].comp != g_inst[1].comp && g_inst[1].comp != g_inst[2].comp, "three components");
    printf("three instances\n");

    /* guest globals */
    CHECK(bump(0, 1) == 1 && bump(0, 1) == 2 && bump(0, 1) == 3, "A counts 1 2 3");
    CHECK(bump(1, 10) == 10, "B starts from 0");
    CHECK(bump(2, 100) == 100, "C starts from 0");
    CHECK(bump(0, 1) == 4, "A continues from 3");
    printf("counters: A %u, B %u, C %u\n", bump(0, 0), bump(1, 0), bump(2, 0));

    /* linear memory */
    put(0, "alpha");
    put(1, "beta");
    put(2, "gamma");
    CHECK(text_is(0, 0, "alpha") && text_is(1, 0, "beta") && text_is(2, 0, "gamma"),
          "each instance keeps its own string");
    printf("memories: alpha beta gamma\n");

    /* imports see the instance that called them */
    CHECK(text_is(0, 1, "A") && text_is(1, 1, "B") && text_is(2, 1, "C"), "whoami");
    g_nested = 1;
    CHECK(text_is(0, 1, "A"), "whoami of A with a nested call into B");
    g_nested = 0;
    printf("imports: A B C, nested A->B->A\n");

    /* handle tables */
    exports_test_multi_api_own_blob_t a1 = blob(0, "a1"), a2 = blob(0, "a2"), b1 = blob(1, "b1");
    CHECK(a1.handle == b1.handle, "first handles of A and B have the same number");
    CHECK(blob_text_is(0, a1.handle, "a1") && blob_text_is(1, b1.handle, "b1"),
          "the same handle number means each instance's own blob");
    CHECK(blob_text_is(0, a2.handle, "a2"), "A's second blob");
    CHECK(!blob_text_is(1, a2.handle, "a2") && g_inst[1].err.kind == WRT_TRAP_INVALID_HANDLE,
          "B refuses A's handle (invalid-handle)");
    printf("handle %u refused by B: %s\n", a2.handle, wrt_trap_kind_name(g_inst[1].err.kind));
    CHECK(bump(1, 0) == UINT32_MAX && g_inst[1].err.kind == WRT_TRAP_HOST, "B is poisoned");
    CHECK(bump(0, 0) == 4 && blob_text_is(0, a1.handle, "a1"), "A is not");
    CHECK(exports_test_multi_api_blob_drop(&g_inst[0], a1) == 0, "drop a1 in A");
    CHECK(!blob_text_is(0, a1.handle, "a1") && g_inst[0].err.kind == WRT_TRAP_INVALID_HANDLE,
          "a dropped handle is refused");
    multi_instance_fini(&g_inst[0]);
    multi_instance_fini(&g_inst[1]);
    CHECK(multi_instance_init(&g_inst[0], NULL) == 0 && multi_instance_init(&g_inst[1], NULL) == 0,
          "re-init A and B");
    CHECK(bump(0, 0) == 0 && bump(1, 0) == 0 && text_is(1, 0, ""), "fresh instances start empty");
    CHECK(bump(2, 0) == 100 && text_is(2, 0, "gamma"), "C kept its state through all of it");

    /* host resources held by an instance go with it */
    uint32_t v = 0;
    CHECK(multi_call_api_keep_token(&g_inst[0], new_token(7), &v) == 0 && v == 7, "A keeps token 7");
    CHECK(multi_call_api_keep_token(&g_inst[2], new_token(9), &v) == 0 && v == 9, "C keeps token 9");
    CHECK(g_tokens_live == 2, "two tokens held");
    multi_instance_fini(&g_inst[2]);
    CHECK(g_tokens_live == 1, "C's fini destroyed C's token, not A's");
    CHECK(multi_instance_init(&g_inst[2], NULL) == 0, "re-init C");
    printf("tokens: fini of C released 1 of 2\n");

    /* a trap in one instance, the others keep answering */
    CHECK(multi_call_api_crash(&g_inst[0]) != 0 && g_inst[0].err.kind == WRT_TRAP_UNREACHABLE,
          "crash traps (unreachable)");
    printf("A crashed: %s\n", wrt_trap_kind_name(g_inst[0].err.kind));
    CHECK(bump(0, 1) == UINT32_MAX, "A refuses calls after its trap");
    CHECK(bump(1, 5) == 5 && bump(2, 6) == 6, "B and C answer");
    put(1, "still here");
    CHECK(text_is(1, 0, "still here") && text_is(2, 1, "C"), "B's memory and C's imports work");
    for (int i = 0; i < 3; i++)
        multi_instance_fini(&g_inst[i]);
    CHECK(g_tokens_live == 0, "A's fini (after its trap) destroyed its token");
    CHECK(multi_call_api_bump(&g_inst[0], 1, &v) == -1 && g_inst[0].err.kind == WRT_TRAP_HOST,
          "a finished instance refuses calls");

    /* create and destroy, over and over, two at a time */
    for (uint32_t n = 0; n < 200; n++) {
        CHECK(multi_instance_init(&g_inst[0], NULL) == 0 && multi_instance_init(&g_inst[1], NULL) == 0,
              "init in the loop");
        CHECK(bump(0, n) == n && bump(1, 1) == 1, "fresh counters in the loop");
        put(0, "loop");
        (void)blob(0, "left alive");
        CHECK(multi_call_api_keep_token(&g_inst[1], new_token(n), &v) == 0 && v == n, "token in the loop");
        if (n % 50 == 0)
            CHECK(multi_call_api_crash(&g_inst[1]) != 0, "crash in the loop");
        multi_instance_fini(&g_inst[1]);
        multi_instance_fini(&g_inst[0]);
    }
    CHECK(g_tokens_live == 0, "no token outlived the loop");
    printf("200 rounds of init/fini\n");
    printf(g_failed ? "FAILURES\n" : "done\n");
    return g_failed;
}
