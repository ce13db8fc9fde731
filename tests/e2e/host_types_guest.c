/* Guest of tests/e2e/host_types.sh (world ht of host_types.wit, `witc bindgen c` bindings):
 * every export of `api` hands its arguments to the host's import of the same name in `env`
 * and returns what the host returned, so each value crosses the stubs four times; three
 * exports return invalid values on purpose. Uses no WASI (no adapter needed). */
#include "ht.h"

#include <stdlib.h>
#include <string.h>

void exports_test_hosttypes_api_bag_op(exports_test_hosttypes_api_bag_t *b,
                                       exports_test_hosttypes_api_bag_t *ret)
{
    test_hosttypes_env_bag_op(b, ret);
    test_hosttypes_types_bag_free(b);
}

bool exports_test_hosttypes_api_opt_op(ht_string_t *maybe_x, ht_string_t *ret)
{
    bool r = test_hosttypes_env_opt_op(maybe_x, ret);
    if (maybe_x)
        ht_string_free(maybe_x);
    return r;
}

bool exports_test_hosttypes_api_res_op(ht_result_u32_string_t *x, uint32_t *ret, ht_string_t *err)
{
    bool r = test_hosttypes_env_res_op(x, ret, err);
    ht_result_u32_string_free(x);
    return r;
}

bool exports_test_hosttypes_api_res_ok_op(ht_result_string_void_t *x, ht_string_t *ret)
{
    bool r = test_hosttypes_env_res_ok_op(x, ret);
    ht_result_string_void_free(x);
    return r;
}

bool exports_test_hosttypes_api_res_err_op(ht_result_void_s8_t *x, int8_t *err)
{
    return test_hosttypes_env_res_err_op(x, err);
}

bool exports_test_hosttypes_api_res_unit_op(ht_result_void_void_t *x)
{
    return test_hosttypes_env_res_unit_op(x);
}

void exports_test_hosttypes_api_tup_op(ht_tuple3_u8_string_f32_t *t, ht_tuple2_string_u8_t *ret)
{
    test_hosttypes_env_tup_op(t, ret);
    ht_tuple3_u8_string_f32_free(t);
}

void exports_test_hosttypes_api_num_op(exports_test_hosttypes_api_num_t *n,
                                       exports_test_hosttypes_api_num_t *ret)
{
    test_hosttypes_env_num_op(n, ret);
}

void exports_test_hosttypes_api_wrap_op(exports_test_hosttypes_api_wrap_t *w,
                                        exports_test_hosttypes_api_wrap_t *ret)
{
    test_hosttypes_env_wrap_op(w, ret);
}

void exports_test_hosttypes_api_chars_op(uint32_t c, ht_list_char32_t *l, ht_list_char32_t *ret)
{
    test_hosttypes_env_chars_op(c, l, ret);
    ht_list_char32_free(l);
}

exports_test_hosttypes_api_perms_t exports_test_hosttypes_api_perms_op(exports_test_hosttypes_api_perms_t p,
                                                                       exports_test_hosttypes_api_color_t c)
{
    return test_hosttypes_env_perms_op(p, c);
}

void exports_test_hosttypes_api_nested_op(ht_list_list_string_t *x, ht_list_list_string_t *ret)
{
    test_hosttypes_env_nested_op(x, ret);
    ht_list_list_string_free(x);
}

void exports_test_hosttypes_api_spill_op(uint8_t a, uint16_t b, uint32_t c, uint64_t d, int8_t e,
                                         int16_t f, int32_t g, int64_t h, float i, double j, bool k,
                                         uint32_t l, ht_string_t *m, exports_test_hosttypes_api_point_t *n,
                                         uint8_t *maybe_o, exports_test_hosttypes_api_point_t *ret)
{
    test_hosttypes_env_spill_op(a, b, c, d, e, f, g, h, i, j, k, l, m, n, maybe_o, ret);
    ht_string_free(m);
}

void exports_test_hosttypes_api_map_op(ht_map_string_u32_t *m, ht_array3_s16_t *a,
                                      ht_tuple2_map_u8_list_string_array2_string_t *ret)
{
    test_hosttypes_env_map_op(m, a, ret);
    ht_map_string_u32_free(m);
}

uint32_t exports_ht_run_tick(uint32_t n)
{
    return ht_tick(n) + 1;
}

/* a string whose pointer is outside linear memory */
void exports_test_hosttypes_api_bad_pointer(ht_string_t *ret)
{
    ret->ptr = (uint8_t *)(uintptr_t)0xfffffff0u;
    ret->len = 64;
}

/* some(a string that is not UTF-8) */
bool exports_test_hosttypes_api_bad_utf8(ht_string_t *ret)
{
    ret->ptr = malloc(3);
    memcpy(ret->ptr, "a\xff\xfe", 3);
    ret->len = 3;
    return true;
}

/* [label("abc"), path([(1, 2)]), <case 9>]: the host has lifted two shapes (with memory)
 * when it meets the bad discriminant, and must free them */
