/* Host of tests/e2e/host_names.sh: drives the middleware guest of host_names_guest.c through
 * the stubs of `witc host c` for world `names` of host_names.wit. It implements the imported
 * `store` (with the import copy's types, test_names_store_*) and calls the exported one (with
 * the export copy's, exports_test_names_store_*, the guest bindings' names), and the two
 * exported `api`s by their package-qualified W_call names. Prints what comes back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names_host.h"

/* the exported and imported copies of one interface are distinct C types */
#define SAME(a, b) _Generic((a *)0, b *: 1, default: 0)
_Static_assert(!SAME(exports_test_names_store_entry_t, test_names_store_entry_t), "entry");
_Static_assert(!SAME(exports_test_names_store_answer_t, test_names_store_answer_t), "answer");
_Static_assert(!SAME(exports_test_names_store_own_bucket_t, test_names_store_own_bucket_t), "bucket");
_Static_assert(!SAME(exports_test_other_api_entry_t, test_other_api_entry_t), "other entry");

/* ---- the imported store: buckets of (key, value) pairs ---- */

typedef struct bucket {
    char name[16];
    size_t n;
    test_names_store_entry_t e[8];
} bucket;

static int g_destroyed;

static void copy_entry(test_names_store_entry_t *d, const test_names_store_entry_t *s)
{
    names_string_dup_n(&d->key, (const char *)s->key.ptr, s->key.len);
    d->val.len = s->val.len;
    d->val.ptr = malloc(s->val.len ? s->val.len : 1);
    if (s->val.len)
        memcpy(d->val.ptr, s->val.ptr, s->val.len);
}

test_names_store_own_bucket_t test_names_store_constructor_bucket(names_string_t *name)
{
    bucket *b = calloc(1, sizeof *b);
    size_t n = name->len < sizeof b->name - 1 ? name->len : sizeof b->name - 1;
    memcpy(b->name, name->ptr, n);
    test_names_store_own_bucket_t h = {b};
    return h;
}

void test_names_store_bucket_destroy(void *rep)
{
    bucket *b = rep;
    printf("host: bucket %s destroyed\n", b->name);
    for (size_t i = 0; i < b->n; i++)
        test_names_store_entry_free(&b->e[i]);
    free(b);
    g_destroyed++;
}

void test_names_store_method_bucket_put(test_names_store_borrow_bucket_t self, test_names_store_entry_t *e)
{
    bucket *b = self.rep;
    if (b->n < 8)
        copy_entry(&b->e[b->n++], e);
}

void test_names_store_method_bucket_get(test_names_store_borrow_bucket_t self, names_string_t *key,
                                        test_names_store_answer_t *ret)
{
    bucket *b = self.rep;
    size_t hits = 0, last = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->e[i].key.len == key->len && memcmp(b->e[i].key.ptr, key->ptr, key->len) == 0) {
            hits++;
            last = i;
        }
    if (hits == 0) {
        ret->tag = TEST_NAMES_STORE_ANSWER_NONE;
    } else if (hits == 1) {
        ret->tag = TEST_NAMES_STORE_ANSWER_ONE;
        copy_entry(&ret->val.one, &b->e[last]);
    } else {
        ret->tag = TEST_NAMES_STORE_ANSWER_MANY;
        ret->val.many.ptr = calloc(hits, sizeof *ret->val.many.ptr);
        for (size_t i = 0; i < b->n; i++)
            if (b->e[i].key.len == key->len && memcmp(b->e[i].key.ptr, key->ptr, key->len) == 0)
                copy_entry(&ret->val.many.ptr[ret->val.many.len++], &b->e[i]);
    }
}

/* one(entry{"h:" + key, reversed value}) */
void test_names_store_echo(test_names_store_entry_t *e, test_names_store_answer_t *ret)
{
    char k[64];
    size_t n = e->key.len < 60 ? e->key.len : 60;
    memcpy(k, "h:", 2);
    memcpy(k + 2, e->key.ptr, n);
    ret->tag = TEST_NAMES_STORE_ANSWER_ONE;
    names_string_dup_n(&ret->val.one.key, k, n + 2);
    ret->val.one.val.len = e->val.len;
    ret->val.one.val.ptr = malloc(e->val.len ? e->val.len : 1);
    for (size_t i = 0; i < e->val.len; i++)
        ret->val.one.val.ptr[i] = e->val.ptr[e->val.len - 1 - i];
}

void test_other_api_tag(test_other_api_entry_t *e, names_string_t *ret)
{
    char s[96];
    int n = snprintf(s, sizeof s, "other[%.*s:%u]", (int)e->key.len, (const char *)e->key.ptr, e->n);
    names_string_dup_n(ret, s, (size_t)n);
}

