/* Guest of tests/e2e/host_names.sh (world `names` of host_names.wit): a middleware. Its
 * exported `store` forwards to the imported one (the host's), converting between the two
 * copies' C types and marking keys it hands back with `g:`; its bucket wraps a host bucket.
 * `test:names/api#tag` answers itself; `test:other/api#tag` asks the imported one. */
#include <stdlib.h>
#include <string.h>

#include "names.h"

/* borrows e's memory for an import call */
static test_names_store_entry_t lend(const exports_test_names_store_entry_t *e)
{
    test_names_store_entry_t o;
    o.key.ptr = e->key.ptr;
    o.key.len = e->key.len;
    o.val.ptr = e->val.ptr;
    o.val.len = e->val.len;
    return o;
}

/* *o <- *in with `g:` before the key; in's value moves into o */
static void back(test_names_store_entry_t *in, exports_test_names_store_entry_t *o)
{
    o->key.len = in->key.len + 2;
    o->key.ptr = malloc(o->key.len + 1);
    memcpy(o->key.ptr, "g:", 2);
    memcpy(o->key.ptr + 2, in->key.ptr, in->key.len);
    o->val.ptr = in->val.ptr;
    o->val.len = in->val.len;
    in->val.ptr = NULL;
    in->val.len = 0;
}

/* *o <- *a (import copy), freeing a */
static void answer_back(test_names_store_answer_t *a, exports_test_names_store_answer_t *o)
{
    memset(o, 0, sizeof *o);
    o->tag = a->tag;
    if (a->tag == TEST_NAMES_STORE_ANSWER_ONE) {
        back(&a->val.one, &o->val.one);
    } else if (a->tag == TEST_NAMES_STORE_ANSWER_MANY) {
        size_t n = a->val.many.len;
        o->val.many.ptr = calloc(n ? n : 1, sizeof *o->val.many.ptr);
        o->val.many.len = n;
        for (size_t i = 0; i < n; i++)
            back(&a->val.many.ptr[i], &o->val.many.ptr[i]);
    }
    test_names_store_answer_free(a);
}

void exports_test_names_store_echo(exports_test_names_store_entry_t *e, exports_test_names_store_answer_t *ret)
{
    test_names_store_entry_t ie = lend(e);
    test_names_store_answer_t a;
    test_names_store_echo(&ie, &a);
    exports_test_names_store_entry_free(e);
    answer_back(&a, ret);
}

struct exports_test_names_store_bucket_t {
    test_names_store_own_bucket_t inner;
};

exports_test_names_store_own_bucket_t exports_test_names_store_constructor_bucket(names_string_t *name)
{
    exports_test_names_store_bucket_t *b = malloc(sizeof *b);
    b->inner = test_names_store_constructor_bucket(name);
    names_string_free(name);
    return exports_test_names_store_bucket_new(b);
}

void exports_test_names_store_bucket_destructor(exports_test_names_store_bucket_t *rep)
{
    test_names_store_bucket_drop_own(rep->inner);
    free(rep);
}

void exports_test_names_store_method_bucket_put(exports_test_names_store_borrow_bucket_t self,
                                                exports_test_names_store_entry_t *e)
{
    test_names_store_entry_t ie = lend(e);
    test_names_store_method_bucket_put(test_names_store_borrow_bucket(self->inner), &ie);
    exports_test_names_store_entry_free(e);
}

void exports_test_names_store_method_bucket_get(exports_test_names_store_borrow_bucket_t self,
                                                names_string_t *key, exports_test_names_store_answer_t *ret)
{
    test_names_store_answer_t a;
    test_names_store_method_bucket_get(test_names_store_borrow_bucket(self->inner), key, &a);
    names_string_free(key);
    answer_back(&a, ret);
}

void exports_test_names_api_tag(exports_test_names_api_entry_t *e, names_string_t *ret)
{
    char buf[64];
    size_t n = e->key.len < 32 ? e->key.len : 32;
    memcpy(buf, "names:", 6);
    memcpy(buf + 6, e->key.ptr, n);
    buf[6 + n] = '=';
    buf[7 + n] = (char)('0' + (char)(e->val.len % 10));
    names_string_dup_n(ret, buf, 8 + n);
    exports_test_names_store_entry_free(e);
}

void exports_test_other_api_tag(exports_test_other_api_entry_t *e, names_string_t *ret)
{
    test_other_api_entry_t ie;
    ie.key.ptr = e->key.ptr;
    ie.key.len = e->key.len;
    ie.n = e->n * 2;
    test_other_api_tag(&ie, ret);
    exports_test_other_api_entry_free(e);
}
