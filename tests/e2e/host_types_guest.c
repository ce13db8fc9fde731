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