/* ---- the calls ---- */

static void print_entry(const exports_test_names_store_entry_t *e)
{
    printf("%.*s=[", (int)e->key.len, (const char *)e->key.ptr);
    for (size_t i = 0; i < e->val.len; i++)
        printf("%s%u", i ? "," : "", e->val.ptr[i]);
    printf("]");
}

static void print_answer(const char *what, const exports_test_names_store_answer_t *a)
{
    printf("%s: ", what);
    if (a->tag == EXPORTS_TEST_NAMES_STORE_ANSWER_NONE) {
        printf("none");
    } else if (a->tag == EXPORTS_TEST_NAMES_STORE_ANSWER_ONE) {
        printf("one ");
        print_entry(&a->val.one);
    } else {
        printf("many");
        for (size_t i = 0; i < a->val.many.len; i++) {
            printf(" ");
            print_entry(&a->val.many.ptr[i]);
        }
    }
    printf("\n");
}

static int check(names_instance *inst, int rc, const char *what)
{
    if (rc != 0)
        printf("%s: trap %d: %s\n", what, (int)inst->err.kind, inst->err.message);
    return rc;
}

static exports_test_names_store_entry_t entry(const char *key, const uint8_t *v, size_t n)
{
    exports_test_names_store_entry_t e;
    e.key.ptr = (uint8_t *)(uintptr_t)key;
    e.key.len = strlen(key);
    e.val.ptr = (uint8_t *)(uintptr_t)v;
    e.val.len = n;
    return e;
}

int main(void)
{
    static const uint8_t v123[] = {1, 2, 3}, v1[] = {1}, v2[] = {2}, v9[] = {9};
    names_instance inst;
    int bad = 0;
    if (names_instance_init(&inst, NULL) != 0) {
        printf("init: %s\n", inst.err.message);
        names_instance_fini(&inst);
        return 1;
    }
    exports_test_names_store_entry_t e = entry("k1", v123, 3);
    exports_test_names_store_answer_t a;
    if (check(&inst, names_call_store_echo(&inst, &e, &a), "echo") == 0) {
        print_answer("echo", &a);
        exports_test_names_store_answer_free(&a);
    } else {
        bad++;
    }
    names_string_t nm = {(uint8_t *)(uintptr_t)"b1", 2}, key;
    exports_test_names_store_own_bucket_t b;
    if (check(&inst, names_call_store_constructor_bucket(&inst, &nm, &b), "bucket") == 0) {
        exports_test_names_store_borrow_bucket_t bb = {b.handle};
        exports_test_names_store_entry_t p1 = entry("a", v1, 1), p2 = entry("a", v2, 1), p3 = entry("c", v9, 1);
        bad += check(&inst, names_call_store_method_bucket_put(&inst, bb, &p1), "put") != 0;
        bad += check(&inst, names_call_store_method_bucket_put(&inst, bb, &p2), "put") != 0;
        bad += check(&inst, names_call_store_method_bucket_put(&inst, bb, &p3), "put") != 0;
        const char *keys[] = {"a", "c", "z"};
        for (int i = 0; i < 3; i++) {
            key.ptr = (uint8_t *)(uintptr_t)keys[i];
            key.len = 1;
            if (check(&inst, names_call_store_method_bucket_get(&inst, bb, &key, &a), "get") == 0) {
                print_answer(keys[i], &a);
                exports_test_names_store_answer_free(&a);
            } else {
                bad++;
            }
        }
        bad += check(&inst, exports_test_names_store_bucket_drop(&inst, b), "drop") != 0;
    } else {
        bad++;
    }
    printf("destroyed after drop: %d\n", g_destroyed);
    names_string_t s;
    exports_test_names_api_entry_t te = entry("key", v123, 2); /* `use store.{entry}` in api */
    if (check(&inst, names_call_test_names_api_tag(&inst, &te, &s), "names tag") == 0) {
        printf("test:names/api#tag: %.*s\n", (int)s.len, (const char *)s.ptr);
        names_string_free(&s);
    } else {
        bad++;
    }
    exports_test_other_api_entry_t oe = {{(uint8_t *)(uintptr_t)"x", 1}, 21};
    if (check(&inst, names_call_test_other_api_tag(&inst, &oe, &s), "other tag") == 0) {
        printf("test:other/api#tag: %.*s\n", (int)s.len, (const char *)s.ptr);
        names_string_free(&s);
    } else {
        bad++;
    }
    names_instance_fini(&inst);
    return bad ? 1 : 0;
}