void exports_test_hosttypes_api_bad_disc(exports_test_hosttypes_api_list_shape_t *ret)
{
    ret->len = 3;
    ret->ptr = calloc(3, sizeof *ret->ptr);
    ret->ptr[0].tag = TEST_HOSTTYPES_TYPES_SHAPE_LABEL;
    ht_string_dup(&ret->ptr[0].val.label, "abc");
    ret->ptr[1].tag = TEST_HOSTTYPES_TYPES_SHAPE_PATH;
    ret->ptr[1].val.path.len = 1;
    ret->ptr[1].val.path.ptr = calloc(1, sizeof(test_hosttypes_types_point_t));
    ret->ptr[1].val.path.ptr[0].x = 1;
    ret->ptr[1].val.path.ptr[0].y = 2;
    ret->ptr[2].tag = 9;
}

/* ---- resources ---- */

/* a counter of the host's: constructor, methods, a static taking an own and a borrow, drops */
uint32_t exports_test_hosttypes_api_use_counter(uint32_t start)
{
    test_hosttypes_env_own_counter_t a = test_hosttypes_env_constructor_counter(start);
    test_hosttypes_env_own_counter_t b = test_hosttypes_env_constructor_counter(100);
    uint32_t r = test_hosttypes_env_method_counter_add(test_hosttypes_env_borrow_counter(a), 5);
    ht_string_t l;
    test_hosttypes_env_method_counter_label(test_hosttypes_env_borrow_counter(b), &l);
    r += (uint32_t)l.len * 1000;
    ht_string_free(&l);
    /* a moves to the host, b is lent */
    test_hosttypes_env_own_counter_t m =
        test_hosttypes_env_static_counter_merge(a, test_hosttypes_env_borrow_counter(b));
    r += test_hosttypes_env_method_counter_add(test_hosttypes_env_borrow_counter(m), 0) * 10000;
    test_hosttypes_env_counter_drop_own(b);
    test_hosttypes_env_counter_drop_own(m);
    return r;
}

/* a borrow of the host's counter in, a new own counter back out (some), or none for 0 */
bool exports_test_hosttypes_api_keep_counter(test_hosttypes_env_borrow_counter_t c, uint32_t start,
                                             test_hosttypes_env_own_counter_t *ret)
{
    uint32_t v = test_hosttypes_env_method_counter_add(c, 1);
    test_hosttypes_env_counter_drop_borrow(c);
    if (start == 0)
        return false;
    *ret = test_hosttypes_env_constructor_counter(start + v);
    return true;
}

struct exports_test_hosttypes_api_blob_t {
    char *data;
    size_t len;
};

static uint32_t g_blobs;

exports_test_hosttypes_api_own_blob_t exports_test_hosttypes_api_constructor_blob(ht_string_t *s)
{
    exports_test_hosttypes_api_blob_t *b = malloc(sizeof *b);
    b->data = (char *)s->ptr; /* the string is ours */
    b->len = s->len;
    g_blobs++;
    return exports_test_hosttypes_api_blob_new(b);
}

void exports_test_hosttypes_api_blob_destructor(exports_test_hosttypes_api_blob_t *rep)
{
    free(rep->data);
    free(rep);
    g_blobs--;
}

uint32_t exports_test_hosttypes_api_method_blob_size(exports_test_hosttypes_api_borrow_blob_t self)
{
    return (uint32_t)self->len;
}

void exports_test_hosttypes_api_method_blob_append(exports_test_hosttypes_api_borrow_blob_t self,
                                                   exports_test_hosttypes_api_borrow_blob_t other)
{
    char *d = malloc(self->len + other->len + 1);
    memcpy(d, self->data, self->len);
    memcpy(d + self->len, other->data, other->len);
    free(self->data);
    self->data = d;
    self->len += other->len;
}

void exports_test_hosttypes_api_method_blob_text(exports_test_hosttypes_api_borrow_blob_t self, ht_string_t *ret)
{
    ht_string_dup_n(ret, self->data, self->len);
}

void exports_test_hosttypes_api_static_blob_consume(exports_test_hosttypes_api_own_blob_t b, ht_string_t *ret)
{
    exports_test_hosttypes_api_blob_t *rep = exports_test_hosttypes_api_blob_rep(b);
    ht_string_dup_n(ret, rep->data, rep->len);
    exports_test_hosttypes_api_blob_drop_own(b);
}

uint32_t exports_test_hosttypes_api_static_blob_live(void)
{
    return g_blobs;
}

uint32_t exports_test_hosttypes_api_bad_import_arg(uint32_t which)
{
    ht_string_t s, r;
    switch (which) {
    case 0:
        s.ptr = (uint8_t *)(uintptr_t)0xfffffff0u;
        s.len = 64;
        return test_hosttypes_env_opt_op(&s, &r) ? 1 : 0;
    case 1: {
        /* [["ok", <invalid UTF-8>]]: the host has lifted "ok" when it meets the bad one */
        ht_string_t strs[2];
        ht_list_string_t inner = {strs, 2};
        ht_list_list_string_t outer = {&inner, 1}, ret;
        ht_string_set(&strs[0], "ok");
        strs[1].ptr = (uint8_t *)"\xc3\x28";
        strs[1].len = 2;
        test_hosttypes_env_nested_op(&outer, &ret);
        return (uint32_t)ret.len;
    }
    case 2: {
        test_hosttypes_env_num_t n, ret;
        n.tag = 7;
        n.val.i = 1;
        test_hosttypes_env_num_op(&n, &ret);
        return ret.tag;
    }
    default:
        ht_string_set(&s, "make-bad-utf8");
        return test_hosttypes_env_opt_op(&s, &r) ? 1 : 0;
    }
}
